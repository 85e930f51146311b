"""Forms for organisations; the service does the saving."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shegong.common.forms import StyledFormMixin
from shegong.geo.models import Division, DivisionLevel, subtree_q

from .models import Organization
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
        fields = ["name", "uscc", "kind", "division", "address", "legal_representative", "phone"]

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
