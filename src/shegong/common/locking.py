"""Optimistic locking of key records (issue 12: a stale edit is refused, nothing is lost).

An edit form carries the record's version — its ``updated_at`` as it was when the form was drawn — in
a hidden field. The service, inside its transaction, locks the row and compares: if someone saved the
record in between, the edit is refused with a Chinese message and the other person's change stays.
No extra column is needed: every domain model has ``updated_at`` from ``BaseModel``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "edit_version"

STALE_EDIT = _(
    "Someone else saved this record at %(when)s, after you opened it. Your changes were not saved so "
    "that theirs are not overwritten: open the record again and redo your change."
)


class StaleEditError(ValidationError):
    """The record changed after the form was drawn."""


def edit_version(instance: models.Model | None) -> str:
    """The version token of a saved record ('' for a new one)."""
    stamp = getattr(instance, "updated_at", None)
    return stamp.isoformat() if stamp else ""


def ensure_unchanged(instance: models.Model, expected_version: str | None) -> None:
    """Lock ``instance``'s row and refuse the edit if it changed since ``expected_version``.

    Call inside the service's ``transaction.atomic``. ``None`` means the caller sent no version (an
    API client or a command that replaces the record on purpose): nothing is compared.
    """
    if expected_version is None or instance.pk is None:
        return
    current = (
        type(instance)
        ._base_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list("updated_at", flat=True)
        .first()
    )
    if current is None or current.isoformat() != expected_version:
        when = timezone.localtime(current).strftime("%Y-%m-%d %H:%M:%S") if current else "—"
        raise StaleEditError(STALE_EDIT % {"when": when}, code="stale_edit")


class EditVersionFormMixin:
    """Adds the hidden version field to a ModelForm; ``form.edit_version`` is what the service compares."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=edit_version(getattr(self, "instance", None))
        )

    def clean(self):
        # The version is for the service's comparison, not a value of the record: keep it out of
        # cleaned_data so that ``service(**form.cleaned_data)`` calls stay as they were.
        cleaned = super().clean()
        self._submitted_version = (cleaned or {}).pop(VERSION_FIELD, "") or ""
        return cleaned

    @property
    def edit_version(self) -> str | None:
        """The submitted version; ``None`` when the form had none (a new record)."""
        return getattr(self, "_submitted_version", "") or None
