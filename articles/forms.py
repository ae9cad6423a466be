from django import forms
from django.core.exceptions import ValidationError

from .anchoring import closest_passage, reanchor
from .models import Claim


class ClaimAdminForm(forms.ModelForm):
    """Curators give the quote; its offsets in the source are found, never typed."""

    anchored = False  # set by clean() once the quote has its place in the source

    class Meta:
        model = Claim
        fields = ["source", "framework", "criterion", "stance", "summary", "status", "quote"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "quote": "The article's exact words. Where they are in its text is found when the "
            "claim is saved; if they occur more than once, the place nearest the claim's current "
            "one is kept (quote more words to pick another)."
        }

    def clean_quote(self):
        # Browsers send a textarea's line breaks as CRLF; articles are stored with LF.
        return self.cleaned_data["quote"].replace("\r\n", "\n").replace("\r", "\n")

    def clean(self):
        cleaned = super().clean()
        source, quote = cleaned.get("source"), cleaned.get("quote")
        if not (source and quote):
            return cleaned
        claim = self.instance
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
