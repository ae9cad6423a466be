from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import transaction

from .anchoring import closest_passage, reanchor
from .models import Claim, Source


def normalise_line_endings(text):
    """CRLF and lone CR as LF: how articles are stored, whatever a browser sends."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# The largest id a row can have (a 64-bit key, BigAutoField's, on both databases).
MAX_ROW_ID = 2**63 - 1


def is_row_id(value):
    """Whether VALUE, as a form or a query string gives it, can be a row's id: digits only, within
    the database's integers (SQLite raises OverflowError past them where PostgreSQL finds none),
    their length checked first (int() refuses to read past 4,300 digits)."""
    text = str(value)
    return (
        text.isascii()
        and text.isdigit()
        and len(text) <= len(str(MAX_ROW_ID))
        and int(text) <= MAX_ROW_ID
    )


class RowAutocomplete(AutocompleteSelect):
    """The admin's autocomplete menu of a foreign key, which shows a refused form again with the
    row it names: Django looks the submitted value up as it is, so a value no id could be ("abc",
    a number past 64 bits) turned the form's error into a 500."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if is_row_id(item)], attr)


class TextWithLineEndings(forms.CharField):
    """A textarea's text with its line endings normalised as it is read, so a browser's CRLF
    neither counts as a change (`changed_data`) nor reaches the database."""

    widget = forms.Textarea

    def __init__(self, *, strip=False, **kwargs):
        # An article's text is kept as written: no whitespace trimmed from its ends either.
        super().__init__(strip=strip, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_line_endings(value) if isinstance(value, str) else value


class SourceAdminForm(forms.ModelForm):
    """A source's texts as the admin edits them: line endings as stored, so saving the form
    after changing only the title leaves the body, and every claim anchored in it, alone."""

    class Meta:
        model = Source
        fields = ["body"]  # the admin names the rest (its fieldsets)
        field_classes = {"body": TextWithLineEndings}


class ClaimAdminForm(forms.ModelForm):
    """Curators give the quote; its offsets in the source are found, never typed.

    The offsets are found in the source row as locked for this save (the admin saves inside one
    transaction), so a reload that changes the text at the same moment is either waited for, and
    the quote found in its new text, or waits for this save: never offsets from the old text
    written over the new.
    """

    anchored = False  # set by clean() once the quote has its place in the source

    quote = TextWithLineEndings(
        strip=True,
        label="Quote",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The article's exact words. Where they are in its text is found when the "
        "claim is saved; if they occur more than once, the place nearest the claim's current "
        "one is kept (quote more words to pick another).",
    )

    class Meta:
        model = Claim
        fields = ["source", "framework", "criterion", "stance", "summary", "status", "quote"]

    def clean(self):
        cleaned = super().clean()
        source, quote = cleaned.get("source"), cleaned.get("quote")
        if not (source and quote):
            return cleaned
        # The text as it is now, locked until this save commits (a loader holding it is waited
        # for): the text the source field read a moment ago may already be gone.
        if transaction.get_connection().in_atomic_block:
            source = cleaned["source"] = Source.objects.select_for_update().get(pk=source.pk)
        claim = self.instance
        if claim.source_id == source.pk:
            claim.source = source  # the model's own anchor check reads this text too
        near = claim.quote_start if claim.pk and source.pk == claim.source_id else 0
        span = reanchor(source.body, quote, near)
        if span is None:
            if not self.rejects_flagged_claim_as_is(cleaned):
                self.add_error("quote", quote_not_found(source, quote, flagged=claim.needs_review))
            return cleaned
        claim.quote_start, claim.quote_end = span
        claim.needs_review = False
        self.anchored = True
        duplicate = (
            Claim.objects.filter(
                source=source,
                framework=cleaned.get("framework"),
                criterion=cleaned.get("criterion"),
                quote_start=span[0],
                quote_end=span[1],
            )
            .exclude(pk=claim.pk)
            .first()
        )
        if duplicate:
            raise ValidationError(
                "Claim %(pk)s already says this about the same framework and criterion, "
                "from the same passage.",
                code="duplicate_claim",
                params={"pk": duplicate.pk},
            )
        return cleaned

    def _post_clean(self):
        if self.anchored:
            super()._post_clean()
            return
        # The quote could not be placed, and clean() said why: the model's anchor check has no
        # offsets to check, so it is held off as it is for a claim flagged for review.
        flagged, self.instance.needs_review = self.instance.needs_review, True
        try:
            super()._post_clean()
        finally:
            self.instance.needs_review = flagged

    def rejects_flagged_claim_as_is(self, cleaned):
        """A flagged claim may be rejected without finding its lost quote first."""
        return (
            self.instance.needs_review
            and cleaned.get("status") == Claim.Status.REJECTED
            and not {"quote", "source"}.intersection(self.changed_data)
        )


def quote_not_found(source, quote, *, flagged=False):
    passage = closest_passage(source.body, quote)
    message = "These words do not occur in “%(title)s”."
    if passage:
        message += " The closest passage that does is: “%(passage)s”"
    else:
        message += " Nothing in its text comes close."
    if flagged:
        message += " (To reject the claim without finding its quote, set its status to Rejected.)"
    return ValidationError(
        message,
        code="quote_not_in_source",
        params={"title": source.display_title, "passage": passage},
    )
