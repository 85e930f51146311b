"""Forms of the practitioner registry; the services do the saving."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.accounts.scoping import scope_queryset
from shegong.common.forms import StyledFormMixin
from shegong.common.uploads import SpreadsheetUploadField
from shegong.organizations.forms import division_choices_for
from shegong.organizations.models import Organization
from shegong.procurement.domains import ServiceDomain

from .identity import normalize_id_number
from .models import (
    FILING_TRANSITIONS,
    AssessmentGrade,
    CertificateLevel,
    ComplaintOutcome,
    EducationLevel,
    FilingState,
    Rank,
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
    applied_on = forms.DateField(
        label=_("Applied on"),
        required=False,
        widget=DateInput(),
        help_text=_("When the application was received; leave empty for today."),
    )

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
    file = SpreadsheetUploadField(label=_("Workbook (.xlsx)"))


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


# Ranks and pay (SM-12, SZ-06, SM-06/09/10/11, HZ-06) ---------------------------------------------


class MonthField(forms.DateField):
    """A month as ``YYYY-MM`` (an <input type="month">), cleaned to its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM.")}

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class RankForm(StyledFormMixin, forms.Form):
    rank = forms.ChoiceField(label=_("Rank"), choices=Rank.choices)
    since = forms.DateField(label=_("Rank held since"), widget=DateInput())


class PayRecordForm(StyledFormMixin, forms.Form):
    month = MonthField(label=_("Month"))
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=None)
    rank = forms.ChoiceField(label=_("Rank"), choices=Rank.choices)
    domain = forms.ChoiceField(label=_("Service domain"), choices=ServiceDomain.choices)
    gross_pay = forms.DecimalField(
        label=_("Gross monthly pay (yuan)"), max_digits=9, decimal_places=2, min_value=Decimal("0.01")
    )

    def __init__(self, *args, viewer, practitioner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = organization_choices_for(viewer)
        self.fields["employer"].initial = practitioner.employer_id
        self.fields["rank"].initial = practitioner.rank


class InsuranceRecordForm(StyledFormMixin, forms.Form):
    month = MonthField(label=_("Month"))
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=None)
    pension = forms.BooleanField(label=_("Pension insurance"), required=False)
    medical = forms.BooleanField(label=_("Medical insurance"), required=False)
    unemployment = forms.BooleanField(label=_("Unemployment insurance"), required=False)
    work_injury = forms.BooleanField(label=_("Work-injury insurance"), required=False)
    housing_fund = forms.BooleanField(label=_("Housing provident fund"), required=False)
    paid_in_full = forms.BooleanField(label=_("Paid in full"), required=False, initial=True)
    paid_on_time = forms.BooleanField(label=_("Paid on time"), required=False, initial=True)

    def __init__(self, *args, viewer, practitioner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = organization_choices_for(viewer)
        self.fields["employer"].initial = practitioner.employer_id


class SubsidyForm(StyledFormMixin, forms.Form):
    month = MonthField(label=_("Month"))
    level = forms.ChoiceField(label=_("Certificate level"), choices=CertificateLevel.choices)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=8, decimal_places=2, min_value=0)
    title_subsidy_paid = forms.BooleanField(label=_("Community title subsidy also paid"), required=False)


class AwardForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Award"), max_length=200)
    awarded_on = forms.DateField(label=_("Awarded on"), widget=DateInput())
    awarded_by = forms.CharField(label=_("Awarded by"), max_length=200)
    note = forms.CharField(label=_("Remarks"), max_length=1000, required=False)


class ExamFeeForm(StyledFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("Certificate level"), choices=CertificateLevel.choices)
    passed_on = forms.DateField(label=_("Passed on"), widget=DateInput())
    fee = forms.DecimalField(label=_("Exam fee (yuan)"), max_digits=8, decimal_places=2, min_value=0)
    reimbursed_on = forms.DateField(label=_("Reimbursed on"), required=False, widget=DateInput())
    reimbursed_by = forms.ModelChoiceField(label=_("Reimbursed by"), queryset=None, required=False)
    reward = forms.DecimalField(
        label=_("Passing reward (yuan)"), max_digits=8, decimal_places=2, min_value=0, required=False
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reimbursed_by"].queryset = organization_choices_for(viewer)

    def clean_reward(self):
        return self.cleaned_data.get("reward") or Decimal("0")


class SalaryGuideForm(StyledFormMixin, forms.Form):
    """A new salary guide of a city; its cells start from the sample, the guide in force, or empty."""

    START_SAMPLE = "sample"
    START_COPY = "copy"
    START_EMPTY = "empty"

    division = forms.ModelChoiceField(label=_("City"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    effective_from = forms.DateField(label=_("In force from"), widget=DateInput())
    source = forms.CharField(label=_("Source"), max_length=500, required=False)
    start = forms.ChoiceField(
        label=_("Start from"),
        choices=[
            (START_COPY, _("A copy of the guide in force")),
            (START_SAMPLE, _("The sample values (示例数据)")),
            (START_EMPTY, _("An empty table")),
        ],
        initial=START_COPY,
    )

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = cities
        self.fields["division"].label_from_instance = lambda d: f"{d.code} {d.name}"


class SalaryGuideCellsForm(StyledFormMixin, forms.Form):
    """Every cell of a guide: one amount per rank × service domain (empty: no value)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    source = forms.CharField(label=_("Source"), max_length=500, required=False)

    def __init__(self, *args, guide, table, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].initial = guide.title
        self.fields["source"].initial = guide.source
        for rank, rank_label in Rank.choices:
            for domain, domain_label in ServiceDomain.choices:
                self.fields[self.cell(rank, domain)] = forms.DecimalField(
                    label=f"{rank_label} · {domain_label}",
                    required=False,
                    max_digits=9,
                    decimal_places=2,
                    min_value=0,
                    initial=table.get((rank, domain)),
                )

    @staticmethod
    def cell(rank: str, domain: str) -> str:
        return f"pay_{rank}__{domain}"

    def rows(self) -> dict:
        return {
            (rank, domain): self.cleaned_data.get(self.cell(rank, domain))
            for rank in Rank.values
            for domain in ServiceDomain.values
        }

    def grid(self):
        """Rows of bound fields for the template: (rank label, [field per domain])."""
        return [
            (label, [self[self.cell(rank, domain)] for domain in ServiceDomain.values])
            for rank, label in Rank.choices
        ]
