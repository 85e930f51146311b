"""Forms of the policy pages."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from shegong.common.forms import StyledFormMixin

from .models import FindingSeverity, FindingState


class AsOfForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class FindingFilterForm(StyledFormMixin, forms.Form):
    rule = forms.ChoiceField(label=_("Rule"), required=False)
    document = forms.ChoiceField(label=_("Policy document"), required=False)
    within = forms.CharField(label=_("Division code"), required=False, max_length=12)
    organization = forms.IntegerField(label=_("Organisation ID"), required=False, min_value=1)
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("All"))] + FindingSeverity.choices
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All"))] + FindingState.choices
    )

    def __init__(self, *args, rules=(), documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("All"))] + [(r, r) for r in rules]
        self.fields["document"].choices = [("", _("All"))] + list(documents)

    def clean_within(self):
        value = (self.cleaned_data.get("within") or "").strip()
        if value and (not value.isdigit() or len(value) not in (2, 4, 6, 9, 12)):
            raise forms.ValidationError(_("A division code has 2, 4, 6, 9 or 12 digits."))
        return value


class WaiveForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for waiver"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ScanForm(StyledFormMixin, forms.Form):
    rule = forms.ChoiceField(label=_("Rule"), required=False)

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("All rules"))] + [(r, r) for r in rules]


class WhatIfForm(StyledFormMixin, forms.Form):
    """One decimal field per numeric parameter, initialised with today's value."""

    on = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, parameters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parameter_fields = []
        for document, parameter, value in parameters:
            name = f"p__{document.slug}__{parameter.key}"
            self.fields[name] = forms.DecimalField(
                label=f"{parameter.description}（{parameter.unit}）",
                initial=value,
                required=False,
                max_digits=14,
                decimal_places=4,
            )
            self.parameter_fields.append((name, document, parameter, value))

    def changes(self) -> dict:
        """The parameters whose value the officer changed: {(document, key): new value}."""
        changed = {}
        for name, document, parameter, value in self.parameter_fields:
            new = self.cleaned_data.get(name)
            if new is not None and new != Decimal(str(value)):
                changed[(document.slug, parameter.key)] = new
        return changed
