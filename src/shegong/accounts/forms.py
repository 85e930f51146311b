"""Forms for signing in, passwords, accounts and the audit-log filter; services do the saving."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from shegong.common.models import AuditEntry
from shegong.geo.models import Division

from .backends import is_refused_demo_account
from .models import ADMIN_ROLES, Role, User
from .scoping import scope_queryset
from .services import PASSWORD_MISMATCH

INVALID_LOGIN = _("The username or password is not correct. Both are case-sensitive.")
INACTIVE_ACCOUNT = _("This account has been deactivated.")
DEMO_ACCOUNT_REFUSED = _("Demo accounts can sign in only in the development environment.")
DIVISION_NOT_FOUND = _("There is no division with the code %(code)s.")


class BootstrapMixin:
    """Give widgets Bootstrap classes and mark fields with errors, so messages sit beside them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"


class LoginForm(BootstrapMixin, AuthenticationForm):
    error_messages = {"invalid_login": INVALID_LOGIN, "inactive": INACTIVE_ACCOUNT}

    def get_invalid_login_error(self):
        if is_refused_demo_account(self.cleaned_data.get("username") or ""):
            return forms.ValidationError(DEMO_ACCOUNT_REFUSED, code="demo_account")
        return super().get_invalid_login_error()


class OwnPasswordChangeForm(BootstrapMixin, PasswordChangeForm):
    """Django's form (old password, new twice, the validators); the view saves through the service."""


class DivisionCodeField(forms.CharField):
    """A division entered by its statistical code (the tree is too large for a drop-down)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("help_text", _("The statistical code, e.g. 370102 for Lixia district."))
        super().__init__(**kwargs)

    def clean(self, value):
        code = super().clean(value).strip()
        if not code:
            return None
        division = Division.objects.filter(pk=code).first()
        if division is None:
            raise forms.ValidationError(DIVISION_NOT_FOUND % {"code": code}, code="division_not_found")
        return division


def role_choices_for(viewer) -> list[tuple[str, str]]:
    """Roles the viewer may give: administrator roles only for a security administrator."""
    return [
        (value, label)
        for value, label in Role.choices
        if viewer.is_security_admin or value not in ADMIN_ROLES
    ]


def organization_choices_for(viewer):
    """Organisations within the viewer's reach (the same scope as every list)."""
    organization_model = User._meta.get_field("organization").related_model
    return scope_queryset(organization_model.objects.all(), viewer=viewer)


class UserForm(BootstrapMixin, forms.Form):
    full_name = forms.CharField(label=_("full name"), max_length=100)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("email address"), required=False)
    role = forms.ChoiceField(label=_("role"))
    division = DivisionCodeField(label=_("jurisdiction"), required=False)
    organization = forms.ModelChoiceField(label=_("organisation"), queryset=None, required=False)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "---------")] + role_choices_for(viewer)
        self.fields["organization"].queryset = organization_choices_for(viewer)


class UserCreateForm(UserForm):
    username = forms.CharField(label=_("username"), max_length=150)
    password1 = forms.CharField(label=_("password"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("password (again)"), strip=False, widget=forms.PasswordInput)

    field_order = ["username", "full_name", "role", "division", "organization", "phone", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth.password_validation import password_validators_help_texts

        self.fields["password1"].help_text = " ".join(str(t) for t in password_validators_help_texts())

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", PASSWORD_MISMATCH)
        return data


class UserUpdateForm(UserForm):
    @classmethod
    def initial_for(cls, user: User) -> dict:
        return {
            "full_name": user.full_name,
            "phone": user.phone,
            "email": user.email,
            "role": user.role,
            "division": user.division_id or "",
            "organization": user.organization_id,
        }


class UserFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("search"), required=False)
    role = forms.ChoiceField(label=_("role"), required=False, choices=[("", _("all roles"))] + Role.choices)
    division = forms.CharField(label=_("within division"), required=False, max_length=12)


class AuditFilterForm(BootstrapMixin, forms.Form):
    actor = forms.CharField(label=_("actor username"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("action"), required=False, choices=[("", _("all actions"))] + AuditEntry.Action.choices
    )
    object_type = forms.CharField(
        label=_("object type"), required=False, max_length=100, help_text=_("e.g. accounts.user")
    )
    object_id = forms.CharField(label=_("object ID"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
