from django import forms

from criteria.models import MAX_COMPARED, Framework


class CompareForm(forms.Form):
    frameworks = forms.ModelMultipleChoiceField(
        queryset=Framework.objects.order_by("name"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        label="Frameworks to compare",
        error_messages={"invalid_choice": "%(value)s is not a framework in the knowledge base."},
    )

    def __init__(self, *args, offered=None, **kwargs):
        """`offered`: every framework, in name order, already read by the page: the picker
        draws its checkboxes from them (the form_fields tag reads `offered_choices`) rather
        than reading them again; a submitted choice is still checked against the queryset."""
        super().__init__(*args, **kwargs)
        if offered is not None:
            field = self.fields["frameworks"]
            field.offered_choices = [
                (field.prepare_value(f), field.label_from_instance(f)) for f in offered
            ]

    def clean_frameworks(self):
        chosen = self.cleaned_data["frameworks"]
        if not 2 <= len(chosen) <= MAX_COMPARED:
            raise forms.ValidationError(f"Choose between 2 and {MAX_COMPARED} frameworks.")
        return chosen

    def chosen_slugs(self):
        """The slugs in the order the reader listed them in the query string."""
        picked = {framework.slug for framework in self.cleaned_data["frameworks"]}
        return [slug for slug in dict.fromkeys(self.data.getlist("frameworks")) if slug in picked]
