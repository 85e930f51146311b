"""schemathesis against /api/schema/: no 5xx and no response outside the schema (issue 12).

Every operation of the published schema is called with generated data (valid and invalid) by a signed-in
city officer with data in reach, in-process through the WSGI application. Hypothesis keeps the number of
examples per operation small so the suite stays fast; CI runs it on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: a request must not close the test's database connection (on PostgreSQL
    the connection of a test transaction is not in autocommit, which request_finished takes as a reason
    to close it)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(db, divisions) -> str:
    officer = UserFactory(username="fuzz_officer", role=Role.CITY_OFFICER, division=divisions["3701"])
    return Token.objects.create(user=officer).key


# Loaded once when the module is collected (the schema needs no database).
# The coverage phase (hundreds of boundary cases per operation) is for a nightly run; the suite keeps the
# fuzzing phase with a few valid and invalid examples per operation.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), config=CONFIG)


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_answers_5xx_or_outside_its_schema(case, officer_token):
    case.call_and_validate(headers={"Authorization": f"Token {officer_token}"}, checks=CHECKS)
