"""Sign-in, sign-out, password change and account pages. Thin: forms validate, services write."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import LoginForm, OwnPasswordChangeForm, UserCreateForm, UserFilterForm, UserUpdateForm
from .models import ADMIN_ROLES, User

PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True
    extra_context = {"page_title": gettext_lazy("Sign in"), "breadcrumbs": [(gettext_lazy("Sign in"), None)]}


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, Django's own view)."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")
    extra_context = {
        "page_title": gettext_lazy("Change password"),
        "breadcrumbs": [(gettext_lazy("Change password"), None)],
    }

    def form_valid(self, form):
        user = services.user_set_password(
            actor=self.request.user, user=self.request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, user)
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def _user_or_404(viewer, pk) -> User:
    try:
        return selectors.user_get(viewer=viewer, pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404 from None


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
    extra_context = {
        "page_title": gettext_lazy("Password changed"),
        "breadcrumbs": [(gettext_lazy("Password changed"), None)],
    }


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service's errors beside the form's fields (``password`` beside the first password box)."""
    aliases = {"password": "password1"}
    for field, field_messages in exc.message_dict.items():
        name = aliases.get(field, field)
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)


@login_required
def user_list(request):
    if not services.can_read_users(request.user):
        raise PermissionDenied
    filters = UserFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.user_list(
        viewer=request.user, role=data.get("role", ""), division=data.get("division", ""), q=data.get("q", "")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/user_list.html",
        {
            "page_title": _("Users"),
            "breadcrumbs": [(_("Users"), None)],
            "page_obj": page,
            "filters": filters,
            "can_create": services.can_manage_users(request.user),
        },
    )


@login_required
def user_detail(request, pk):
    if not services.can_read_users(request.user):
        raise PermissionDenied
    account = _user_or_404(request.user, pk)
    can_manage = (
        services.can_manage_users(request.user)
        and account.pk != request.user.pk
        and (services.can_manage_admins(request.user) or account.role not in ADMIN_ROLES)
    )
    can_secure = services.can_manage_admins(request.user) and account.pk != request.user.pk
    return render(
        request,
        "accounts/user_detail.html",
        {
            "page_title": str(account),
            "breadcrumbs": [(_("Users"), reverse("accounts:user-list")), (str(account), None)],
            "account": account,
            "can_manage": can_manage,
            "can_secure": can_secure,
        },
    )


@login_required
def user_create(request):
    if not services.can_manage_users(request.user):
        raise PermissionDenied
    form = UserCreateForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password1")
        data.pop("password2")
        try:
            account = services.user_create(actor=request.user, password=password, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("The account %(username)s has been created.") % {"username": account.username}
            )
            return redirect("accounts:user-detail", pk=account.pk)
    return render(
        request,
        "accounts/user_form.html",
        {
            "page_title": _("New account"),
            "breadcrumbs": [(_("Users"), reverse("accounts:user-list")), (_("New account"), None)],
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def user_update(request, pk):
    if not services.can_manage_users(request.user):
        raise PermissionDenied
    account = _user_or_404(request.user, pk)
    form = UserUpdateForm(
        request.POST or None, initial=UserUpdateForm.initial_for(account), viewer=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=account, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
            account.refresh_from_db()
        else:
            messages.success(request, _("The account has been saved."))
            return redirect("accounts:user-detail", pk=account.pk)
    return render(
        request,
        "accounts/user_form.html",
        {
            "page_title": _("Edit %(name)s") % {"name": account},
            "breadcrumbs": [
                (_("Users"), reverse("accounts:user-list")),
                (str(account), reverse("accounts:user-detail", args=[account.pk])),
                (_("Edit"), None),
            ],
            "form": form,
            "account": account,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def user_deactivate(request, pk):
    if not services.can_manage_users(request.user):
        raise PermissionDenied
    account = _user_or_404(request.user, pk)
    try:
        services.user_deactivate(
            actor=request.user, user=account, reason=request.POST.get("reason", "")[:500]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The account %(username)s has been deactivated.") % {"username": account.username}
        )
    return redirect("accounts:user-detail", pk=account.pk)


@require_POST
@login_required
def user_unlock(request, pk):
    """Lift an account's lock (security administrators)."""
    if not services.can_manage_admins(request.user):
        raise PermissionDenied
    account = _user_or_404(request.user, pk)
    services.user_unlock(actor=request.user, user=account)
    messages.success(
        request, _("The account %(username)s has been unlocked.") % {"username": account.username}
    )
    return redirect("accounts:user-detail", pk=account.pk)


@require_POST
@login_required
def user_reset_two_factor(request, pk):
    """Remove an account's authenticator (security administrators)."""
    if not services.can_manage_admins(request.user):
        raise PermissionDenied
    account = _user_or_404(request.user, pk)
    services.user_reset_two_factor(actor=request.user, user=account)
    messages.success(
        request,
        _(
            "Two-factor sign-in of %(username)s has been reset: a new authenticator is set up at the next sign-in."
        )
        % {"username": account.username},
    )
    return redirect("accounts:user-detail", pk=account.pk)
