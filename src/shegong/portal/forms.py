"""The public complaint form: what the complaint is about, what happened, and the challenge."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shegong.common.forms import StyledFormMixin

from . import selectors
from .challenge import challenge_check
from .models import ComplaintSubject

STATION_REQUIRED = _("Choose the station.")
ORGANIZATION_REQUIRED = _("Choose the organisation.")
NAME_REQUIRED = _("Enter the social worker's name.")
PRACTITIONER_NOT_FOUND = _(
    "No filed social worker of this name is on post at the chosen station. Check the name and the station."
)
CHALLENGE_WRONG = _("The answer is wrong or the question has expired. Answer the new question.")
SUMMARY_REQUIRED = _("Describe what happened.")


class ComplaintForm(StyledFormMixin, forms.Form):
    """A complaint from the public; ``clean`` finds the practitioner and checks the challenge."""

    subject = forms.ChoiceField(
        label=_("The complaint is about"), choices=ComplaintSubject.choices, widget=forms.RadioSelect
    )
    station = forms.TypedChoiceField(
        label=_("Station"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("For a social worker: the station where they work."),
    )
    practitioner_name = forms.CharField(label=_("Social worker's name"), max_length=50, required=False)
    organization = forms.TypedChoiceField(
        label=_("Organisation"), coerce=int, required=False, empty_value=None
    )
    summary = forms.CharField(
        label=_("What happened"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": SUMMARY_REQUIRED},
        help_text=_(
            "When and where it happened and what you expect. Do not enter ID numbers or phone numbers."
        ),
    )
    answer = forms.IntegerField(
        label=_("Answer"), error_messages={"required": CHALLENGE_WRONG, "invalid": CHALLENGE_WRONG}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        empty = [("", _("— choose —"))]
        self.fields["station"].choices = empty + selectors.public_station_choices()
        self.fields["organization"].choices = empty + selectors.public_provider_choices()
        self.practitioner = None

    def ask(self, challenge) -> None:
        """Show ``challenge`` as the question of the answer field, with an empty answer."""
        self.fields["answer"].label = _("Question to prove you are a person: what is %(a)s plus %(b)s?") % {
            "a": challenge.a,
            "b": challenge.b,
        }
        if self.is_bound:
            self.data = self.data.copy()
            self.data["answer"] = ""

    def clean(self):
        data = super().clean()
        subject = data.get("subject")
        if subject in (ComplaintSubject.PRACTITIONER, ComplaintSubject.STATION) and not data.get("station"):
            self.add_error("station", STATION_REQUIRED)
        if subject == ComplaintSubject.ORGANIZATION and not data.get("organization"):
            self.add_error("organization", ORGANIZATION_REQUIRED)
        if subject == ComplaintSubject.PRACTITIONER:
            name = (data.get("practitioner_name") or "").strip()
            if not name:
                self.add_error("practitioner_name", NAME_REQUIRED)
            elif data.get("station"):
                self.practitioner = selectors.station_practitioner(station_id=data["station"], name=name)
                if self.practitioner is None:
                    self.add_error("practitioner_name", PRACTITIONER_NOT_FOUND)
        if "answer" in data and not challenge_check(self.data.get("challenge", ""), data["answer"]):
            self.add_error("answer", CHALLENGE_WRONG)
        return data


# Officers' complaint queue (SZ-16b) ---------------------------------------------------------------


class IntakeForm(StyledFormMixin, forms.Form):
    """A complaint about an organisation or a station received by telephone, letter or in person."""

    subject = forms.ChoiceField(
        label=_("The complaint is about"),
        choices=[
            (ComplaintSubject.STATION, ComplaintSubject.STATION.label),
            (ComplaintSubject.ORGANIZATION, ComplaintSubject.ORGANIZATION.label),
        ],
        widget=forms.RadioSelect,
    )
    station = forms.TypedChoiceField(label=_("Station"), coerce=int, required=False, empty_value=None)
    organization = forms.TypedChoiceField(
        label=_("Organisation"), coerce=int, required=False, empty_value=None
    )
    channel = forms.ChoiceField(label=_("Received through"), choices=[])
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(
        label=_("What happened"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": SUMMARY_REQUIRED},
    )

    def __init__(self, *args, stations, organizations, **kwargs):
        from .models import IntakeChannel

        super().__init__(*args, **kwargs)
        empty = [("", _("— choose —"))]
        self.fields["station"].choices = empty + stations
        self.fields["organization"].choices = empty + organizations
        self.fields["channel"].choices = [c for c in IntakeChannel.choices if c[0] != IntakeChannel.PORTAL]

    def clean(self):
        data = super().clean()
        if data.get("subject") == ComplaintSubject.STATION and not data.get("station"):
            self.add_error("station", STATION_REQUIRED)
        if data.get("subject") == ComplaintSubject.ORGANIZATION and not data.get("organization"):
            self.add_error("organization", ORGANIZATION_REQUIRED)
        return data


class StepForm(StyledFormMixin, forms.Form):
    taken_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("Step"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Outcome"), choices=[])
    closed_on = forms.DateField(label=_("Closed on"), widget=forms.DateInput(attrs={"type": "date"}))
    outcome_note = forms.CharField(
        label=_("Outcome note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        from .models import ComplaintStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            c for c in ComplaintStatus.choices if c[0] != ComplaintStatus.PENDING
        ]
