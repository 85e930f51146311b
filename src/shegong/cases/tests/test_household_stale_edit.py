"""Optimistic locking of the household file (issue 12): a stale edit is refused and nothing is lost."""

import re

import pytest
from django.urls import reverse

from shegong.cases import services
from shegong.cases.models import Household

pytestmark = pytest.mark.django_db


def _form_data(page: str) -> dict:
    """The values the edit form was drawn with (inputs and selected options)."""
    data = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', options)
        if chosen:
            data[name] = chosen if name == "categories" else chosen[0]
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = text.strip()
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_a_household_edit_drawn_before_someone_elses_save_is_refused(client, household, worker):
    client.force_login(worker)
    url = reverse("cases:household-update", args=[household.pk])
    drawn = _form_data(client.get(url).content.decode())
    assert drawn["edit_version"]

    # Meanwhile the file is saved by someone else.
    services.household_update(
        actor=worker, household=Household.objects.get(pk=household.pk), address="解放桥社区5号楼1单元"
    )

    response = client.post(url, {**drawn, "address": "我的修改"}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400
    assert "已被他人保存" in response.content.decode()
    household.refresh_from_db()
    assert household.address == "解放桥社区5号楼1单元"


def test_a_fresh_household_edit_saves(client, household, worker):
    client.force_login(worker)
    url = reverse("cases:household-update", args=[household.pk])
    drawn = _form_data(client.get(url).content.decode())

    response = client.post(url, {**drawn, "address": "解放桥社区7号楼"})

    assert response.status_code == 302
    household.refresh_from_db()
    assert household.address == "解放桥社区7号楼"
