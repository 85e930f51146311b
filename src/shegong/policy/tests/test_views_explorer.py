"""The public policy explorer: status on a date, clauses beside their rules, parameters, search."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SZ = "shenzhen-2020-measures"


def test_shenzhen_measures_show_as_lapsed_today_with_the_date(client):
    response = client.get(
        reverse("policy:document-list"), {"on": "2026-11-23"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 200
    assert "2025年11月11日" in response.text
    assert "深圳市关于提升社会工作服务水平的若干措施" in response.text


def test_shenzhen_measures_in_force_in_2022(client):
    response = client.get(reverse("policy:document-detail", args=[SZ]), {"on": "2022-06-30"})

    assert response.status_code == 200
    assert 'data-testid="document-status"' in response.text
    assert response.context["status"].in_force


def test_clause_13_shows_its_rules_and_parameters(client):
    response = client.get(reverse("policy:document-detail", args=[SZ]))

    clause = next(c for c in response.context["clauses"] if c.clause.id == "(十三)")
    assert {rule.spec_id for rule in clause.rules} == {"SZ-13a", "SZ-13b", "SZ-13c", "SZ-13d"}
    assert "package_fee_floor" in {p.key for p in clause.parameters}
    assert "SZ-13a" in {r.id for r in clause.requirements}
    assert 'id="clause-(十三)"' in response.text
    assert "整体打包费" in response.text


def test_anonymous_visitor_sees_no_finding_counts(client):
    response = client.get(reverse("policy:document-detail", args=[SZ]))

    assert response.context["show_findings"] is False


def test_unknown_document_is_404(client):
    assert client.get(reverse("policy:document-detail", args=["no-such-document"])).status_code == 404


def test_parameter_timeline(client):
    response = client.get(reverse("policy:parameter-detail", args=[SZ, "package_fee_floor"]))

    assert response.status_code == 200
    assert "163000" in response.text
    assert "(十三)" in response.text


def test_unknown_parameter_is_404(client):
    assert client.get(reverse("policy:parameter-detail", args=[SZ, "nothing_here"])).status_code == 404


def test_full_text_search_finds_clauses_in_chinese(client):
    response = client.get(reverse("policy:search"), {"q": "整体打包费"})

    hits = response.context["hits"]
    assert response.status_code == 200
    assert any(hit.document.slug == SZ and hit.clause.id == "(十三)" for hit in hits)
    assert "<mark>整体打包费</mark>" in response.text


def test_bad_date_falls_back_to_today_without_error(client):
    response = client.get(reverse("policy:document-list"), {"on": "2022-13-45"})

    assert response.status_code == 200


def test_document_api_is_public_and_gives_the_status(client):
    body = client.get("/api/v1/policy/documents/", {"on": "2026-11-23"}).json()

    shenzhen = next(d for d in body if d["slug"] == SZ)
    assert shenzhen["status"] == "lapsed"
    assert shenzhen["valid_until"] == "2025-11-11"


def test_document_api_refuses_a_bad_date_in_chinese(client):
    response = client.get("/api/v1/policy/documents/", {"on": "yesterday"}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400
    assert "on" in response.json()["errors"]


def test_rule_registry_page_lists_every_rule_with_its_clause(client):
    from shegong.policy.engine import registered_rules

    response = client.get(reverse("policy:rule-list"))

    assert response.status_code == 200
    for rule in registered_rules():
        assert f'data-testid="rule-row-{rule.spec_id}"' in response.text
    assert "labour_cost_share_min" in response.text
