"""Forms for stations, service points and staff; the services do the saving."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shegong.accounts.scoping import scope_queryset
from shegong.common.forms import StyledFormMixin
from shegong.common.locking import EditVersionFormMixin
from shegong.common.uploads import IMAGE_EXTENSIONS, DocumentUploadField, SpreadsheetUploadField
from shegong.geo.models import Division, DivisionLevel, subtree_q
from shegong.organizations.models import Organization
from shegong.workforce.models import Practitioner

from .models import (
    Equipment,
    PilotLevel,
    PlanContent,
    RegulationKind,
    ServiceArea,
    ServicePoint,
    SignPlacement,
    Station,
    StationStaff,
    SubmissionKind,
    Supervisor,
)

STATION_LEVELS = [DivisionLevel.CITY, DivisionLevel.DISTRICT, DivisionLevel.TOWN]


def policy_cities() -> list[str]:
    """The cities whose policies the platform implements (from the policy library)."""
    from shegong.policy.library import load_library

    return sorted({document.jurisdiction for document in load_library().documents.values()})


def division_choices_for(viewer):
    """Divisions a station may be registered in: the viewer's jurisdiction down to towns."""
    qs = Division.objects.filter(level__in=STATION_LEVELS)
    if viewer.is_system_admin:
        reach = Q()
        for city in policy_cities():
            reach |= subtree_q("code", city)
        return qs.filter(reach)
    if viewer.division_id:
        return qs.filter(subtree_q("code", viewer.division_id))
    return qs.none()


def provider_choices_for(viewer):
    return scope_queryset(Organization.objects.all(), viewer=viewer).order_by("name")


class StationForm(EditVersionFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Station
        fields = [
            "name",
            "kind",
            "division",
            "address",
            "opening_hours",
            "services",
            "provider",
            "service_contract_signed_on",
            "opened_on",
        ]
        widgets = {
            "services": forms.Textarea(attrs={"rows": 3}),
            "service_contract_signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "opened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = division_choices_for(viewer).order_by("code")
        self.fields["division"].label_from_instance = lambda d: f"{d.code} {d.name}"
        self.fields["provider"].queryset = provider_choices_for(viewer)

    def _get_validation_exclusions(self):
        # One station per division and kind: the service checks it and names the existing station.
        exclude = super()._get_validation_exclusions()
        exclude.add("kind")
        return exclude


class ServicePointForm(StyledFormMixin, forms.ModelForm):
    equipment = forms.MultipleChoiceField(
        label=_("equipment"), choices=Equipment.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ServicePoint
        fields = ["name", "address", "villages", "equipment", "opened_on"]
        widgets = {
            "villages": forms.CheckboxSelectMultiple,
            "opened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["villages"].queryset = Division.objects.filter(
            parent_id=station.division_id, level=DivisionLevel.VILLAGE
        ).order_by("code")
        self.fields["villages"].help_text = _("About 3 neighbouring villages of the town.")


class StationStaffForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = StationStaff
        fields = [
            "practitioner",
            "name",
            "role",
            "service_point",
            "employer_kind",
            "employer",
            "contract_signed_on",
            "contract_years",
            "on_post_from",
            "left_on",
        ]
        widgets = {
            "contract_signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "on_post_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "left_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, station, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = scope_queryset(
            Practitioner.objects.filter(subtree_q("division", station.division_id[:6])), viewer=viewer
        ).order_by("name_pinyin")
        self.fields["practitioner"].label_from_instance = lambda p: str(p)
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Only for a person not in the practitioner registry.")
        self.fields["service_point"].queryset = ServicePoint.objects.filter(station=station)
        self.fields["employer"].queryset = provider_choices_for(viewer)


class SubmissionForm(StyledFormMixin, forms.Form):
    """File a plan or report; the district or the station depends on the type (the service checks)."""

    kind = forms.ChoiceField(label=_("Type"), choices=SubmissionKind.choices)
    division = forms.ModelChoiceField(
        label=_("District or county"),
        queryset=Division.objects.none(),
        required=False,
        help_text=_("For an annual plan, an implementation report or pay measures."),
    )
    station = forms.ModelChoiceField(
        label=_("Station"),
        queryset=Station.objects.none(),
        required=False,
        help_text=_("For a monthly brief, a mid-term or a final report."),
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_(
            "The year (2022), the month of a brief (2022-05), or the contract's signing month of a mid-term or final report."
        ),
    )
    submitted_on = forms.DateField(
        label=_("Submitted on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    file = DocumentUploadField(label=_("File"), required=False)
    contents = forms.MultipleChoiceField(
        label=_("Contents of the plan"),
        choices=PlanContent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("An annual plan covers all five (JN 四(一))."),
    )

    def __init__(self, *args, viewer, **kwargs):
        from .selectors import submission_districts, submission_stations

        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = submission_districts(viewer=viewer)
        self.fields["station"].queryset = submission_stations(viewer=viewer)


class SupervisorForm(StyledFormMixin, forms.Form):
    practitioner = forms.ModelChoiceField(label=_("Practitioner"), queryset=Practitioner.objects.none())
    division = forms.ModelChoiceField(label=_("District or county"), queryset=Division.objects.none())
    appointed_on = forms.DateField(
        label=_("Appointed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    full_time = forms.BooleanField(label=_("Full-time county staff"), required=False)

    def __init__(self, *args, viewer, **kwargs):
        from .selectors import supervision_districts

        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = scope_queryset(
            Practitioner.objects.all(), viewer=viewer
        ).order_by("name")
        self.fields["division"].queryset = supervision_districts(viewer=viewer)


class _SupervisionForm(StyledFormMixin, forms.Form):
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=Supervisor.objects.none())
    station = forms.ModelChoiceField(label=_("Station"), queryset=Station.objects.none())
    service_point = forms.ModelChoiceField(
        label=_("Service point"), queryset=ServicePoint.objects.none(), required=False
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = scope_queryset(
            Supervisor.objects.filter(left_on__isnull=True).select_related("practitioner"), viewer=viewer
        )
        stations = scope_queryset(Station.objects.filter(subtree_q("division", "4413")), viewer=viewer)
        self.fields["station"].queryset = stations
        self.fields["service_point"].queryset = ServicePoint.objects.filter(station__in=stations)


class AssignmentForm(_SupervisionForm):
    assigned_on = forms.DateField(
        label=_("Assigned on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class VisitForm(_SupervisionForm):
    visited_on = forms.DateField(
        label=_("Visited on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    hours = forms.DecimalField(label=_("Hours of the visit"), max_digits=4, decimal_places=1, min_value=0)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}))


class SampleForm(StyledFormMixin, forms.Form):
    division = forms.ModelChoiceField(label=_("Division"), queryset=Division.objects.none())
    size = forms.IntegerField(label=_("Sample size"), min_value=1, max_value=500)
    seed = forms.IntegerField(
        label=_("Seed"),
        required=False,
        min_value=0,
        help_text=_("Leave empty to draw a new random seed; enter a recorded seed to repeat a sample."),
    )

    def __init__(self, *args, viewer, **kwargs):
        from .selectors import supervision_districts

        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = supervision_districts(viewer=viewer)


class TrainingBaseForm(StyledFormMixin, forms.Form):
    division = forms.ModelChoiceField(label=_("County"), queryset=Division.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    host = forms.CharField(
        label=_("Host institution"),
        max_length=200,
        required=False,
        help_text=_("The school, college or centre the base relies on."),
    )
    designated_on = forms.DateField(
        label=_("Designated on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, viewer, **kwargs):
        from .selectors import designation_districts

        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = designation_districts(viewer=viewer)
        self.fields["division"].label_from_instance = lambda d: f"{d.code} {d.name}"


class PilotSiteForm(StyledFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=PilotLevel.choices)
    division = forms.ModelChoiceField(label=_("Division"), queryset=Division.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    designated_on = forms.DateField(
        label=_("Designated on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, viewer, **kwargs):
        from .selectors import designation_divisions

        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = designation_divisions(viewer=viewer)
        self.fields["division"].label_from_instance = lambda d: f"{d.code} {d.name}"


DATE_INPUT = {"type": "date"}


class RegulationForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=RegulationKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    adopted_on = forms.DateField(
        label=_("Adopted on"), widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")
    )
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    file = DocumentUploadField(label=_("File"), required=False)


class SignForm(StyledFormMixin, forms.Form):
    placement = forms.ChoiceField(label=_("Placement"), choices=SignPlacement.choices)
    wording = forms.CharField(
        label=_("Wording"),
        max_length=200,
        help_text=_("As printed on the sign: “XX district (county) XX street (town) social work station”."),
    )
    has_logo = forms.BooleanField(label=_("Shows the China social work logo"), required=False)
    put_up_on = forms.DateField(
        label=_("Put up on"), widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")
    )
    photo = DocumentUploadField(label=_("Photo"), required=False, extensions=IMAGE_EXTENSIONS)


class ServiceContentForm(StyledFormMixin, forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=ServiceArea.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    started_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"))
    ended_on = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")
    )


class StaffingBandForm(StyledFormMixin, forms.Form):
    division = forms.ModelChoiceField(label=_("City or district"), queryset=Division.objects.none())
    population_min = forms.IntegerField(label=_("Population from"), min_value=0)
    population_max = forms.IntegerField(
        label=_("Population up to"),
        min_value=0,
        required=False,
        help_text=_("Inclusive; leave empty for no upper limit."),
    )
    social_workers_min = forms.IntegerField(label=_("Social workers (at least)"), min_value=0, max_value=100)
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("The bureau's document that sets the table."),
    )

    def __init__(self, *args, viewer, **kwargs):
        from .selectors import staffing_divisions

        super().__init__(*args, **kwargs)
        self.fields["division"].queryset = staffing_divisions(viewer=viewer)
        self.fields["division"].label_from_instance = lambda d: f"{d.code} {d.name}"


class CommunityCentreForm(StyledFormMixin, forms.Form):
    division = forms.CharField(
        label=_("Community code"), max_length=12, help_text=_("The 12-digit code of the community.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    population = forms.IntegerField(label=_("Resident population"), min_value=0)
    social_workers = forms.IntegerField(label=_("Social workers on post"), min_value=0, max_value=500)
    reported_on = forms.DateField(
        label=_("Reported on"), widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")
    )

    def clean_division(self):
        code = self.cleaned_data["division"].strip()
        division = Division.objects.filter(code=code).first()
        if division is None:
            raise forms.ValidationError(_("No division has the code %(code)s.") % {"code": code})
        return division


class ImportForm(StyledFormMixin, forms.Form):
    file = SpreadsheetUploadField(label=_("Workbook (.xlsx)"))
