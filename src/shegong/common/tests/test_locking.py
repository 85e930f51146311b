"""Optimistic locking: a stale edit is refused and the other person's change stays (issue 12)."""

from __future__ import annotations

import pytest
from django import forms
from django.db import transaction

from shegong.common.locking import EditVersionFormMixin, StaleEditError, edit_version, ensure_unchanged
from shegong.organizations.models import Organization
from shegong.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


class OrganizationNameForm(EditVersionFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name"]


@pytest.fixture
def organization_named(divisions):
    def make(name: str) -> Organization:
        return OrganizationFactory(division=divisions["370102"], name=name)

    return make


def _save_with_version(pk: int, name: str, version: str | None) -> None:
    with transaction.atomic():
        organization = Organization.objects.get(pk=pk)
        ensure_unchanged(organization, version)
        organization.name = name
        organization.save()


def test_the_second_of_two_edits_opened_together_is_refused_and_the_first_stays(organization_named):
    organization = organization_named("甲社工服务中心")
    form_a = OrganizationNameForm(instance=organization)
    form_b = OrganizationNameForm(instance=organization)
    version = form_a.fields["edit_version"].initial
    assert version == form_b.fields["edit_version"].initial == edit_version(organization)

    _save_with_version(organization.pk, "甲社工服务中心（改名）", version)
    with pytest.raises(StaleEditError) as refused:
        _save_with_version(organization.pk, "乙的改动", version)

    assert "已被他人保存" in str(refused.value.messages[0])
    organization.refresh_from_db()
    assert organization.name == "甲社工服务中心（改名）"


def test_an_edit_from_a_fresh_form_saves(organization_named):
    organization = organization_named("丙社工服务中心")
    _save_with_version(organization.pk, "丙（一改）", edit_version(organization))
    organization.refresh_from_db()

    _save_with_version(organization.pk, "丙（二改）", edit_version(organization))

    organization.refresh_from_db()
    assert organization.name == "丙（二改）"


def test_a_caller_without_a_version_is_not_compared(organization_named):
    organization = organization_named("丁社工服务中心")
    _save_with_version(organization.pk, "丁（改）", None)
    organization.refresh_from_db()
    assert organization.name == "丁（改）"


def test_the_form_returns_the_submitted_version(organization_named):
    organization = organization_named("戊社工服务中心")
    form = OrganizationNameForm(
        data={"name": "戊（改）", "edit_version": edit_version(organization)}, instance=organization
    )
    assert form.is_valid(), form.errors
    assert form.edit_version == edit_version(organization)
