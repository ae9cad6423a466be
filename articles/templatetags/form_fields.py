"""The comparison's filter and framework-picker forms, drawn from their bound fields in one tag
each. Django's form rendering runs a template per field and per option (a hundred includes
for the filters and picker of a seed comparison, about a quarter of its render); this builds
the same markup from the same BoundField data: django-filter and the form still parse and
validate, and every value and label is escaped. The markup is what Django's widgets write,
with each field's errors named by aria-describedby.
"""

from django import forms, template
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

from .evidence import escape

register = template.Library()


def _choices(field):
    """A field's menu, or None when it is drawn as a text box: the choices a view offered it
    when it has them (ComparisonFilter.offer_criteria), else its widget's."""
    offered = getattr(field.field, "offered_choices", None)
    if offered is not None:
        return offered
    widget = field.field.widget
    menu = getattr(widget, "menu", None)
    if menu is not None:
        return menu()
    if isinstance(widget, forms.Select):
        return field.field.choices
    return None


def _control(field, described_by):
    attributes = {"name": field.html_name}
    if described_by:
        attributes.update({"aria-invalid": "true", "aria-describedby": described_by})
    attributes["id"] = field.auto_id
    value = field.value()
    current = "" if value is None else str(value)
    choices = _choices(field)
    if choices is None:
        text = {"type": "text", **attributes, **getattr(field.field.widget, "TEXT_ATTRS", {})}
        if current:
            text["value"] = current
        return f"<input{flatatt(text)}>"
    options = []
    for option, label in choices:
        option = str(option)
        selected = " selected" if option == current else ""
        options.append(f'<option value="{escape(option)}"{selected}>{escape(label)}</option>')
    return f"<select{flatatt(attributes)}>{''.join(options)}</select>"


def _errors(field, errors_id):
    items = "".join(f"<li>{escape(error)}</li>" for error in field.errors)
    return f'<ul class="errorlist" id="{escape(errors_id)}">{items}</ul>'


@register.simple_tag
def filter_fields(form):
    """Each field of a filter form with its label, menu or text box, and errors."""
    parts = []
    for field in form:
        errors_id = f"{field.auto_id}-errors" if field.errors else ""
        parts.append(
            f'<div class="filter-field"><label for="{escape(field.id_for_label)}">'
            f"{escape(field.label)}</label>\n{_control(field, errors_id)}"
            f"{_errors(field, errors_id) if errors_id else ''}</div>\n"
        )
    return mark_safe("".join(parts))


@register.simple_tag
def checkbox_choices(field):
    """A multiple-choice field as a checkbox and label per choice, the chosen ones checked: its
    `offered_choices` when a view gave it those, else its own."""
    chosen = field.field.prepare_value(field.value() or [])
    chosen = {str(value) for value in chosen}
    parts = []
    choices = getattr(field.field, "offered_choices", None) or field.field.choices
    for index, (value, label) in enumerate(choices):
        value = str(value)
        checkbox_id = escape(f"{field.auto_id}_{index}")
        checked = " checked" if value in chosen else ""
        parts.append(
            f'<span class="choice"><input type="checkbox" name="{escape(field.html_name)}" '
            f'value="{escape(value)}" id="{checkbox_id}"{checked}> '
            f'<label for="{checkbox_id}">{escape(label)}</label></span> '
        )
    return mark_safe("".join(parts))
