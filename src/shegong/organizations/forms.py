"""Forms for organisations; the service does the saving."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.common.forms import StyledFormMixin
from shegong.common.uploads import SpreadsheetUploadField
from shegong.geo.models import Division, DivisionLevel, subtree_q

from . import duties
from .models import (
    CheckItem,
    ExchangeRegion,
    Organization,
    PayDisclosure,
    PersonRole,
    RegistrationReview,
    ReviewState,
    RevocationState,
)
from .services import normalize_uscc


def division_choices_for(viewer):
    """Divisions an organisation may be registered in: the viewer's jurisdiction down to towns."""
    levels = [DivisionLevel.CITY, DivisionLevel.DISTRICT, DivisionLevel.TOWN]
    qs = Division.objects.filter(level__in=levels)
    if viewer.is_system_admin:
        return qs.filter(level__in=[DivisionLevel.CITY, DivisionLevel.DISTRICT])
    if viewer.division_id:
        return qs.filter(subtree_q("code", viewer.division_id))
    return qs.none()


class OrganizationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "uscc",
            "kind",
            "division",
            "address",
            "legal_representative",
            "phone",
            "registration_authority",
            "supervisory_unit",
            "registered_on",
            "public_interest",
        ]
        widgets = {"registered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = division_choices_for(viewer)
        self.fields["division"].label_from_instance = lambda d: f"{d.code} {d.name}"
        self.fields["uscc"].help_text = _("18 characters, e.g. 51370102MJD123456X.")

    def clean_uscc(self):
        # Raises a ValidationError keyed to the field; unwrap it for the form.
        from django.core.exceptions import ValidationError

        try:
            return normalize_uscc(self.cleaned_data.get("uscc", ""))
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["uscc"]) from None

    def validate_unique(self):
        """Uniqueness is the service's job (with its own message)."""


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegistrationReviewForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = RegistrationReview
        fields = [
            "proposed_name",
            "kind",
            "division",
            "business_scope",
            "founders",
            "proposed_leaders",
            "submitted_on",
        ]
        widgets = {
            "submitted_on": DATE_INPUT,
            "business_scope": forms.Textarea(attrs={"rows": 3}),
            "founders": forms.Textarea(attrs={"rows": 3}),
            "proposed_leaders": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = division_choices_for(viewer)


class RegistrationCheckForm(StyledFormMixin, forms.Form):
    item = forms.ChoiceField(label=_("checklist item"), choices=CheckItem.choices)
    passed = forms.TypedChoiceField(
        label=_("result"), choices=[("1", _("Passed")), ("0", _("Not passed"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}))
    checked_on = forms.DateField(label=_("checked on"), widget=DATE_INPUT)


class RegistrationDecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[(ReviewState.APPROVED, _("Approve")), (ReviewState.REJECTED, _("Reject"))],
    )
    reasons = forms.CharField(label=_("reasons for the decision"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=_("decided on"), widget=DATE_INPUT)


class InspectionDrawForm(StyledFormMixin, forms.Form):
    division = forms.ModelChoiceField(label=_("division"), queryset=Division.objects.none())
    sample_size = forms.IntegerField(label=_("sample size"), min_value=1, max_value=1000)
    drawn_on = forms.DateField(label=_("drawn on"), widget=DATE_INPUT)
    purpose = forms.CharField(label=_("purpose"), max_length=200, required=False)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = division_choices_for(viewer)


class PayDisclosureForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = PayDisclosure
        fields = ["year", "pay_policy", "paid_directors_total", "executives_total", "managers_total"]
        widgets = {"pay_policy": forms.Textarea(attrs={"rows": 4})}

    def _post_clean(self):
        """Leave model validation and uniqueness to the service."""

    def validate_unique(self):
        """The service updates an unpublished disclosure of the same year."""


class PersonForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=100)
    role = forms.ChoiceField(label=_("role"), choices=PersonRole.choices)
    since = forms.DateField(label=_("since"), required=False, widget=DATE_INPUT)
    until = forms.DateField(label=_("until"), required=False, widget=DATE_INPUT)


class SupervisionRecordForm(StyledFormMixin, forms.Form):
    """The kinds offered are those the viewer's department may record (SZ-10)."""

    kind = forms.ChoiceField(label=_("kind"))
    occurred_on = forms.DateField(label=_("date"), widget=DATE_INPUT)
    summary = forms.CharField(
        label=_("summary of the matter"),
        max_length=300,
        help_text=_("Penalties and discipline are published as written here: no personal data."),
    )
    reference = forms.CharField(label=_("document number"), max_length=100, required=False)
    region = forms.ChoiceField(
        label=_("region of the exchange"), choices=[("", "—"), *ExchangeRegion.choices], required=False
    )
    details = forms.CharField(label=_("details"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = duties.kinds_for(viewer)


class RevocationProposeForm(StyledFormMixin, forms.Form):
    reasons = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    proposed_on = forms.DateField(label=_("proposed on"), widget=DATE_INPUT)


class RevocationDecideForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[
            (RevocationState.REVOKED, _("Revoke the registration")),
            (RevocationState.WITHDRAWN, _("Withdraw")),
        ],
    )
    reasons = forms.CharField(label=_("reasons for the decision"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=_("decided on"), widget=DATE_INPUT)


class AsOfForm(StyledFormMixin, forms.Form):
    as_of = forms.DateField(label=_("as of"), widget=DATE_INPUT)


class ImportForm(StyledFormMixin, forms.Form):
    file = SpreadsheetUploadField(label=_("Workbook (.xlsx)"))
