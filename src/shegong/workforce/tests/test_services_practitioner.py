"""Writes on the practitioner registry: ID numbers, filing flow, certificates, employment, training."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.workforce import identity, services
from shegong.workforce.models import (
    Certificate,
    CertificateLevel,
    Employment,
    FilingState,
    FilingTransition,
    Practitioner,
    TrainingKind,
    TrainingRecord,
)
from shegong.workforce.tests.factories import PractitionerFactory, make_id_number, with_wrong_check_digit

pytestmark = pytest.mark.django_db

ID_NUMBER = make_id_number(7, area="370102", born=datetime.date(1990, 5, 17))  # 370102199005170077-like


def apply(actor, division, **extra):
    fields = {"name": "张三", "id_number": ID_NUMBER, "division": division, "phone": "13800000000"}
    fields.update(extra)
    return services.practitioner_apply(actor=actor, **fields)


def test_apply_stores_the_id_number_encrypted_with_a_search_key_and_derived_facts(divisions, lixia_officer):
    practitioner = apply(lixia_officer, divisions["370102"])

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM workforce_practitioner WHERE id = %s", [practitioner.pk])
        [raw] = cursor.fetchone()
    assert ID_NUMBER not in raw and ID_NUMBER[6:14] not in raw
    stored = Practitioner.objects.get()
    assert stored.id_number == ID_NUMBER
    assert stored.id_number_masked == ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]
    assert stored.id_number_hash == services.id_number_hash(ID_NUMBER)
    assert (stored.birth_date, stored.gender) == (datetime.date(1990, 5, 17), "male")  # 17th digit 7 is odd
    assert (stored.name_pinyin, stored.name_initials) == ("zhangsan", "zs")
    assert stored.filing_state == FilingState.APPLIED
    assert [t.to_state for t in stored.transitions.all()] == [FilingState.APPLIED]


def test_apply_is_audited_without_the_id_number(divisions, lixia_officer):
    practitioner = apply(lixia_officer, divisions["370102"])

    entry = AuditEntry.objects.get(object_type="workforce.practitioner")
    assert (entry.action, entry.actor, entry.object_id) == ("create", lixia_officer, str(practitioner.pk))
    assert entry.after["id_number"] == "***"
    assert ID_NUMBER not in str(entry.after) and ID_NUMBER not in entry.object_repr


def test_female_from_an_even_17th_digit(divisions, lixia_officer):
    number = make_id_number(8, area="370102", born=datetime.date(1990, 5, 17))

    assert apply(lixia_officer, divisions["370102"], id_number=number).gender == "female"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (with_wrong_check_digit(ID_NUMBER), identity.ID_NUMBER_CHECKSUM),
        ("37010219900517007", identity.ID_NUMBER_FORMAT),  # 17 characters
        ("3701021990051700AX", identity.ID_NUMBER_FORMAT),
        (make_id_number(1, area="370102", born=datetime.date(1990, 5, 17))[:10] + "1332" + "0011", None),
    ],
)
def test_invalid_id_numbers_are_refused_and_nothing_is_written(divisions, lixia_officer, number, message):
    if message is None:  # month 13: no valid birth date, whatever the check digit
        from stdnum.cn import ric

        body = "370102" + "19901332" + "001"
        number, message = body + ric.calc_check_digit(body + "0"), identity.ID_NUMBER_BIRTH_DATE

    with pytest.raises(ValidationError) as caught:
        apply(lixia_officer, divisions["370102"], id_number=number)

    assert caught.value.message_dict == {"id_number": [str(message)]}
    assert Practitioner.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_a_birth_date_in_the_future_is_refused(divisions, lixia_officer):
    number = make_id_number(1, area="370102", born=datetime.date(2099, 1, 1))

    with pytest.raises(ValidationError) as caught:
        apply(lixia_officer, divisions["370102"], id_number=number)

    assert caught.value.message_dict == {"id_number": [str(identity.ID_NUMBER_FUTURE_BIRTH)]}


def test_a_duplicate_id_number_is_refused_even_with_a_lower_case_x(divisions, lixia_officer):
    number = next(n for n in (make_id_number(i, area="370102") for i in range(100)) if n.endswith("X"))
    apply(lixia_officer, divisions["370102"], id_number=number)

    with pytest.raises(ValidationError) as caught:
        apply(lixia_officer, divisions["370102"], id_number=number.lower(), name="李四")

    assert caught.value.message_dict == {"id_number": [str(services.ID_NUMBER_TAKEN)]}
    assert Practitioner.objects.count() == 1


def test_an_officer_cannot_file_into_another_district(divisions, lixia_officer):
    with pytest.raises(ValidationError) as caught:
        apply(lixia_officer, divisions["370112"])

    assert caught.value.message_dict == {"division": [str(services.DIVISION_OUTSIDE_JURISDICTION)]}
    assert Practitioner.objects.count() == 0


def test_an_organisation_admin_files_only_for_the_own_organisation(divisions):
    own = OrganizationFactory(division=divisions["370102"])
    other = OrganizationFactory(division=divisions["370102"])
    admin = UserFactory(role=Role.ORG_ADMIN, organization=own)

    with pytest.raises(ValidationError) as caught:
        apply(admin, divisions["370102"], employer=other)
    assert caught.value.message_dict == {"employer": [str(services.ORGANIZATION_NOT_YOURS)]}

    assert apply(admin, divisions["370102"], employer=own).employer == own


def test_a_social_worker_cannot_file_practitioners(divisions):
    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions["370102"])

    with pytest.raises(PermissionDenied):
        apply(worker, divisions["370102"])
    assert Practitioner.objects.count() == 0


# Filing flow ---------------------------------------------------------------------------------------


def test_the_whole_filing_flow_keeps_its_history(divisions, lixia_officer):
    practitioner = apply(lixia_officer, divisions["370102"], applied_on=datetime.date(2022, 1, 3))
    day = datetime.date(2022, 1, 10)

    services.practitioner_review_start(actor=lixia_officer, practitioner=practitioner, effective_on=day)
    services.practitioner_file(actor=lixia_officer, practitioner=practitioner, effective_on=day)
    services.practitioner_suspend(
        actor=lixia_officer,
        practitioner=practitioner,
        reason="投诉调查中",
        effective_on=datetime.date(2022, 3, 1),
    )
    services.practitioner_reinstate(
        actor=lixia_officer,
        practitioner=practitioner,
        reason="调查结束",
        effective_on=datetime.date(2022, 4, 1),
    )
    services.practitioner_deregister(
        actor=lixia_officer,
        practitioner=practitioner,
        reason="严重违反职业道德",
        effective_on=datetime.date(2022, 5, 1),
    )

    history = list(practitioner.transitions.values_list("from_state", "to_state", "reason", "actor"))
    assert history == [
        ("", "applied", "", lixia_officer.pk),
        ("applied", "under_review", "", lixia_officer.pk),
        ("under_review", "filed", "", lixia_officer.pk),
        ("filed", "suspended", "投诉调查中", lixia_officer.pk),
        ("suspended", "filed", "调查结束", lixia_officer.pk),
        ("filed", "deregistered", "严重违反职业道德", lixia_officer.pk),
    ]
    practitioner.refresh_from_db()
    assert (practitioner.filing_state, practitioner.filed_on) == ("deregistered", day)
    transitions = AuditEntry.objects.filter(action="transition", object_type="workforce.practitioner")
    assert transitions.count() == 5
    assert transitions.first().reason == "严重违反职业道德"


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (FilingState.APPLIED, FilingState.FILED),  # review cannot be skipped
        (FilingState.APPLIED, FilingState.SUSPENDED),
        (FilingState.FILED, FilingState.UNDER_REVIEW),
        (FilingState.DEREGISTERED, FilingState.FILED),  # deregistration is final
        (FilingState.DEREGISTERED, FilingState.APPLIED),
    ],
)
def test_transitions_outside_the_flow_are_refused_and_change_nothing(divisions, lixia_officer, start, target):
    practitioner = PractitionerFactory(division=divisions["370102"], filing_state=start)
    steps, entries = FilingTransition.objects.count(), AuditEntry.objects.count()

    with pytest.raises(ValidationError) as caught:
        services.practitioner_transition(
            actor=lixia_officer, practitioner=practitioner, to_state=target, reason="理由"
        )

    assert caught.value.message_dict == {
        "to_state": [
            str(
                services.TRANSITION_NOT_ALLOWED
                % {"current": FilingState(start).label, "target": FilingState(target).label}
            )
        ]
    }
    practitioner.refresh_from_db()
    assert practitioner.filing_state == start
    assert (FilingTransition.objects.count(), AuditEntry.objects.count()) == (steps, entries)


def test_suspension_needs_a_reason(divisions, lixia_officer):
    practitioner = PractitionerFactory(division=divisions["370102"])

    with pytest.raises(ValidationError) as caught:
        services.practitioner_suspend(actor=lixia_officer, practitioner=practitioner, reason="  ")

    assert caught.value.message_dict == {"reason": [str(services.REASON_REQUIRED)]}
    practitioner.refresh_from_db()
    assert practitioner.filing_state == FilingState.FILED


def test_a_step_cannot_take_effect_before_the_previous_one(divisions, lixia_officer):
    practitioner = PractitionerFactory(division=divisions["370102"], filed_since=datetime.date(2022, 5, 1))

    with pytest.raises(ValidationError) as caught:
        services.practitioner_suspend(
            actor=lixia_officer,
            practitioner=practitioner,
            reason="投诉",
            effective_on=datetime.date(2022, 4, 30),
        )

    assert "effective_on" in caught.value.message_dict


@pytest.mark.parametrize("who", ["org_admin", "licheng_officer"])
def test_only_officers_of_the_jurisdiction_move_the_filing(divisions, licheng_officer, who):
    organization = OrganizationFactory(division=divisions["370102"])
    practitioner = PractitionerFactory(division=divisions["370102"], employer=organization)
    actor = (
        licheng_officer
        if who == "licheng_officer"
        else UserFactory(role=Role.ORG_ADMIN, organization=organization)
    )

    with pytest.raises(PermissionDenied):
        services.practitioner_suspend(actor=actor, practitioner=practitioner, reason="投诉")
    practitioner.refresh_from_db()
    assert practitioner.filing_state == FilingState.FILED


# Certificates, employment, training ----------------------------------------------------------------


def test_certificate_numbers_are_unique(divisions, lixia_officer):
    practitioner = PractitionerFactory(division=divisions["370102"])
    services.certificate_add(
        actor=lixia_officer,
        practitioner=practitioner,
        level=CertificateLevel.ASSISTANT,
        number="Z2019001",
        issued_on=datetime.date(2019, 6, 1),
        issuer="人社部",
    )

    with pytest.raises(ValidationError) as caught:
        services.certificate_add(
            actor=lixia_officer,
            practitioner=practitioner,
            level=CertificateLevel.INTERMEDIATE,
            number="Z2019001",
            issued_on=datetime.date(2021, 6, 1),
        )

    assert caught.value.message_dict == {"number": [str(services.CERTIFICATE_NUMBER_TAKEN)]}
    assert Certificate.objects.count() == 1


def test_training_in_the_future_or_without_hours_is_refused(divisions, lixia_officer):
    practitioner = PractitionerFactory(division=divisions["370102"])
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)

    with pytest.raises(ValidationError) as future:
        services.training_record_add(
            actor=lixia_officer,
            practitioner=practitioner,
            kind=TrainingKind.CONTINUING_EDUCATION,
            hours=Decimal("8"),
            held_on=tomorrow,
        )
    with pytest.raises(ValidationError) as zero:
        services.training_record_add(
            actor=lixia_officer,
            practitioner=practitioner,
            kind=TrainingKind.CONTINUING_EDUCATION,
            hours=Decimal("0"),
            held_on=datetime.date(2022, 1, 5),
        )

    assert future.value.message_dict == {"held_on": [str(services.DATE_IN_FUTURE)]}
    assert zero.value.message_dict == {"hours": [str(services.HOURS_NOT_POSITIVE)]}
    assert TrainingRecord.objects.count() == 0


def test_training_hours_are_recorded_and_audited(divisions, lixia_officer):
    practitioner = PractitionerFactory(division=divisions["370102"])

    record = services.training_record_add(
        actor=lixia_officer,
        practitioner=practitioner,
        kind=TrainingKind.PRE_JOB,
        hours=Decimal("7.5"),
        held_on=datetime.date(2022, 1, 5),
        provider="市社工协会",
    )

    assert (record.hours, record.kind) == (Decimal("7.5"), "pre_job")
    assert AuditEntry.objects.filter(object_type="workforce.trainingrecord", action="create").count() == 1


def test_an_organisation_admin_adds_training_only_for_own_staff(divisions):
    own = OrganizationFactory(division=divisions["370102"])
    admin = UserFactory(role=Role.ORG_ADMIN, organization=own)
    staff = PractitionerFactory(division=divisions["370102"], employer=own)
    stranger = PractitionerFactory(division=divisions["370102"])
    fields = {"kind": TrainingKind.OTHER, "hours": Decimal("2"), "held_on": datetime.date(2022, 1, 5)}

    services.training_record_add(actor=admin, practitioner=staff, **fields)
    with pytest.raises(PermissionDenied):
        services.training_record_add(actor=admin, practitioner=stranger, **fields)

    assert list(TrainingRecord.objects.values_list("practitioner", flat=True)) == [staff.pk]


def test_a_current_post_sets_the_employer_and_ending_it_clears_it(divisions, lixia_officer):
    organization = OrganizationFactory(division=divisions["370102"])
    practitioner = PractitionerFactory(division=divisions["370102"])

    employment = services.employment_add(
        actor=lixia_officer,
        practitioner=practitioner,
        organization=organization,
        post="个案社工",
        starts_on=datetime.date(2021, 3, 1),
    )
    practitioner.refresh_from_db()
    assert practitioner.employer == organization

    services.employment_end(actor=lixia_officer, employment=employment, ends_on=datetime.date(2022, 2, 28))
    practitioner.refresh_from_db()
    assert practitioner.employer is None
    assert Employment.objects.get().ends_on == datetime.date(2022, 2, 28)


def test_shenzhen_purchased_projects_hire_only_filed_practitioners(divisions):
    """SZ-05: from 2020-11-12 hires into purchased projects come only from filed practitioners."""
    officer = UserFactory(role=Role.DISTRICT_OFFICER, division=divisions["440304"])
    organization = OrganizationFactory(division=divisions["440304"])
    applied = PractitionerFactory(division=divisions["440304"], filed_since=None)
    filed = PractitionerFactory(division=divisions["440304"])
    post = {
        "organization": organization,
        "post": "社工",
        "starts_on": datetime.date(2021, 3, 1),
        "contract_signed_on": datetime.date(2021, 1, 5),
    }

    with pytest.raises(ValidationError) as caught:
        services.employment_add(actor=officer, practitioner=applied, **post)
    services.employment_add(actor=officer, practitioner=filed, **post)
    # A post outside a purchased project, or before the platform existed, needs no filing.
    services.employment_add(actor=officer, practitioner=applied, **{**post, "contract_signed_on": None})
    services.employment_add(
        actor=officer, practitioner=applied, **{**post, "starts_on": datetime.date(2020, 11, 11)}
    )

    assert caught.value.message_dict == {
        "organization": [str(services.HIRE_NEEDS_FILING % {"state": FilingState.APPLIED.label})]
    }
    assert Employment.objects.filter(practitioner=applied).count() == 2


# Full ID number ------------------------------------------------------------------------------------


def test_revealing_the_full_id_number_needs_an_officer_and_a_reason_and_is_logged(divisions, lixia_officer):
    practitioner = PractitionerFactory(division=divisions["370102"])
    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions["370102"])

    with pytest.raises(PermissionDenied):
        services.practitioner_reveal_id_number(viewer=worker, practitioner=practitioner, reason="核对")
    with pytest.raises(ValidationError):
        services.practitioner_reveal_id_number(viewer=lixia_officer, practitioner=practitioner, reason="")
    assert not AuditEntry.objects.filter(action="view").exists()

    number = services.practitioner_reveal_id_number(
        viewer=lixia_officer, practitioner=practitioner, reason="核对社保缴纳信息"
    )

    assert number == practitioner.id_number
    entry = AuditEntry.objects.get(action="view")
    assert (entry.actor, entry.reason, entry.object_id) == (
        lixia_officer,
        "核对社保缴纳信息",
        str(practitioner.pk),
    )
