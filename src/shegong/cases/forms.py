"""Forms for household files, cases and visits; the services do the saving."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.accounts.models import Role, User
from shegong.accounts.scoping import scope_queryset
from shegong.common.forms import StyledFormMixin
from shegong.common.locking import EditVersionFormMixin
from shegong.common.uploads import SpreadsheetUploadField
from shegong.geo.models import Division, DivisionLevel, subtree_q
from shegong.procurement.domains import ServiceDomain, ServiceType
from shegong.stations.models import Station

from .models import (
    CaseStep,
    FamilyStructure,
    Household,
    HouseholdCategory,
    LinkageParty,
    RecipientKind,
    Relation,
    SharedData,
)
from .services import reach_code


def _date():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


def village_choices_for(viewer):
    """Villages and communities inside the viewer's reach."""
    qs = Division.objects.filter(level=DivisionLevel.VILLAGE)
    if viewer.is_system_admin:
        return qs
    reach = reach_code(viewer)
    return qs.filter(subtree_q("code", reach)) if reach else qs.none()


def worker_choices_for(viewer):
    return scope_queryset(User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True), viewer=viewer)


class HouseholdForm(EditVersionFormMixin, StyledFormMixin, forms.Form):
    division = forms.ModelChoiceField(label=_("village or community"), queryset=Division.objects.none())
    address = forms.CharField(label=_("address"), max_length=300)
    categories = forms.MultipleChoiceField(
        label=_("categories"),
        choices=HouseholdCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    family_structure = forms.ChoiceField(
        label=_("family structure"), choices=[("", "---------"), *FamilyStructure.choices], required=False
    )
    material_needs = forms.CharField(label=_("material needs"), required=False, widget=_text(2))
    emotional_needs = forms.CharField(label=_("emotional needs"), required=False, widget=_text(2))
    social_needs = forms.CharField(label=_("social needs"), required=False, widget=_text(2))
    assigned_worker = forms.ModelChoiceField(
        label=_("assigned social worker"), queryset=User.objects.none(), required=False
    )
    station = forms.ModelChoiceField(label=_("station"), queryset=Station.objects.none(), required=False)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = village_choices_for(viewer).order_by("code")
        self.fields["division"].label_from_instance = lambda d: f"{d.code} {d.name}"
        self.fields["station"].queryset = scope_queryset(Station.objects.all(), viewer=viewer).order_by(
            "division"
        )
        if viewer.role == Role.SOCIAL_WORKER:
            del self.fields["assigned_worker"]  # a worker registers households for themselves
        else:
            self.fields["assigned_worker"].queryset = worker_choices_for(viewer).order_by("username")


class MemberForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "name"), max_length=50)
    relation = forms.ChoiceField(label=_("relation to the head"), choices=Relation.choices)
    id_number = forms.CharField(
        label=_("resident ID number"),
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    health_notes = forms.CharField(
        label=_("health"),
        required=False,
        widget=_text(2),
        help_text=_("Stored encrypted; shown only in the full file, whose every opening is logged."),
    )


class RevealForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for opening the full file"), max_length=500, widget=_text(2))


class ExportReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for the export"), max_length=500, widget=_text(2))


class RosterImportForm(StyledFormMixin, forms.Form):
    file = SpreadsheetUploadField()


class CaseForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=pgettext_lazy("case", "matter"), max_length=200)
    client = forms.ChoiceField(label=_("client"), required=False)
    identification = forms.CharField(
        label=_("how the client was identified"),
        widget=_text(3),
        help_text=_("Who found the household, when and why it needs help."),
    )
    service_type = forms.ChoiceField(label=_("service type"), choices=ServiceType.choices)
    domain = forms.ChoiceField(label=_("service domain"), choices=ServiceDomain.choices)

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in household.members.all()}
        self.fields["client"].choices = [("", _("The whole household"))] + [
            (pk, f"{m.name}（{m.get_relation_display()}）") for pk, m in self.members.items()
        ]

    def clean_client(self):
        return self.members.get(self.cleaned_data.get("client") or "")


class AdvanceForm(forms.Form):
    to_step = forms.ChoiceField(choices=CaseStep.choices)


class NeedsAssessmentForm(StyledFormMixin, forms.Form):
    material = forms.CharField(label=_("material needs"), required=False, widget=_text(2))
    emotional = forms.CharField(label=_("emotional needs"), required=False, widget=_text(2))
    social = forms.CharField(label=_("social needs"), required=False, widget=_text(2))
    summary = forms.CharField(label=_("assessment"), widget=_text(3))
    assessed_on = forms.DateField(label=_("assessed on"), widget=_date())


class PlanForm(StyledFormMixin, forms.Form):
    visit_frequency_days = forms.IntegerField(label=_("visit every (days)"), min_value=1, max_value=366)
    goals = forms.CharField(label=_("goals"), widget=_text(3))
    steps = forms.CharField(label=_("steps"), widget=_text(3))
    planned_on = forms.DateField(label=_("planned on"), widget=_date())


class ResourceForm(StyledFormMixin, forms.Form):
    resource = forms.CharField(label=_("resource"), max_length=200)
    provider = forms.CharField(label=_("provided by"), max_length=200, required=False)
    linked_on = forms.DateField(label=_("linked on"), widget=_date())


class InterventionForm(StyledFormMixin, forms.Form):
    method = forms.CharField(label=_("method"), max_length=200)
    notes = forms.CharField(label=_("notes"), required=False, widget=_text(3))
    held_on = forms.DateField(label=_("date"), widget=_date())


class FollowUpForm(StyledFormMixin, forms.Form):
    outcome = forms.CharField(label=pgettext_lazy("case", "outcome"), widget=_text(3))
    evaluated_on = forms.DateField(label=_("evaluated on"), widget=_date())


class VisitForm(StyledFormMixin, forms.Form):
    visited_on = forms.DateField(label=pgettext_lazy("home visit", "visited on"), widget=_date())
    notes = forms.CharField(
        label=_("notes"), required=False, widget=_text(3), help_text=_("Stored encrypted.")
    )


# The record form of each step, and the service that saves it.
RECORD_FORMS = {
    CaseStep.ASSESS: NeedsAssessmentForm,
    CaseStep.PLAN: PlanForm,
    CaseStep.COORDINATE: ResourceForm,
    CaseStep.INTERVENE: InterventionForm,
    CaseStep.FOLLOW_UP: FollowUpForm,
}


class ConsentForm(StyledFormMixin, forms.Form):
    member = forms.ChoiceField(label=_("client"))
    data = forms.MultipleChoiceField(
        label=_("data covered"), choices=SharedData.choices, widget=forms.CheckboxSelectMultiple
    )
    recipient = forms.CharField(
        label=_("for whom"),
        max_length=200,
        help_text=_("The department or organisation, exactly as the referral will name it."),
    )
    given_on = forms.DateField(label=_("given on"), widget=_date())
    valid_until = forms.DateField(label=_("valid until"), widget=_date())

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in household.members.all()}
        self.fields["member"].choices = [
            (pk, f"{m.name}（{m.get_relation_display()}）") for pk, m in self.members.items()
        ]

    def clean_member(self):
        return self.members[self.cleaned_data["member"]]


class ReferralForm(StyledFormMixin, forms.Form):
    recipient_kind = forms.ChoiceField(label=_("recipient type"), choices=RecipientKind.choices)
    recipient = forms.CharField(label=_("referred to"), max_length=200)
    need = forms.CharField(label=_("what is asked"), widget=_text(3))
    shared_data = forms.MultipleChoiceField(
        label=_("data shared"),
        choices=SharedData.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sharing any data needs the client's valid consent for this recipient."),
    )
    sent_on = forms.DateField(label=pgettext_lazy("referral", "sent on"), widget=_date())


class ReferralAnswerForm(StyledFormMixin, forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("answer"),
        choices=[("1", pgettext_lazy("referral", "Accepted")), ("0", pgettext_lazy("referral", "Rejected"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("reason for rejection"), required=False, widget=_text(2))
    answered_on = forms.DateField(label=pgettext_lazy("referral", "answered on"), widget=_date())


class ReferralCloseForm(StyledFormMixin, forms.Form):
    outcome = forms.CharField(label=pgettext_lazy("referral", "outcome"), widget=_text(3))
    closed_on = forms.DateField(label=pgettext_lazy("referral", "done on"), widget=_date())


# Service windows (HZ-13) and five-party linkage (HZ-16) ----------------------------------------------


class WalkInForm(StyledFormMixin, forms.Form):
    station = forms.ModelChoiceField(label=_("station"), queryset=Station.objects.none())
    received_on = forms.DateField(label=_("received on"), widget=_date())
    visitor = forms.CharField(label=_("visitor"), max_length=100)
    matter = forms.CharField(label=_("matter of the request"), widget=_text(3))
    household = forms.ModelChoiceField(
        label=_("household"),
        queryset=Household.objects.none(),
        required=False,
        help_text=_("Link the request to the household file it concerns, if there is one."),
    )

    def __init__(self, *args, viewer, **kwargs):
        from .selectors import household_choices

        super().__init__(*args, **kwargs)
        stations = Station.objects.select_related("division").order_by("division")
        if not viewer.is_system_admin:
            reach = reach_code(viewer)
            stations = stations.filter(subtree_q("division", reach)) if reach else stations.none()
        self.fields["station"].queryset = stations
        self.fields["household"].queryset = household_choices(viewer=viewer)
        self.fields["household"].label_from_instance = lambda h: f"{h.division.name} {h.address}"


class WalkInNotifyForm(StyledFormMixin, forms.Form):
    missing_items = forms.CharField(
        label=_("missing materials"),
        widget=_text(3),
        help_text=_("Everything that is missing, at once: the visitor is told only once."),
    )
    notified_on = forms.DateField(label=_("told what is missing on"), widget=_date())


class WalkInTransferForm(StyledFormMixin, forms.Form):
    transferred_to = forms.CharField(label=_("transferred to"), max_length=200)
    transferred_on = forms.DateField(label=_("transferred on"), widget=_date())


class WalkInCloseForm(StyledFormMixin, forms.Form):
    outcome = forms.CharField(label=pgettext_lazy("walk-in request", "outcome"), widget=_text(3))
    done_on = forms.DateField(label=_("handled on"), widget=_date())


class LinkageForm(StyledFormMixin, forms.Form):
    parties = forms.MultipleChoiceField(
        label=_("parties taking part"), choices=LinkageParty.choices, widget=forms.CheckboxSelectMultiple
    )
    participants = forms.CharField(label=_("who took part"), widget=_text(2))
    contribution = forms.CharField(label=_("what each brought"), widget=_text(3))
    held_on = forms.DateField(label=_("date"), widget=_date())


class NamedOfficersForm(StyledFormMixin, forms.Form):
    officers = forms.ModelMultipleChoiceField(
        label=_("officers named for a minor's file"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When a member is a minor, only the assigned worker and these officers see the file."),
    )

    def __init__(self, *args, household, **kwargs):
        from shegong.accounts.models import OFFICER_ROLES

        super().__init__(*args, **kwargs)
        code = household.division_id
        prefixes = [code[:n] for n in (2, 4, 6, 9, 12)]
        self.fields["officers"].queryset = User.objects.filter(
            role__in=OFFICER_ROLES, is_active=True, division_id__in=prefixes
        ).order_by("division_id", "username")
