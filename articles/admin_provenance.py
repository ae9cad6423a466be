"""What a source's admin page shows of where it came from: the fields curators hold against
reloads, the file's own metadata, and the action that hands held fields back to the file."""

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from . import curation
from .models import Source


def metadata_value(value):
    """A front-matter value as a curator reads it: lists joined, tables as key: value (keys
    sorted: PostgreSQL's jsonb keeps no order of its own)."""
    if isinstance(value, list):
        return ", ".join(metadata_value(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {metadata_value(value[key])}" for key in sorted(value, key=str))
    if value is None:
        return "—"
    return str(value)


def sources(count):
    return f"{count} source" if count == 1 else f"{count} sources"


class SourceProvenance:
    """Read-only displays and one action for SourceAdmin."""

    @admin.display(description="kept from reloads")
    def held_fields(self, source):
        if not source.curator_fields:
            return "None: a reload updates every field from the article's file."
        labels = [str(Source._meta.get_field(name).verbose_name) for name in source.curator_fields]
        return (
            f"{', '.join(labels)}: changed by a curator, so a reload keeps these and reports "
            "where the file differs."
        )

    @admin.display(description="other metadata from the file")
    def file_metadata(self, source):
        """The file's own keys without a field here (front matter), as a short table."""
        if not source.extra_metadata:
            return "None."
        rows = sorted(source.extra_metadata.items(), key=lambda item: str(item[0]).lower())
        return format_html(
            '<table class="file-metadata"><tbody>{}</tbody></table>',
            format_html_join(
                "",
                '<tr><th scope="row">{}</th><td>{}</td></tr>',
                ((key, metadata_value(value)) for key, value in rows),
            ),
        )

    @admin.action(description="Let reloads update the selected sources' fields again")
    def release_held_fields(self, request, queryset):
        released = curation.sources_release(sources=queryset, user=request.user)
        if released:
            self.message_user(
                request,
                f"{sources(len(released))}: the next reload updates every field "
                "from the article's file.",
            )
        else:
            self.message_user(request, "No selected source had fields kept.", messages.INFO)
