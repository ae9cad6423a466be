from django import forms

from .anchoring import reanchor
from .models import Claim


class ClaimAdminForm(forms.ModelForm):
    """Curators give the quote; its offsets in the source are found, never typed."""

    class Meta:
        model = Claim
        fields = [
            "source",
            "framework",
            "criterion",
            "stance",
            "summary",
            "quote",
            "status",
            "needs_review",
        ]
        widgets = {"quote": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        source, quote = cleaned.get("source"), cleaned.get("quote")
        if source and quote:
            span = reanchor(source.body, quote, self.instance.quote_start or 0)
            if span is None:
                self.add_error("quote", "These words do not occur in the article's text.")
            else:
                self.instance.quote_start, self.instance.quote_end = span
                cleaned["needs_review"] = False
        return cleaned
