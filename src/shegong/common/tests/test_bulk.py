"""``bulk_insert`` (issue 11): COPY on PostgreSQL with ids from the table's sequence, bulk_create elsewhere."""

import pytest
from django.db import IntegrityError, connection, transaction

from shegong.common.bulk import bulk_insert
from shegong.geo.models import Division
from shegong.workforce.models import FilingState, FilingTransition, Practitioner
from shegong.workforce.tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db


def test_rows_come_back_with_ids_and_related_rows_point_at_them(divisions):
    people = [PractitionerFactory.build(division=divisions["440304"]) for _ in range(3)]

    saved = bulk_insert(Practitioner, people)
    steps = bulk_insert(
        FilingTransition,
        [
            FilingTransition(practitioner=p, to_state=FilingState.APPLIED, effective_on="2024-01-02")
            for p in saved
        ],
    )

    assert all(p.pk for p in saved) and len({p.pk for p in saved}) == 3
    assert {s.practitioner_id for s in steps} == {p.pk for p in saved}
    stored = Practitioner.objects.get(pk=saved[0].pk)
    assert stored.id_number == people[0].id_number  # encrypted on the way in, read back in clear
    assert stored.created_at is not None
    # The sequence moved on: an ordinary save after the bulk insert gets a fresh id.
    later = PractitionerFactory(division=divisions["440304"])
    assert later.pk > max(p.pk for p in saved)


def test_a_duplicate_raises_djangos_integrity_error_and_writes_nothing(divisions):
    first = PractitionerFactory(division=divisions["440304"])
    twin = PractitionerFactory.build(division=divisions["440304"], id_number=first.id_number)
    fresh = PractitionerFactory.build(division=divisions["440304"])

    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert(Practitioner, [fresh, twin])

    assert list(Practitioner.objects.values_list("pk", flat=True)) == [first.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the sequence check is for COPY on PostgreSQL")
def test_a_model_without_a_generated_key_needs_its_keys():
    with pytest.raises(ValueError, match="generated key"):
        bulk_insert(Division, [Division(code=None, name="无代码", level="town")])
