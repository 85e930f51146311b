"""Forms of the practitioner registry; the services do the saving."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.accounts.scoping import scope_queryset
from shegong.common.forms import StyledFormMixin
from shegong.organizations.forms import division_choices_for
from shegong.organizations.models import Organization

from .identity import normalize_id_number
from .models import (
    FILING_TRANSITIONS,
    AssessmentGrade,
    CertificateLevel,
    ComplaintOutcome,
    EducationLevel,
    FilingState,
    Sanction,
    TrainingKind,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def organization_choices_for(viewer):
    return scope_queryset(Organization.objects.all(), viewer=viewer)


def _unwrap(exc: ValidationError, field: str):
    return forms.ValidationError(exc.message_dict.get(field, exc.messages))


class PractitionerApplyForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=18,
        help_text=_("18 characters; gender and birth date are read from it."),
    )
    division = forms.ModelChoiceField(label=_("Filed in"), queryset=None)
    employer = forms.ModelChoiceField(label=_("Current employer"), queryset=None, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    education_level = forms.ChoiceField(
        label=_("Education level"), required=False, choices=[("", "—")] + EducationLevel.choices
    )
    major = forms.CharField(label=_("Major"), max_length=100, required=False)
    major_is_social_work = forms.BooleanField(label=_("Social work or a related major"), required=False)
    community_worker = forms.BooleanField(label=_("Works in a community"), required=False)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = division_choices_for(viewer)
        self.fields["division"].label_from_instance = lambda d: f"{d.code} {d.name}"
        self.fields["employer"].queryset = organization_choices_for(viewer)

    def clean_id_number(self):
        try:
            return normalize_id_number(self.cleaned_data["id_number"], today=timezone.localdate())
        except ValidationError as exc:
            raise _unwrap(exc, "id_number") from None


class CertificateForm(StyledFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=CertificateLevel.choices)
    number = forms.CharField(label=_("Certificate number"), max_length=50)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())
    issuer = forms.CharField(label=_("Issued by"), max_length=100, required=False)


class TrainingRecordForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    hours = forms.DecimalField(label=_("Hours"), max_digits=6, decimal_places=1, min_value=0.5)
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)


class EmploymentForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    post = forms.CharField(label=_("Post"), max_length=100)
    is_professional_post = forms.BooleanField(
        label=_("Professional social-work post"), required=False, initial=True
    )
    contract_signed_on = forms.DateField(
        label=_("Purchase contract signed on"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for a post in a government-purchased project."),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organization_choices_for(viewer)


class TransitionForm(StyledFormMixin, forms.Form):
    to_state = forms.ChoiceField(label=_("New filing state"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to return, suspend or deregister."),
    )
    effective_on = forms.DateField(
        label=_("Effective on"), required=False, widget=DateInput(), help_text=_("Leave empty for today.")
    )

    def __init__(self, *args, practitioner, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = FILING_TRANSITIONS.get(practitioner.filing_state, ())
        self.fields["to_state"].choices = [(s, FilingState(s).label) for s in allowed]


class RevealForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for viewing the full ID number"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"))


def _textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class AssessmentForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=pgettext_lazy("assessment", "Year"), min_value=2000, max_value=2100)
    grade = forms.ChoiceField(label=pgettext_lazy("assessment", "Grade"), choices=AssessmentGrade.choices)
    served_unit = forms.CharField(
        label=_("Served unit"),
        max_length=200,
        help_text=_("The unit the practitioner serves, e.g. the town or street."),
    )
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False, widget=_textarea())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class AssessmentSignForm(StyledFormMixin, forms.Form):
    party = forms.ChoiceField(label=_("Sign for"))
    signed_on = forms.DateField(
        label=pgettext_lazy("assessment", "Signed on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for today."),
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = parties


class ComplaintForm(StyledFormMixin, forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    summary = forms.CharField(
        label=pgettext_lazy("complaint", "Summary"), max_length=2000, widget=_textarea(4)
    )
    time_limit_days = forms.IntegerField(
        label=_("Time limit (days)"),
        min_value=1,
        max_value=365,
        help_text=_("Days allowed to handle the complaint, counted from receipt."),
    )


class ComplaintStepForm(StyledFormMixin, forms.Form):
    taken_on = forms.DateField(label=_("Date"), widget=DateInput())
    description = forms.CharField(label=_("Step"), max_length=1000, widget=_textarea())


class ComplaintCloseForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in ComplaintOutcome.choices if c[0] != ComplaintOutcome.PENDING]
    )
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    outcome_note = forms.CharField(
        label=_("Outcome note"), max_length=2000, required=False, widget=_textarea()
    )


class ViolationForm(StyledFormMixin, forms.Form):
    found_on = forms.DateField(label=_("Found on"), widget=DateInput())
    description = forms.CharField(label=_("Description"), max_length=2000, widget=_textarea(4))
    complaint = forms.ModelChoiceField(label=_("From complaint"), queryset=None, required=False)

    def __init__(self, *args, practitioner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaint"].queryset = practitioner.complaints.all()


class DecisionForm(StyledFormMixin, forms.Form):
    sanction = forms.ChoiceField(
        label=_("Sanction"),
        choices=Sanction.choices,
        help_text=_("Suspension and deregistration change the filing state."),
    )
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, initial=0)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=_textarea())
    violation = forms.ModelChoiceField(label=_("Violation"), queryset=None, required=False)

    def __init__(self, *args, practitioner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["violation"].queryset = practitioner.violations.all()


class DisclosureForm(StyledFormMixin, forms.Form):
    published_on = forms.DateField(label=_("Published on"), widget=DateInput())
    public_text = forms.CharField(
        label=_("Public text"),
        max_length=2000,
        required=False,
        widget=_textarea(),
        help_text=_(
            "Leave empty for the name, the sanction and the date. Never an ID number or phone number."
        ),
    )
