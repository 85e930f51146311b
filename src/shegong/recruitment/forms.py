"""Forms of recruitment and volunteers: they validate; the services write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.common.forms import StyledFormMixin
from shegong.procurement.domains import ServiceDomain
from shegong.workforce.identity import normalize_id_number
from shegong.workforce.models import Practitioner, Rank
from shegong.workforce.services import id_number_hash

from .models import ApplicationSource, ObjectionOutcome

PRACTITIONER_NOT_FOUND = _("No practitioner with this resident ID number is in the registry.")
PROJECT_OR_STATION = _("Choose either a purchased project or a station.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class PostingForm(StyledFormMixin, forms.Form):
    project = forms.TypedChoiceField(
        label=_("Purchased project"), coerce=int, required=False, empty_value=None
    )
    station = forms.TypedChoiceField(label=_("Station"), coerce=int, required=False, empty_value=None)
    title = forms.CharField(label=_("Post"), max_length=100)
    rank = forms.ChoiceField(label=_("Rank"), choices=Rank.choices)
    domain = forms.ChoiceField(label=_("Service domain"), choices=ServiceDomain.choices)
    openings = forms.IntegerField(label=_("Openings"), min_value=1, max_value=500, initial=1)
    requirements = forms.CharField(label=_("Requirements"), widget=_textarea(4))
    pay_min = forms.DecimalField(
        label=_("Monthly pay from (yuan)"), min_value=0, max_digits=9, decimal_places=2
    )
    pay_max = forms.DecimalField(
        label=_("Monthly pay up to (yuan)"), min_value=0, max_digits=9, decimal_places=2
    )
    opens_on = forms.DateField(label=_("Applications open on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Applications close on"), widget=DateInput())
    unified = forms.ChoiceField(
        label=_("Unified recruitment"),
        required=False,
        choices=[("", _("As the city requires (Huizhou: yes)")), ("1", _("Yes")), ("0", _("No"))],
        help_text=_(
            "Written exam, interview, medical examination and public notice before the hire (HZ-11)."
        ),
    )

    def __init__(self, *args, projects, stations, **kwargs):
        super().__init__(*args, **kwargs)
        empty = [("", _("— choose —"))]
        self.fields["project"].choices = empty + projects
        self.fields["station"].choices = empty + stations

    def clean(self):
        data = super().clean()
        if bool(data.get("project")) == bool(data.get("station")):
            raise ValidationError(PROJECT_OR_STATION)
        data["unified"] = {"1": True, "0": False}.get(data.get("unified") or "")
        return data


class PractitionerByIdForm(StyledFormMixin, forms.Form):
    """Find a practitioner of the registry by the resident ID number they present."""

    id_number = forms.CharField(label=_("Resident ID number"), max_length=18)

    def clean_id_number(self):
        try:
            number = normalize_id_number(self.cleaned_data["id_number"], today=timezone.localdate())
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        self.practitioner = Practitioner.objects.filter(id_number_hash=id_number_hash(number)).first()
        if self.practitioner is None:
            raise ValidationError(PRACTITIONER_NOT_FOUND)
        return number


class ApplicationForm(PractitionerByIdForm):
    applied_on = forms.DateField(label=_("Applied on"), widget=DateInput())
    source = forms.ChoiceField(label=_("Source"), choices=ApplicationSource.choices)


class AdvanceForm(StyledFormMixin, forms.Form):
    taken_on = forms.DateField(label=_("Date"), widget=DateInput())
    score = forms.DecimalField(
        label=_("Score of the stage left (0 to 100)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=1,
    )
    medical_passed = forms.TypedChoiceField(
        label=_("Medical examination"),
        required=False,
        coerce=lambda v: v == "1",
        empty_value=None,
        choices=[("", "—"), ("1", _("Passed")), ("0", _("Not passed"))],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DateNoteForm(StyledFormMixin, forms.Form):
    taken_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class HireForm(StyledFormMixin, forms.Form):
    hired_on = forms.DateField(label=_("Hired on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ObjectionForm(StyledFormMixin, forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    summary = forms.CharField(label=_("What the objection says"), max_length=2000, widget=_textarea())


class ObjectionDecisionForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in ObjectionOutcome.choices if c[0] != ObjectionOutcome.PENDING]
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    outcome_note = forms.CharField(label=_("Outcome note"), max_length=1000, required=False)


class TalentPoolForm(PractitionerByIdForm):
    summary = forms.CharField(
        label=_("Experience and skills"),
        max_length=1000,
        widget=_textarea(),
        help_text=_("Shown to officers and organisations. Do not enter ID numbers or phone numbers."),
    )
    domain = forms.ChoiceField(
        label=_("Preferred service domain"), choices=[("", "—"), *ServiceDomain.choices], required=False
    )
    rank = forms.ChoiceField(label=_("Rank sought"), choices=[("", "—"), *Rank.choices], required=False)
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())


class VolunteerForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    division = forms.ChoiceField(label=_("Division"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    skills = forms.CharField(label=_("Skills"), max_length=500, required=False)
    registered_on = forms.DateField(label=_("Registered on"), widget=DateInput())

    def __init__(self, *args, divisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = divisions


class PairingForm(PractitionerByIdForm):
    starts_on = forms.DateField(label=_("Paired from"), widget=DateInput())


class ActivityForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    division = forms.ChoiceField(label=_("Division"))
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    description = forms.CharField(label=_("Description"), max_length=1000, required=False, widget=_textarea())

    def __init__(self, *args, divisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["division"].choices = divisions


class ParticipationForm(StyledFormMixin, forms.Form):
    volunteer = forms.TypedChoiceField(label=_("Volunteer"), coerce=int)
    hours = forms.DecimalField(label=_("Service hours"), max_digits=5, decimal_places=1)

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].choices = volunteers


class CaseAssistanceForm(StyledFormMixin, forms.Form):
    volunteer = forms.TypedChoiceField(label=_("Volunteer"), coerce=int)
    assisted_on = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(label=_("Service hours"), max_digits=5, decimal_places=1)
    description = forms.CharField(label=_("What the volunteer did"), max_length=1000, widget=_textarea())

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].choices = volunteers
