"""Forms of the dashboards and reports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shegong.common.forms import StyledFormMixin


class AsOfForm(StyledFormMixin, forms.Form):
    """The day the dashboard's figures are computed for."""

    as_of = forms.DateField(label=_("Figures as of"), widget=forms.DateInput(attrs={"type": "date"}))
