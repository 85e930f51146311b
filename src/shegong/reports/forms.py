"""Forms of the dashboards and reports."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from shegong.common.forms import StyledFormMixin


class AsOfForm(StyledFormMixin, forms.Form):
    """The day the dashboard's figures are computed for."""

    as_of = forms.DateField(label=_("Figures as of"), widget=forms.DateInput(attrs={"type": "date"}))


# Export filters: the same parameters as the lists they export ------------------------------------

DIVISION_CODE = RegexValidator(
    r"^\d{2}(\d{2}){0,2}(\d{3}){0,2}$", _("Enter a division code of 2 to 12 digits.")
)


class ExportFilterForm(StyledFormMixin, forms.Form):
    """Filters common to every export: a search text and a division subtree."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    within = forms.CharField(label=_("Division"), required=False, max_length=12, validators=[DIVISION_CODE])

    def applied(self) -> list[tuple[str, str]]:
        """The filters applied, as (label, shown value) pairs for the top of the workbook."""
        from shegong.geo.models import Division

        shown = []
        for name, value in self.cleaned_data.items():
            if value in ("", None):
                continue
            field = self.fields[name]
            text = str(dict(getattr(field, "choices", []) or []).get(value, value))
            if name in ("within", "division"):
                text = Division.objects.filter(code=value).values_list("name", flat=True).first() or value
            shown.append((str(field.label), text))
        return shown


def _choices(enum) -> list[tuple[str, str]]:
    return [("", _("All")), *enum.choices]


class PractitionerExportForm(ExportFilterForm):
    def __init__(self, *args, **kwargs):
        from shegong.workforce.models import CertificateLevel, FilingState

        super().__init__(*args, **kwargs)
        self.fields["certificate_level"] = forms.ChoiceField(
            label=_("Certificate level"), required=False, choices=_choices(CertificateLevel)
        )
        self.fields["filing_state"] = forms.ChoiceField(
            label=_("Filing state"), required=False, choices=_choices(FilingState)
        )


class OrganizationExportForm(ExportFilterForm):
    def __init__(self, *args, **kwargs):
        from shegong.organizations.models import OrganizationKind

        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label=_("Type"), required=False, choices=_choices(OrganizationKind)
        )


class ProjectExportForm(ExportFilterForm):
    def __init__(self, *args, **kwargs):
        from shegong.procurement.domains import ServiceDomain

        super().__init__(*args, **kwargs)
        self.fields["domain"] = forms.ChoiceField(
            label=_("Service domain"), required=False, choices=_choices(ServiceDomain)
        )


class StationExportForm(ExportFilterForm):
    def __init__(self, *args, **kwargs):
        from shegong.stations.models import StationKind

        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label=_("Type"), required=False, choices=_choices(StationKind)
        )


class FindingExportForm(ExportFilterForm):
    def __init__(self, *args, **kwargs):
        from shegong.policy.models import FindingSeverity, FindingState

        super().__init__(*args, **kwargs)
        del self.fields["q"]
        self.fields["rule"] = forms.CharField(label=_("Rule"), required=False, max_length=20)
        self.fields["state"] = forms.ChoiceField(
            label=_("State"), required=False, choices=_choices(FindingState)
        )
        self.fields["severity"] = forms.ChoiceField(
            label=_("Severity"), required=False, choices=_choices(FindingSeverity)
        )


class HouseholdExportForm(ExportFilterForm):
    def __init__(self, *args, **kwargs):
        from shegong.cases.models import HouseholdCategory

        super().__init__(*args, **kwargs)
        self.fields["category"] = forms.ChoiceField(
            label=_("Category"), required=False, choices=_choices(HouseholdCategory)
        )


class DateText(forms.DateField):
    """A date filter kept as ISO text, so it travels in a background job's JSON parameters."""

    def clean(self, value):
        day = super().clean(value)
        return day.isoformat() if day else ""


def _without_common(form, *keep: str) -> None:
    """Drop the common ``q`` / ``within`` filters a list page does not offer."""
    for name in ("q", "within"):
        if name not in keep:
            del form.fields[name]


class WeedingExportForm(ExportFilterForm):
    """The weeding-out candidates' one parameter: the day they are judged on (SZ-15d)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_common(self)
        self.fields["as_of"] = DateText(
            label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )


class SupervisionRecordExportForm(ExportFilterForm):
    def __init__(self, *args, **kwargs):
        from shegong.organizations.models import SupervisionKind

        super().__init__(*args, **kwargs)
        _without_common(self)
        self.fields["kind"] = forms.ChoiceField(
            label=_("Kind"), required=False, choices=_choices(SupervisionKind)
        )


class StateExportForm(ExportFilterForm):
    """A list filtered by one state (postings, registration reviews)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_common(self)
        self.fields["state"] = forms.ChoiceField(
            label=_("State"), required=False, choices=_choices(self.state_choices())
        )

    def state_choices(self):
        raise NotImplementedError


class PostingExportForm(StateExportForm):
    def state_choices(self):
        from shegong.recruitment.models import PostingState

        return PostingState


class RegistrationReviewExportForm(StateExportForm):
    def state_choices(self):
        from shegong.organizations.models import ReviewState

        return ReviewState


class SearchExportForm(ExportFilterForm):
    """A list with a search box only (volunteers)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_common(self, "q")


class NoFilterExportForm(ExportFilterForm):
    """A list the page shows without filters: everything in the viewer's scope."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_common(self)


class ComplaintQueueExportForm(ExportFilterForm):
    def __init__(self, *args, **kwargs):
        from shegong.portal.models import ComplaintStatus

        super().__init__(*args, **kwargs)
        _without_common(self)
        self.fields["status"] = forms.ChoiceField(
            label=_("Outcome"), required=False, choices=_choices(ComplaintStatus)
        )
        self.fields["overdue"] = forms.ChoiceField(
            label=_("Overdue only"), required=False, choices=[("", _("All")), ("1", _("Yes"))]
        )


class DeadlineExportForm(ExportFilterForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_common(self)
        self.fields["year"] = forms.IntegerField(
            label=_("Year"), required=False, min_value=2000, max_value=2100
        )


class UserExportForm(ExportFilterForm):
    """The user list's filters: search, role and division subtree (its GET names)."""

    def __init__(self, *args, **kwargs):
        from shegong.accounts.models import Role

        super().__init__(*args, **kwargs)
        del self.fields["within"]
        self.fields["role"] = forms.ChoiceField(label=_("Role"), required=False, choices=_choices(Role))
        self.fields["division"] = forms.CharField(
            label=_("Division"), required=False, max_length=12, validators=[DIVISION_CODE]
        )


class ReferralExportForm(ExportFilterForm):
    """The referral list's one filter: the referral's status."""

    def __init__(self, *args, **kwargs):
        from django.utils.translation import pgettext_lazy

        from shegong.cases.models import ReferralStatus

        super().__init__(*args, **kwargs)
        _without_common(self)
        self.fields["status"] = forms.ChoiceField(
            label=pgettext_lazy("referral", "Status"), required=False, choices=_choices(ReferralStatus)
        )


class WalkInExportForm(ExportFilterForm):
    """The service window log's filter (HZ-13): all, being handled, or past the time limit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_common(self)
        self.fields["state"] = forms.ChoiceField(
            label=_("Status"),
            required=False,
            choices=[("", _("All")), ("open", _("Being handled")), ("overdue", _("Past the time limit"))],
        )


class PractitionerComplaintExportForm(ExportFilterForm):
    """The practitioner complaint queue's filter (SZ-09b); like the page, the open ones by default."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_common(self)
        self.fields["state"] = forms.ChoiceField(
            label=_("Status"),
            required=False,
            initial="open",
            choices=[
                ("open", _("Being handled")),
                ("overdue", _("Overdue")),
                ("closed", _("Closed")),
                ("all", _("All")),
            ],
        )

    def clean_state(self):
        return self.cleaned_data["state"] or "open"


class ReportPackageForm(StyledFormMixin, forms.Form):
    """A district of the officer's jurisdiction and a year: the report package to build (JN-15)."""

    division = forms.ChoiceField(label=_("District or county"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        from shegong.geo.models import Division, DivisionLevel, subtree_q

        super().__init__(*args, **kwargs)
        districts = Division.objects.filter(level=DivisionLevel.DISTRICT)
        if not user.is_system_admin:
            districts = districts.filter(subtree_q("code", user.division_id or "-"))
        self.fields["division"].choices = list(districts.order_by("code").values_list("code", "name")[:500])


CHOOSE_DIVISION = _("Choose Huizhou or one of its districts inside your jurisdiction.")


class HuizhouSummaryForm(StyledFormMixin, forms.Form):
    """Huizhou or one of its districts in the officer's jurisdiction, and a year (HZ-04)."""

    division = forms.CharField(label=_("Division"), max_length=12, validators=[DIVISION_CODE])
    year = forms.IntegerField(label=_("Year"), min_value=2021, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_division(self):
        from shegong.geo.models import Division, DivisionLevel

        code = self.cleaned_data["division"]
        inside = self.user.is_system_admin or code.startswith(self.user.division_id or "-")
        known = Division.objects.filter(
            code=code, level__in=[DivisionLevel.CITY, DivisionLevel.DISTRICT]
        ).exists()
        if not (code.startswith("4413") and inside and known):
            raise forms.ValidationError(CHOOSE_DIVISION)
        return code


class CityReportsForm(StyledFormMixin, forms.Form):
    """A year, and for an administrator a city: the whole city's reports to build (JN-15, every district)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        from shegong.geo.models import Division, DivisionLevel

        super().__init__(*args, **kwargs)
        if user.is_system_admin:
            cities = Division.objects.filter(level=DivisionLevel.CITY).order_by("code")
            self.fields["city"] = forms.ChoiceField(
                label=_("City"), choices=list(cities.values_list("code", "name")[:500])
            )
