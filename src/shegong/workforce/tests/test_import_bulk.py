"""The set-based practitioner import (issue 11): the same rows as the services, a query count that does not
grow per row, one audit entry naming what was created."""

import datetime
import io
import math

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.audit import entry_digest
from shegong.common.models import AuditEntry
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.workforce import services
from shegong.workforce.models import (
    Certificate,
    Employment,
    FilingState,
    FilingTransition,
    Practitioner,
)
from shegong.workforce.spreadsheets import KEYS, practitioners_import
from shegong.workforce.tests.factories import make_id_number

pytestmark = pytest.mark.django_db


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(KEYS)
    for row in rows:
        sheet.append([row.get(key) for key in KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(n, **extra):
    values = {"name": f"社工{n}", "id_number": make_id_number(n, area="370102"), "division": "370102"}
    values.update(extra)
    return values


def employed(n, organization, **extra):
    values = {
        "employer": organization.uscc,
        "post": "社会工作者",
        "starts_on": "2021-03-01",
        "certificate_level": "助理社会工作师",
        "certificate_number": f"A{n:05d}",
        "certificate_issued_on": "2020-06-01",
    }
    return row(n, **{**values, **extra})


def test_an_imported_practitioner_has_what_the_services_would_have_written(divisions, lixia_officer):
    organization = OrganizationFactory(division=divisions["370102"])

    result = practitioners_import(actor=lixia_officer, content=workbook([employed(1, organization)]))

    assert result.errors == []
    practitioner = Practitioner.objects.get()
    number = make_id_number(1, area="370102")
    assert (practitioner.id_number, practitioner.id_number_hash) == (number, services.id_number_hash(number))
    assert practitioner.id_number_masked != number and practitioner.id_number_masked.endswith(number[-4:])
    assert (practitioner.name_pinyin, practitioner.name_initials) == ("shegong", "sg")
    assert (practitioner.birth_date, practitioner.gender) == (datetime.date(1990, 1, 1), "male")
    assert (practitioner.filing_state, practitioner.employer) == (FilingState.APPLIED, organization)
    step = FilingTransition.objects.get()
    assert (step.practitioner, step.from_state, step.to_state, step.effective_on, step.actor) == (
        practitioner,
        "",
        FilingState.APPLIED,
        timezone.localdate(),
        lixia_officer,
    )
    employment = Employment.objects.get()
    assert (employment.organization, employment.post, employment.starts_on, employment.ends_on) == (
        organization,
        "社会工作者",
        datetime.date(2021, 3, 1),
        None,
    )
    certificate = Certificate.objects.get()
    assert (certificate.practitioner, certificate.level, certificate.number) == (
        practitioner,
        "assistant",
        "A00001",
    )


def test_the_stored_id_number_is_encrypted(divisions, lixia_officer):
    practitioners_import(actor=lixia_officer, content=workbook([row(1)]))

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM workforce_practitioner")
        (stored,) = cursor.fetchone()
    assert stored.startswith("sg1.") and make_id_number(1, area="370102") not in stored


def test_one_chained_audit_entry_lists_every_id_created(divisions, lixia_officer):
    organization = OrganizationFactory(division=divisions["370102"])

    practitioners_import(
        actor=lixia_officer, content=workbook([employed(1, organization), employed(2, organization), row(3)])
    )

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_type, entry.actor) == (
        "import",
        "workforce.practitioner",
        lixia_officer,
    )
    assert entry.after == {
        "rows": 3,
        "practitioners": sorted(Practitioner.objects.values_list("pk", flat=True)),
        "employments": sorted(Employment.objects.values_list("pk", flat=True)),
        "certificates": sorted(Certificate.objects.values_list("pk", flat=True)),
    }
    assert entry.entry_hash == entry_digest(entry)


def test_dates_before_birth_and_too_long_cells_name_their_column(divisions, lixia_officer):
    organization = OrganizationFactory(division=divisions["370102"])
    content = workbook(
        [
            employed(1, organization, starts_on="1985-01-01"),
            row(
                2, certificate_level="社会工作师", certificate_number="Z2", certificate_issued_on="1980-05-05"
            ),
            row(3, name="张" * 51),
        ]
    )

    result = practitioners_import(actor=lixia_officer, content=content)

    assert [(e.row, e.column) for e in result.errors] == [
        (2, "starts_on"),
        (3, "certificate_issued_on"),
        (4, "name"),
    ]
    assert str(result.errors[0]).endswith(str(services.DATE_BEFORE_BIRTH))
    assert Practitioner.objects.count() == 0 and not AuditEntry.objects.exists()


def test_an_organisation_administrator_imports_only_staff_of_the_own_organisation(divisions):
    own = OrganizationFactory(division=divisions["370102"])
    other = OrganizationFactory(division=divisions["370102"])
    admin = UserFactory(role=Role.ORG_ADMIN, organization=own, division=None)

    result = practitioners_import(
        actor=admin,
        content=workbook([employed(1, own), employed(2, other), row(3)]),
    )

    assert [(e.row, e.column) for e in result.errors] == [(3, "employer"), (4, "employer")]
    assert Practitioner.objects.count() == 0

    assert practitioners_import(actor=admin, content=workbook([employed(1, own)])).ok
    assert Practitioner.objects.get().employer == own


def test_a_role_that_may_not_file_practitioners_is_refused(divisions):
    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions["370102"])

    with pytest.raises(PermissionDenied):
        practitioners_import(actor=worker, content=workbook([row(1)]))
    assert Practitioner.objects.count() == 0


def _batches(model, rows: int) -> int:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    size = max(1, min(500, connection.ops.bulk_batch_size(fields, [None] * rows)))
    return math.ceil(rows / size)


def _import_queries(actor, organization, rows: int) -> tuple[int, int]:
    content = workbook([employed(n, organization) for n in range(rows)])
    with CaptureQueriesContext(connection) as context:
        result = practitioners_import(actor=actor, content=content)
    assert result.errors == [] and len(result.created) == rows
    inserts = sum(1 for q in context.captured_queries if q["sql"].lstrip().upper().startswith("INSERT"))
    return len(context.captured_queries) - inserts, inserts


def test_the_queries_of_an_import_do_not_grow_with_its_rows(
    divisions, lixia_officer, django_assert_max_num_queries
):
    organization = OrganizationFactory(division=divisions["370102"])
    others_100, _inserts = _import_queries(lixia_officer, organization, 100)
    Practitioner.objects.all().delete()
    models = (Practitioner, FilingTransition, Employment, Certificate)
    batches = sum(_batches(model, 1000) for model in models)

    content = workbook([employed(n, organization) for n in range(1000, 2000)])
    # Look-ups, savepoints and the audit entry: the same for 1,000 rows as for 100; inserts in batches.
    with django_assert_max_num_queries(others_100 + batches + 1):
        result = practitioners_import(actor=lixia_officer, content=content)

    assert len(result.created) == 1000
    # A handful for 100 rows — lookups, savepoints, on PostgreSQL the id reservation and COPY of each table
    # (common/bulk.py), the audit entry — never one per row. (How many exactly depends on what earlier
    # tests left cached, e.g. content types: 10–22.)
    assert others_100 < 30
