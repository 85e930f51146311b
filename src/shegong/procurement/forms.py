"""Forms of purchased projects: they validate input; the services save and run the checks."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.accounts.models import Role, User
from shegong.common.forms import StyledFormMixin
from shegong.common.locking import EditVersionFormMixin
from shegong.common.uploads import SpreadsheetUploadField
from shegong.geo.models import Division, DivisionLevel, subtree_q
from shegong.organizations.models import Organization
from shegong.policy.library import load_library
from shegong.workforce.models import Rank

from .domains import ClientGroup, ServiceDomain, ServiceType
from .models import (
    CommitteeMember,
    Contract,
    ContractTerm,
    Evaluation,
    ItemKind,
    MemberKind,
    PerformanceReview,
    Project,
    ProjectBudget,
    VoteChoice,
)
from .rules import SHENZHEN

PURCHASER_LEVELS = [DivisionLevel.CITY, DivisionLevel.DISTRICT, DivisionLevel.TOWN]


def purchaser_division_choices(viewer):
    """Divisions that may buy, within the viewer's jurisdiction: cities, districts and streets."""
    qs = Division.objects.filter(level__in=PURCHASER_LEVELS)
    if viewer.is_system_admin:
        return qs.filter(level__in=[DivisionLevel.CITY, DivisionLevel.DISTRICT])
    if viewer.division_id:
        return qs.filter(subtree_q("code", viewer.division_id))
    return qs.none()


def provider_choices(viewer):
    """Organisations that may provide: those registered in the viewer's city."""
    qs = Organization.objects.order_by("name")
    if viewer.is_system_admin:
        return qs
    if viewer.division_id:
        return qs.filter(subtree_q("division", viewer.division_id[:4]))
    return qs.none()


def _division_label(division) -> str:
    return f"{division.code} {division.name}"


class ServiceModelForm(StyledFormMixin, forms.ModelForm):
    """A model form that leaves model validation to the service, which names the field in its errors."""

    def _post_clean(self):
        """Skip the instance's own validation: the service runs it on save."""

    def validate_unique(self):
        """Uniqueness is the service's job."""


class ProjectForm(EditVersionFormMixin, ServiceModelForm):
    service_types = forms.MultipleChoiceField(
        label=_("service types"),
        choices=ServiceType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    client_groups = forms.MultipleChoiceField(
        label=_("client groups"),
        choices=ClientGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Project
        fields = [
            "name",
            "programme",
            "purchaser_division",
            "purchaser_kind",
            "purchaser_name",
            "provider",
            "domain",
            "service_types",
            "client_groups",
            "needs_survey_summary",
            "headcount",
            "professional_posts",
            "post_ranks",
            "service_standards",
            "performance_indicators",
            "starts_on",
            "ends_on",
            "contract_signed_on",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "contract_signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "needs_survey_summary": forms.Textarea(attrs={"rows": 3}),
            "post_ranks": forms.Textarea(attrs={"rows": 2}),
            "service_standards": forms.Textarea(attrs={"rows": 3}),
            "performance_indicators": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purchaser_division"].queryset = purchaser_division_choices(viewer)
        self.fields["purchaser_division"].label_from_instance = _division_label
        self.fields["provider"].queryset = provider_choices(viewer)


class BudgetForm(ServiceModelForm):
    class Meta:
        model = ProjectBudget
        fields = [
            "year",
            "labour_cost",
            "supervision_cost",
            "activity_cost",
            "management_cost",
            "insurance_tax_cost",
            "training_cost",
            "person_years",
            "supervised_worker_months",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The amounts' own validators (no negative amounts) run in the form too, beside the field.
        for name in (*self.Meta.fields[1:-1],):
            self.fields[name].validators.extend(ProjectBudget._meta.get_field(name).validators)


class ContractForm(ServiceModelForm):
    terms = forms.MultipleChoiceField(
        label=_("terms stated"),
        choices=ContractTerm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Contract
        fields = ["number", "signed_on", "starts_on", "ends_on", "terms", "subcontracting_allowed"]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class EvaluationForm(ServiceModelForm):
    class Meta:
        model = Evaluation
        fields = ["kind", "period", "evaluated_on", "grade", "score", "evaluator"]
        widgets = {"evaluated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def calculator_default_date() -> datetime.date:
    """Today, or the last day the Shenzhen measures were in force if they have lapsed."""
    today = timezone.localdate()
    until = load_library().document(SHENZHEN).valid_until
    return min(today, until) if until else today


class BudgetCalculatorForm(StyledFormMixin, forms.Form):
    posts = forms.IntegerField(label=_("posts"), min_value=1, max_value=10000)
    professional_posts = forms.IntegerField(
        label=_("professional social-work posts"), min_value=0, max_value=10000
    )
    domain = forms.ChoiceField(label=_("service domain"), choices=ServiceDomain.choices)
    division = forms.ModelChoiceField(label=_("purchaser's division"), queryset=Division.objects.none())
    on = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    months = forms.IntegerField(label=_("months"), min_value=1, max_value=12, initial=12)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Posts by rank (optional): labour is then costed from the salary guide too (SZ-06a).
        for value, label in Rank.choices:
            self.fields[f"rank_{value}"] = forms.IntegerField(
                label=_("posts at rank %(rank)s") % {"rank": label},
                min_value=0,
                max_value=10000,
                required=False,
            )
        jurisdiction = load_library().document(SHENZHEN).jurisdiction
        self.fields["division"].queryset = Division.objects.filter(
            subtree_q("code", jurisdiction), level__in=PURCHASER_LEVELS
        ).order_by("code")
        self.fields["division"].label_from_instance = _division_label
        self.fields["on"].initial = calculator_default_date()


DATE_INPUT = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class LibraryForm(StyledFormMixin, forms.Form):
    division = forms.ModelChoiceField(label=_("division"), queryset=Division.objects.none())
    name = forms.CharField(label=_("library name"), max_length=200)
    committee_name = forms.CharField(label=_("review committee name"), max_length=200)
    established_on = forms.DateField(label=_("committee established on"), **DATE_INPUT)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = purchaser_division_choices(viewer).filter(
            level__in=[DivisionLevel.CITY, DivisionLevel.DISTRICT]
        )
        self.fields["division"].label_from_instance = _division_label


class CommitteeMemberForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=100)
    kind = forms.ChoiceField(label=_("kind"), choices=MemberKind.choices)
    affiliation = forms.CharField(label=_("affiliation"), max_length=200, required=False)
    user = forms.ModelChoiceField(
        label=_("platform account"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Leave empty for an expert without an account."),
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("linked organisations"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The member is recused from every project these organisations provide."),
    )

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        city = library.division_id[:4]
        self.fields["user"].queryset = User.objects.filter(
            subtree_q("division", city), role=Role.REVIEW_COMMITTEE
        ).order_by("username")
        self.fields["organizations"].queryset = Organization.objects.filter(
            subtree_q("division", city)
        ).order_by("name")


class MeetingForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label=_("held on"), **DATE_INPUT)
    minutes = forms.CharField(label=_("minutes"), widget=forms.Textarea(attrs={"rows": 6}), required=False)


class LibraryProjectForm(StyledFormMixin, forms.Form):
    """Choose a project of the library's city or district (filing, or an item of a meeting)."""

    project = forms.ModelChoiceField(label=_("project"), queryset=Project.objects.none())

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class FilingForm(LibraryProjectForm):
    filed_on = forms.DateField(label=_("filed on"), **DATE_INPUT)


class MeetingItemForm(LibraryProjectForm):
    kind = forms.ChoiceField(label=_("matter"), choices=ItemKind.choices)


class VoteForm(StyledFormMixin, forms.Form):
    member = forms.ModelChoiceField(label=_("member"), queryset=CommitteeMember.objects.none())
    choice = forms.ChoiceField(label=_("vote"), choices=VoteChoice.choices)

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = CommitteeMember.objects.filter(committee=committee)


class DecideForm(StyledFormMixin, forms.Form):
    reasons = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


def rank_counts(data: dict) -> dict[str, int]:
    """The calculator form's posts by rank (empty when none was entered)."""
    return {value: data.get(f"rank_{value}") or 0 for value in Rank.values if data.get(f"rank_{value}")}


class PerformanceReviewForm(ServiceModelForm):
    class Meta:
        model = PerformanceReview
        fields = ["year", "reviewed_on", "grade", "score", "findings", "reviewer"]
        widgets = {
            "reviewed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "findings": forms.Textarea(attrs={"rows": 3}),
        }


class RenewalRewardForm(StyledFormMixin, forms.Form):
    """A renewal reward earned by one excellent result of the project (SZ-13e)."""

    result = forms.ChoiceField(label=_("excellent result"))
    granted_on = forms.DateField(label=_("granted on"), **DATE_INPUT)
    note = forms.CharField(
        label=_("note on the reward"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (f"evaluation:{e.pk}", f"{e.get_kind_display()} {e.period}: {e.get_grade_display()}")
            for e in project.evaluations.all()
        ] + [
            (
                f"review:{r.pk}",
                _("Contract evaluation %(year)s: %(grade)s")
                % {"year": r.year, "grade": r.get_grade_display()},
            )
            for r in project.performance_reviews.all()
        ]
        self.fields["result"].choices = choices
        self.project = project

    def clean(self):
        data = super().clean()
        kind, _sep, pk = (data.get("result") or "").partition(":")
        data["evaluation"] = self.project.evaluations.filter(pk=pk).first() if kind == "evaluation" else None
        data["review"] = self.project.performance_reviews.filter(pk=pk).first() if kind == "review" else None
        return data


class PostsForm(StyledFormMixin, forms.Form):
    """The project's posts: a count per rank, professional and other (SZ-13a)."""

    def __init__(self, *args, posts=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {(p.rank, p.professional): p.count for p in posts}
        for value, label in Rank.choices:
            for professional in (True, False):
                name = f"{value}_{'pro' if professional else 'other'}"
                self.fields[name] = forms.IntegerField(
                    label=(
                        _("%(rank)s: professional social-work posts")
                        if professional
                        else _("%(rank)s: other posts")
                    )
                    % {"rank": label},
                    min_value=0,
                    max_value=10000,
                    required=False,
                    initial=current.get((value, professional)),
                )

    def posts(self) -> list[dict]:
        rows = []
        for value in Rank.values:
            for professional in (True, False):
                count = self.cleaned_data.get(f"{value}_{'pro' if professional else 'other'}")
                if count:
                    rows.append({"rank": value, "count": count, "professional": professional})
        return rows


class ImportForm(StyledFormMixin, forms.Form):
    file = SpreadsheetUploadField(label=_("Workbook (.xlsx)"))
