"""Base model and the append-only audit log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .scoping import Scope


class BaseModel(models.Model):
    """Every domain model inherits creation and update timestamps."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditLogImmutableError(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutableError("audit log is append-only")

    def delete(self):
        raise AuditLogImmutableError("audit log is append-only")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogImmutableError("audit log is append-only")


class AuditEntry(models.Model):
    """One write or one view of a sensitive record (who, when, what, before and after, why, outcome).

    Append-only: the queryset refuses updates and deletes, ``save`` refuses an existing row,
    and on PostgreSQL a trigger refuses UPDATE and DELETE at the database (only ``shegong
    audit_archive`` may delete, after exporting). Tamper-evident: ``entry_hash`` chains each entry to
    the previous one (``shegong audit_verify``).
    """

    class Action(models.TextChoices):
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        DELETE = "delete", _("Delete")
        TRANSITION = "transition", _("State change")
        VIEW = "view", _("View of a sensitive record")
        LOGIN = "login", _("Sign-in")
        LOGOUT = "logout", _("Sign-out")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")
        DENIED = "denied", _("Refused access")
        ARCHIVE = "archive", _("Archive of old entries")

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")
        DENIED = "denied", _("Refused")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("actor username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("request path"), max_length=500, blank=True)
    outcome = models.CharField(
        pgettext_lazy("audit entry", "outcome"),
        max_length=10,
        choices=Outcome.choices,
        default=Outcome.SUCCESS,
        db_index=True,
    )
    # Tamper evidence: each entry's hash covers its content and the previous entry's hash.
    prev_hash = models.CharField(_("previous entry's hash"), max_length=64, blank=True)
    entry_hash = models.CharField(_("hash"), max_length=64, blank=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    jurisdiction_scope = Scope(admin_only=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AuditLogImmutableError("audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutableError("audit log is append-only")
