"""Access matrix (issue 12): every route, every role, the declared answer.

The test walks the whole URL conf (pages and API; the Django admin is tested apart). For each route it
signs in one user of every :class:`~shegong.accounts.models.Role`, tries it anonymously as well, asks the
route with GET and compares the class of the answer (200, sign-in redirect, other redirect, 403, 404, 405)
with the route's declared :class:`~shegong.tests.test_security_access.Access`.

The expectation of a route comes from ``ACCESS`` in its app's ``tests/scope_cases.py`` when the app
declares one, otherwise from the tables below (the routes that existed when the matrix was written). A
route with neither fails ``test_every_route_has_an_access_expectation``: a new route cannot skip the
matrix.

Object scoping is fuzzed with the app's scope cases: a route with URL parameters is asked for the Lixia
object of its ``SCOPED_DETAILS`` case, and the same kind of object in Licheng district must answer 404 to
every role that got 200 and whose reach does not contain it; on a ``SCOPED_LISTS`` route the Licheng
object must not show to those roles.
"""

from __future__ import annotations

import importlib
import json
import os

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from shegong.accounts.models import Role
from shegong.tests.test_jurisdiction_scope import SCOPED_DETAILS, SCOPED_LISTS
from shegong.tests.test_security_access import (
    ALL_ROLES,
    ANONYMOUS,
    Access,
    Answer,
    answer_class,
    dummy_kwargs,
    make_role_users,
    may_see,
)

R, A = Role, Answer

# The access of the routes that existed when the matrix was written (observed with every role, then
# reviewed: no client file opens to the security or audit administrator, only the audit administrator
# reads the audit log). New routes are declared in the app's own tests/scope_cases.py (ACCESS); an app
# that declares ACCESS for a route overrides the line here, so the lead can move these lines into the
# apps one by one.
ACCESS_TABLE: dict[str, Access] = {
    "api-docs": Access(ok=ALL_ROLES, anonymous=A.OK),
    "api-schema": Access(ok=ALL_ROLES, anonymous=A.OK),
    "api:application-advance": Access(others=A.POST_ONLY),
    "api:application-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:application-hire": Access(others=A.POST_ONLY),
    "api:application-list": Access(ok=ALL_ROLES),
    "api:audit-entry-detail": Access(ok={R.AUDIT_ADMIN}),
    "api:audit-entry-list": Access(ok={R.AUDIT_ADMIN}),
    "api:budget-calculator": Access(others=A.BAD_REQUEST),
    "api:case-detail": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "api:case-list": Access(ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SOCIAL_WORKER, R.TOWN_OFFICER}),
    "api:consent-detail": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "api:consent-list": Access(ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SOCIAL_WORKER, R.TOWN_OFFICER}),
    "api:consent-withdraw": Access(
        special={
            R.CITY_OFFICER: A.POST_ONLY,
            R.DISTRICT_OFFICER: A.POST_ONLY,
            R.SOCIAL_WORKER: A.POST_ONLY,
            R.TOWN_OFFICER: A.POST_ONLY,
        }
    ),
    "api:division-detail": Access(others=A.NOT_FOUND),
    "api:division-list": Access(ok=ALL_ROLES),
    "api:finding-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:finding-list": Access(ok=ALL_ROLES),
    "api:household-detail": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "api:household-list": Access(ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SOCIAL_WORKER, R.TOWN_OFFICER}),
    "api:me": Access(ok=ALL_ROLES),
    "api:organization-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:organization-list": Access(ok=ALL_ROLES),
    "api:pilot-site-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.SECURITY_ADMIN, R.TOWN_OFFICER}, others=A.NOT_FOUND
    ),
    "api:pilot-site-list": Access(ok=ALL_ROLES),
    "api:policy-document-detail": Access(others=A.NOT_FOUND, anonymous=A.NOT_FOUND),
    "api:policy-document-list": Access(ok=ALL_ROLES, anonymous=A.OK),
    "api:posting-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:posting-list": Access(ok=ALL_ROLES),
    "api:posting-publish": Access(others=A.POST_ONLY),
    "api:practitioner-assessments": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:practitioner-certificates": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:practitioner-credit-file": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:practitioner-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:practitioner-employments": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:practitioner-list": Access(ok=ALL_ROLES),
    "api:practitioner-pay-records": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:practitioner-training-records": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:practitioner-transition": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:project-budgets": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:project-compliance": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:project-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:project-list": Access(ok=ALL_ROLES),
    "api:public-posting-detail": Access(others=A.NOT_FOUND, anonymous=A.NOT_FOUND),
    "api:public-posting-list": Access(ok=ALL_ROLES, anonymous=A.OK),
    "api:referral-answer": Access(
        special={
            R.CITY_OFFICER: A.POST_ONLY,
            R.DISTRICT_OFFICER: A.POST_ONLY,
            R.SOCIAL_WORKER: A.POST_ONLY,
            R.TOWN_OFFICER: A.POST_ONLY,
        }
    ),
    "api:referral-close": Access(
        special={
            R.CITY_OFFICER: A.POST_ONLY,
            R.DISTRICT_OFFICER: A.POST_ONLY,
            R.SOCIAL_WORKER: A.POST_ONLY,
            R.TOWN_OFFICER: A.POST_ONLY,
        }
    ),
    "api:referral-detail": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "api:referral-list": Access(ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SOCIAL_WORKER, R.TOWN_OFFICER}),
    "api:salary-guide-detail": Access(others=A.NOT_FOUND),
    "api:salary-guide-list": Access(ok=ALL_ROLES),
    "api:service-point-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:service-point-list": Access(ok=ALL_ROLES),
    "api:station-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:station-list": Access(ok=ALL_ROLES),
    "api:station-submission-detail": Access(
        ok=ALL_ROLES
        - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR, R.TOWN_OFFICER},
        others=A.NOT_FOUND,
    ),
    "api:station-submission-list": Access(ok=ALL_ROLES),
    "api:payment-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:payment-list": Access(ok=ALL_ROLES),
    "api:performance-review-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:performance-review-list": Access(ok=ALL_ROLES),
    "api:renewal-reward-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:renewal-reward-list": Access(ok=ALL_ROLES),
    "api:supervision-record-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:supervision-record-list": Access(ok=ALL_ROLES),
    "api:supervision-assignment-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:supervision-assignment-list": Access(ok=ALL_ROLES),
    "api:supervision-visit-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "api:supervision-visit-list": Access(ok=ALL_ROLES),
    "api:token": Access(others=A.POST_ONLY, anonymous=A.POST_ONLY),
    "api:training-base-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.SECURITY_ADMIN, R.TOWN_OFFICER}, others=A.NOT_FOUND
    ),
    "api:training-base-list": Access(ok=ALL_ROLES),
    "api:user-detail": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SECURITY_ADMIN, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={R.ORG_ADMIN: A.NOT_FOUND},
    ),
    "api:user-list": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "api:visit-detail": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "api:visit-list": Access(ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SOCIAL_WORKER, R.TOWN_OFFICER}),
    "api:volunteer-detail": Access(ok=ALL_ROLES - {R.AUDIT_ADMIN, R.SECURITY_ADMIN}, others=A.NOT_FOUND),
    "api:volunteer-list": Access(ok=ALL_ROLES),
    "cases:case-advance": Access(others=A.POST_ONLY),
    "cases:case-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "cases:case-detail": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "cases:case-record": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "cases:caseload": Access(ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SOCIAL_WORKER, R.TOWN_OFFICER}),
    "cases:consent-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "cases:consent-withdraw": Access(others=A.POST_ONLY),
    "cases:household-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SOCIAL_WORKER, R.TOWN_OFFICER}
    ),
    "cases:household-detail": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "cases:household-full-file": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "cases:household-list": Access(ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SOCIAL_WORKER, R.TOWN_OFFICER}),
    "cases:household-update": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "cases:member-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "cases:referral-answer": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "cases:referral-close": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "cases:referral-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "cases:referral-list": Access(ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SOCIAL_WORKER, R.TOWN_OFFICER}),
    "cases:visit-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.TOWN_OFFICER}, special={R.SOCIAL_WORKER: A.NOT_FOUND}
    ),
    "geo:division-detail": Access(others=A.NOT_FOUND),
    "geo:division-list": Access(ok=ALL_ROLES),
    "healthz": Access(ok=ALL_ROLES, anonymous=A.OK),
    "home": Access(ok=ALL_ROLES, anonymous=A.OK),
    "javascript-catalog": Access(ok=ALL_ROLES, anonymous=A.OK),
    "organizations:disclosure-publish": Access(others=A.POST_ONLY),
    "organizations:disclosure-submit": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "organizations:draw-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "organizations:draw-detail": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "organizations:draw-list": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "organizations:organization-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "organizations:organization-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "organizations:organization-export": Access(ok=ALL_ROLES),
    "organizations:organization-import": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "organizations:organization-list": Access(ok=ALL_ROLES),
    "organizations:organization-template": Access(ok=ALL_ROLES),
    "organizations:organization-update": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "organizations:person-add": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "organizations:public-penalties": Access(ok=ALL_ROLES, anonymous=A.OK),
    "organizations:review-check": Access(others=A.POST_ONLY),
    "organizations:review-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "organizations:review-decide": Access(others=A.POST_ONLY),
    "organizations:review-detail": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "organizations:review-list": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "organizations:review-start": Access(others=A.POST_ONLY),
    "organizations:revocation-decide": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "organizations:revocation-propose": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "organizations:supervision-create": Access(
        ok=ALL_ROLES
        - {
            R.AUDIT_ADMIN,
            R.EVALUATOR,
            R.ORG_ADMIN,
            R.REVIEW_COMMITTEE,
            R.SECURITY_ADMIN,
            R.SOCIAL_WORKER,
            R.SUPERVISOR,
        },
        others=A.NOT_FOUND,
        special={R.EVALUATOR: A.FORBIDDEN, R.REVIEW_COMMITTEE: A.FORBIDDEN},
    ),
    "organizations:supervision-list": Access(ok=ALL_ROLES),
    "organizations:supervision-publish": Access(others=A.POST_ONLY),
    "organizations:weeding-list": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "policy:document-detail": Access(others=A.NOT_FOUND, anonymous=A.NOT_FOUND),
    "policy:document-list": Access(ok=ALL_ROLES, anonymous=A.OK),
    "policy:finding-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "policy:finding-list": Access(ok=ALL_ROLES),
    "policy:parameter-detail": Access(others=A.NOT_FOUND, anonymous=A.NOT_FOUND),
    "policy:rule-list": Access(ok=ALL_ROLES, anonymous=A.OK),
    "policy:scan": Access(others=A.POST_ONLY),
    "policy:search": Access(ok=ALL_ROLES, anonymous=A.OK),
    "policy:what-if": Access(ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}),
    "portal:complaint-close": Access(others=A.POST_ONLY),
    "portal:complaint-create": Access(ok=ALL_ROLES, anonymous=A.OK),
    "portal:complaint-detail": Access(ok=ALL_ROLES - {R.AUDIT_ADMIN, R.SECURITY_ADMIN}, others=A.NOT_FOUND),
    "portal:complaint-intake": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "portal:complaint-queue": Access(ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}),
    "portal:complaint-step": Access(others=A.POST_ONLY),
    "portal:complaint-track": Access(ok=ALL_ROLES, anonymous=A.OK),
    "portal:home": Access(ok=ALL_ROLES, anonymous=A.OK),
    "portal:job-board": Access(ok=ALL_ROLES, anonymous=A.OK),
    "portal:job-detail": Access(others=A.NOT_FOUND, anonymous=A.NOT_FOUND),
    "portal:language": Access(others=A.REDIRECT, anonymous=A.REDIRECT),
    "portal:pay-disclosure-list": Access(ok=ALL_ROLES, anonymous=A.OK),
    "portal:sanction-list": Access(ok=ALL_ROLES, anonymous=A.OK),
    "portal:station-directory": Access(ok=ALL_ROLES, anonymous=A.OK),
    "portal:statistics": Access(ok=ALL_ROLES, anonymous=A.OK),
    "procurement:budget-calculator": Access(ok=ALL_ROLES),
    "procurement:budget-export": Access(ok=ALL_ROLES),
    "procurement:budget-import": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "procurement:budget-submit": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "procurement:budget-template": Access(ok=ALL_ROLES),
    "procurement:contract-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "procurement:evaluation-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "procurement:evaluation-publish": Access(others=A.POST_ONLY),
    "procurement:item-add": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN},
        special={R.AUDIT_ADMIN: A.NOT_FOUND, R.SECURITY_ADMIN: A.NOT_FOUND, R.TOWN_OFFICER: A.NOT_FOUND},
    ),
    "procurement:item-decide": Access(others=A.POST_ONLY),
    "procurement:library-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "procurement:library-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.SECURITY_ADMIN, R.TOWN_OFFICER}, others=A.NOT_FOUND
    ),
    "procurement:library-file": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN},
        special={R.AUDIT_ADMIN: A.NOT_FOUND, R.SECURITY_ADMIN: A.NOT_FOUND, R.TOWN_OFFICER: A.NOT_FOUND},
    ),
    "procurement:library-list": Access(ok=ALL_ROLES),
    "procurement:meeting-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN},
        special={R.AUDIT_ADMIN: A.NOT_FOUND, R.SECURITY_ADMIN: A.NOT_FOUND, R.TOWN_OFFICER: A.NOT_FOUND},
    ),
    "procurement:meeting-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.SECURITY_ADMIN, R.TOWN_OFFICER}, others=A.NOT_FOUND
    ),
    "procurement:member-add": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN},
        special={R.AUDIT_ADMIN: A.NOT_FOUND, R.SECURITY_ADMIN: A.NOT_FOUND, R.TOWN_OFFICER: A.NOT_FOUND},
    ),
    "procurement:payment-import": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "procurement:payment-template": Access(ok=ALL_ROLES),
    "procurement:performance-review-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "procurement:posts-edit": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "procurement:project-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "procurement:project-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "procurement:project-export": Access(ok=ALL_ROLES),
    "procurement:project-import": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "procurement:project-list": Access(ok=ALL_ROLES),
    "procurement:project-template": Access(ok=ALL_ROLES),
    "procurement:project-update": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "procurement:public-evaluations": Access(ok=ALL_ROLES, anonymous=A.OK),
    "procurement:reward-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "procurement:vote-cast": Access(others=A.POST_ONLY),
    "recruitment:activity-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "recruitment:activity-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.SECURITY_ADMIN}, others=A.NOT_FOUND
    ),
    "recruitment:activity-list": Access(ok=ALL_ROLES),
    "recruitment:application-advance": Access(others=A.POST_ONLY),
    "recruitment:application-create": Access(others=A.POST_ONLY),
    "recruitment:application-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "recruitment:application-hire": Access(others=A.POST_ONLY),
    "recruitment:application-reject": Access(others=A.POST_ONLY),
    "recruitment:case-assistance": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER}, others=A.NOT_FOUND
    ),
    "recruitment:objection-create": Access(others=A.POST_ONLY),
    "recruitment:objection-decide": Access(others=A.POST_ONLY),
    "recruitment:posting-close": Access(others=A.POST_ONLY),
    "recruitment:posting-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.ORG_ADMIN, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "recruitment:posting-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "recruitment:posting-list": Access(ok=ALL_ROLES),
    "recruitment:posting-publish": Access(others=A.POST_ONLY),
    "recruitment:practitioner-volunteers": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "recruitment:talent-pool": Access(ok=ALL_ROLES),
    "recruitment:talent-pool-join": Access(ok=ALL_ROLES),
    "recruitment:volunteer-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "recruitment:volunteer-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.SECURITY_ADMIN}, others=A.NOT_FOUND
    ),
    "recruitment:volunteer-list": Access(ok=ALL_ROLES),
    "recruitment:volunteer-pair": Access(others=A.POST_ONLY),
    "reports:export": Access(ok=ALL_ROLES),
    "reports:export-center": Access(ok=ALL_ROLES),
    "reports:job-download": Access(others=A.NOT_FOUND),
    "reports:job-list": Access(ok=ALL_ROLES),
    "reports:job-scan": Access(others=A.POST_ONLY),
    "reports:organization-compliance-pdf": Access(
        ok=ALL_ROLES
        - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR, R.TOWN_OFFICER},
        others=A.NOT_FOUND,
    ),
    "reports:practitioner-credit-file-pdf": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "reports:report-package": Access(others=A.POST_ONLY),
    "set_language": Access(others=A.REDIRECT, anonymous=A.REDIRECT),
    "stations:assignment-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "stations:community-centre-report": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "stations:community-centres": Access(ok=ALL_ROLES),
    "stations:content-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "stations:coverage": Access(
        others=A.REDIRECT, special={R.AUDIT_ADMIN: A.FORBIDDEN, R.SECURITY_ADMIN: A.FORBIDDEN}
    ),
    "stations:coverage-division": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.SECURITY_ADMIN}, others=A.NOT_FOUND
    ),
    "stations:deadline-calendar": Access(ok=ALL_ROLES),
    "stations:deadline-feed": Access(ok=ALL_ROLES),
    "stations:deadline-feed-token": Access(others=A.NOT_FOUND, anonymous=A.NOT_FOUND),
    "stations:deadline-reminders": Access(ok=ALL_ROLES),
    "stations:designation-list": Access(ok=ALL_ROLES),
    "stations:district-overview": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.SECURITY_ADMIN, R.TOWN_OFFICER}, others=A.NOT_FOUND
    ),
    "stations:district-regulation-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN},
        special={R.AUDIT_ADMIN: A.NOT_FOUND, R.SECURITY_ADMIN: A.NOT_FOUND, R.TOWN_OFFICER: A.NOT_FOUND},
    ),
    "stations:pilot-site-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "stations:point-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "stations:regulation-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "stations:sample-create": Access(ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}),
    "stations:sample-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.SECURITY_ADMIN, R.TOWN_OFFICER}, others=A.NOT_FOUND
    ),
    "stations:sign-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "stations:staff-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "stations:staffing-band-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "stations:station-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "stations:station-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "stations:station-import": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "stations:station-list": Access(ok=ALL_ROLES),
    "stations:station-template": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "stations:station-update": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "stations:submission-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.ORG_ADMIN, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "stations:supervision": Access(ok=ALL_ROLES),
    "stations:supervisor-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "stations:training-base-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "stations:visit-create": Access(ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}),
    "workforce:assessment-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:assessment-sign": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:award-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:certificate-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:complaint-close": Access(
        ok={R.CITY_OFFICER, R.DISCIPLINE_COMMITTEE, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:complaint-create": Access(
        ok={R.CITY_OFFICER, R.DISCIPLINE_COMMITTEE, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:complaint-queue": Access(
        ok={R.CITY_OFFICER, R.DISCIPLINE_COMMITTEE, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "workforce:complaint-step-create": Access(
        ok={R.CITY_OFFICER, R.DISCIPLINE_COMMITTEE, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:decision-create": Access(
        ok={R.DISCIPLINE_COMMITTEE},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:disclosure-create": Access(
        ok={R.CITY_OFFICER, R.DISCIPLINE_COMMITTEE, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:employment-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:exam-fee-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:insurance-record-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:my-file": Access(ok=ALL_ROLES),
    "workforce:pay-record-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:practitioner-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.ORG_ADMIN, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "workforce:practitioner-detail": Access(
        ok=ALL_ROLES - {R.AUDIT_ADMIN, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SOCIAL_WORKER, R.SUPERVISOR},
        others=A.NOT_FOUND,
    ),
    "workforce:practitioner-export": Access(ok=ALL_ROLES),
    "workforce:practitioner-import": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.ORG_ADMIN, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "workforce:practitioner-list": Access(ok=ALL_ROLES),
    "workforce:practitioner-recheck": Access(others=A.POST_ONLY),
    "workforce:practitioner-reveal-id": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:practitioner-template": Access(ok=ALL_ROLES),
    "workforce:practitioner-transition": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:rank-set": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:salary-guide-create": Access(ok={R.CITY_OFFICER, R.SYSTEM_ADMIN}),
    "workforce:salary-guide-detail": Access(others=A.NOT_FOUND),
    "workforce:salary-guide-edit": Access(others=A.NOT_FOUND),
    "workforce:salary-guide-list": Access(ok=ALL_ROLES),
    "workforce:subsidy-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:training-record-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
    "workforce:violation-create": Access(
        ok={R.CITY_OFFICER, R.DISCIPLINE_COMMITTEE, R.DISTRICT_OFFICER, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={
            R.AUDIT_ADMIN: A.NOT_FOUND,
            R.ORG_ADMIN: A.NOT_FOUND,
            R.SECURITY_ADMIN: A.NOT_FOUND,
            R.SOCIAL_WORKER: A.NOT_FOUND,
            R.SUPERVISOR: A.NOT_FOUND,
        },
    ),
}


def _collect() -> dict[str, Access]:
    declared: dict[str, Access] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("shegong."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.scope_cases")
        except ModuleNotFoundError as exc:
            if exc.name in {f"{config.name}.tests.scope_cases", f"{config.name}.tests"}:
                continue
            raise
        for route, access in getattr(module, "ACCESS", {}).items():
            assert route not in declared, route
            declared[route] = access
    return {**ACCESS_TABLE, **declared}


def iter_patterns(resolver=None, namespace="", converters=None):
    """Yield (qualified name, converters of the whole path) of every route but the Django admin's."""
    resolver = resolver or get_resolver()
    converters = converters or {}
    for entry in resolver.url_patterns:
        found = dict(converters)
        pattern_converters = getattr(entry.pattern, "converters", {}) or {}
        for name in entry.pattern.regex.groupindex:
            found[name] = pattern_converters.get(name)
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_patterns(entry, prefix, found)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), found


ACCESS = _collect()
PATTERNS = dict(iter_patterns())
ROUTES = sorted(name for name in PATTERNS if name)
# Every role costs a request per route: the default run asks anonymous, a business role of each kind and
# the three administrators; SHEGONG_ACCESS_MATRIX=full (CI) asks every role.
QUICK_ROLES = [
    ANONYMOUS,
    Role.DISTRICT_OFFICER,
    Role.SOCIAL_WORKER,
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
    Role.AUDIT_ADMIN,
]
FULL = os.environ.get("SHEGONG_ACCESS_MATRIX") == "full"
ROLES = [ANONYMOUS, *Role.values] if FULL else QUICK_ROLES
DISCOVER = os.environ.get("SHEGONG_ACCESS_DISCOVER")  # a file: write the observed answers, assert nothing


def test_every_route_has_an_access_expectation():
    missing = sorted(name for name in ROUTES if name not in ACCESS)
    assert missing == [], "declare who may use these routes in the app's tests/scope_cases.py (ACCESS)"


def test_no_access_expectation_is_stale():
    assert sorted(set(ACCESS) - set(ROUTES)) == []


def test_every_route_is_named():
    assert None not in PATTERNS


def _kwargs(route, access, divisions, inside, outside):
    """Return the URL parameters for the Lixia object and for the Licheng one (``None``: no such object)."""
    if access is not None and access.kwargs is not None:
        return access.kwargs(divisions), None
    if route in SCOPED_DETAILS:
        case = SCOPED_DETAILS[route]
        return case.kwargs(inside), case.kwargs(outside)
    converters = PATTERNS[route]
    return (dummy_kwargs(converters) if converters else {}), None


def _ask(route, divisions):
    """Ask ``route`` as every role; return the answers, the users, the clients and the URL parameters."""
    access = ACCESS.get(route)
    users = make_role_users(divisions, ROLES)
    case = SCOPED_DETAILS.get(route) or SCOPED_LISTS.get(route)
    inside, outside = case.make(divisions) if case else (None, None)
    kwargs_inside, kwargs_outside = _kwargs(route, access, divisions, inside, outside)
    url = reverse(route, kwargs=kwargs_inside)
    clients = {ANONYMOUS: Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    observed = {
        role: answer_class(clients[role].get(url), route, anonymous=role == ANONYMOUS) for role in ROLES
    }
    return observed, users, clients, url, kwargs_outside, outside


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r in ACCESS or DISCOVER])
def test_every_role_gets_the_declared_answer(divisions, route):
    observed, users, clients, url, kwargs_outside, outside = _ask(route, divisions)
    if DISCOVER:
        with open(DISCOVER, "a", encoding="utf-8") as out:
            out.write(json.dumps({"route": route, "url": url, "observed": observed}) + "\n")
        return
    access = ACCESS[route]
    expected = {role: access.expected(role) for role in ROLES}
    assert {r: a for r, a in observed.items() if a != expected[r]} == {}, f"GET {url}"

    # Object scoping fuzz: what a role may not see does not show, whatever the role.
    readers = [r for r in ROLES if expected[r] == Answer.OK and r != ANONYMOUS]
    if kwargs_outside is not None:
        outside_url = reverse(route, kwargs=kwargs_outside)
        leaks = {}
        for role in readers:
            if may_see(users[role], outside):
                continue
            answer = answer_class(clients[role].get(outside_url), route)
            if answer != Answer.NOT_FOUND:
                leaks[role] = answer
        assert leaks == {}, f"GET {outside_url}: an object outside the reach must answer 404"
    elif route in SCOPED_LISTS and not SCOPED_LISTS[route].admin_only:
        marker = SCOPED_LISTS[route].marker(outside)
        leaks = [
            role
            for role in readers
            if not may_see(users[role], outside)
            and marker in clients[role].get(url).content.decode(errors="replace")
        ]
        assert leaks == [], f"GET {url}: an object outside the reach shows to these roles"
