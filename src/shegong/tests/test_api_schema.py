"""The OpenAPI schema builds without errors and the interactive docs use local assets only."""

import re

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_is_served_and_lists_the_api(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    body = response.content.decode()
    for path in ["/api/v1/auth/token/", "/api/v1/divisions/", "/api/v1/organizations/", "/api/v1/findings/"]:
        assert path in body


def test_schema_generation_has_no_errors(capsys, tmp_path):
    call_command("spectacular", "--validate", "--file", str(tmp_path / "schema.yml"))

    err = capsys.readouterr().err
    assert not re.search(r"Errors:\s+[1-9]", err), err


@pytest.mark.django_db
def test_docs_page_loads_swagger_from_our_own_static_files(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
    assert sources, "the docs page references its assets"
    assert all(src.startswith("/") and not src.startswith("//") for src in sources), sources
    assert any("swagger-ui" in src for src in sources)
