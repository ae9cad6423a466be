"""The filters a reader can put on a comparison; their state lives in the query string."""

import django_filters
from django import forms

from articles.models import Claim, Source
from criteria.models import Criterion, CriterionGroup


def publication_years():
    years = Source.objects.filter(published__isnull=False).dates("published", "year", order="DESC")
    return [(str(year.year), str(year.year)) for year in years]


SOURCE_MENU_LIMIT = 50


class SourceInput(forms.Widget):
    """A menu of the sources while there are few; past SOURCE_MENU_LIMIT a text box for a
    source's address name (/sources/<name>/). Decided when the form is drawn, so an export,
    which never draws it, runs no query for it."""

    TEXT_ATTRS = {"placeholder": "any source (its address name)", "spellcheck": "false"}

    def menu(self):
        """The menu's choices, or None when there are too many sources for one."""
        menu = list(
            Source.objects.order_by("title", "slug").values_list("slug", "title")[
                : SOURCE_MENU_LIMIT + 1
            ]
        )
        if len(menu) > SOURCE_MENU_LIMIT:
            return None
        return [("", "Any source"), *((slug, title or slug) for slug, title in menu)]

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.menu()
        if choices is None:
            widget = forms.TextInput(attrs=self.TEXT_ATTRS)
        else:
            widget = forms.Select(choices=choices)
        return widget.render(name, value, attrs, renderer)


class ComparisonFilter(django_filters.FilterSet):
    """An invalid value shows its form error and leaves the comparison unfiltered by it."""

    # A menu of the sources while there are few; past SOURCE_MENU_LIMIT a source is typed by its
    # address name (/sources/<name>/): a menu of every source was most of a comparison's weight
    # and render time at scale (2,000 sources, 269 KB of the page's 1 MB).
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.for_listing().order_by("title", "slug"),
        to_field_name="slug",
        label="Source",
        widget=SourceInput(),
    )
    stance = django_filters.ChoiceFilter(
        choices=Claim.Stance.choices, empty_label="Any stance", label="Stance"
    )
    group = django_filters.ChoiceFilter(
        field_name="criterion__group",
        choices=CriterionGroup.choices,
        empty_label="Any group",
        label="Criterion group",
    )
    # One criterion: its row shows every claim, where a cell otherwise shows only a few.
    criterion = django_filters.ModelChoiceFilter(
        queryset=Criterion.objects.in_display_order(),
        to_field_name="slug",
        empty_label="Any criterion",
        label="Criterion",
    )
    year = django_filters.ChoiceFilter(
        field_name="source__published__year",
        choices=publication_years,
        empty_label="Any year",
        label="Published in",
    )

    class Meta:
        model = Claim
        fields = []

    def offer_criteria(self, criteria):
        """Offer these criteria (every one, in display order, as the comparison has read them)
        in the criterion menu rather than reading them again (the form_fields tag draws a
        field's `offered_choices` when it has them); a chosen one is still looked up by the
        field's queryset."""
        if criteria:
            field = self.form.fields["criterion"]
            field.offered_choices = [
                ("", field.empty_label),
                *((criterion.slug, str(criterion)) for criterion in criteria),
            ]

    @property
    def active(self):
        """The filters applied: valid, non-empty values only."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {
            name: value
            for name, value in getattr(self.form, "cleaned_data", {}).items()
            if value not in (None, "")
        }


STANCE_PLURALS = {"strength": "strengths", "weakness": "weaknesses", "neutral": "neutral claims"}


def filters_described(active):
    """The filters applied but the criterion, in words for a page's title ("strengths, from
    <source>, published in 2023"): a filtered comparison is a page of its own."""
    words = []
    for name, value in active.items():
        if name == "stance":
            words.append(STANCE_PLURALS.get(value, value))
        elif name == "source":
            words.append(f"from {value.display_title}")
        elif name == "group":
            words.append(str(CriterionGroup(value).label).lower())
        elif name == "year":
            words.append(f"published in {value}")
    return ", ".join(words)
