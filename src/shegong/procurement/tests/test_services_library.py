"""Project library and review committee (SZ-12a/b): entries by filing or by vote, automatic recusal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from shegong.common.models import AuditEntry
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.procurement import services
from shegong.procurement.models import (
    ApplicationDecision,
    ItemKind,
    ItemOutcome,
    LibraryEntry,
    LibraryEntryRoute,
    MemberKind,
    ProjectLibrary,
    Vote,
    VoteChoice,
)
from shegong.procurement.tests.factories import (
    CommitteeMeetingFactory,
    CommitteeMemberFactory,
    ContinuationApplicationFactory,
    ProjectFactory,
    ReviewCommitteeFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def futian(divisions):
    return divisions["440304"]


@pytest.fixture
def committee(futian):
    return ReviewCommitteeFactory(library__division=futian)


@pytest.fixture
def meeting(committee):
    return CommitteeMeetingFactory(committee=committee, held_on=D(2022, 3, 15))


def zh_messages(exc: ValidationError, field: str) -> list[str]:
    with translation.override("zh-hans"):
        return [str(m) for m in exc.message_dict[field]]


def test_library_create_sets_up_the_library_and_its_committee(divisions, futian, system_admin):
    library = services.library_create(
        actor=system_admin,
        division=futian,
        name="福田区项目库",
        committee_name="福田区评审委员会",
        established_on=D(2021, 1, 1),
    )

    assert library.committee.name == "福田区评审委员会"
    assert set(AuditEntry.objects.values_list("object_type", flat=True)) == {
        "procurement.projectlibrary",
        "procurement.reviewcommittee",
    }


def test_library_belongs_to_a_city_or_district_only(divisions, system_admin):
    with pytest.raises(ValidationError) as exc:
        services.library_create(
            actor=system_admin,
            division=divisions["44"],
            name="省库",
            committee_name="省委员会",
            established_on=D(2021, 1, 1),
        )

    assert zh_messages(exc.value, "division") == ["项目库设在市或区。"]
    assert not ProjectLibrary.objects.exists()


def test_member_linked_to_the_provider_cannot_vote_and_nothing_is_written(
    futian, committee, meeting, system_admin
):
    provider = OrganizationFactory(name="深圳市福田区鹏城社会工作服务中心", division=futian)
    project = ProjectFactory(purchaser_division=futian, provider=provider)
    linked = CommitteeMemberFactory(committee=committee, name="梁专家", kind=MemberKind.SECTOR_EXPERT)
    linked.organizations.add(provider)
    item = services.meeting_item_add(
        actor=system_admin, meeting=meeting, project=project, kind=ItemKind.ADMISSION
    )
    audit_before = AuditEntry.objects.count()

    with pytest.raises(ValidationError) as exc:
        services.vote_cast(actor=system_admin, item=item, member=linked, choice=VoteChoice.FOR)

    assert zh_messages(exc.value, "member") == [
        "梁专家与项目承接主体深圳市福田区鹏城社会工作服务中心存在关联，须回避：本次投票不予记录。"
    ]
    assert not Vote.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_admission_by_vote_enters_the_project_in_the_library(futian, committee, meeting, system_admin):
    project = ProjectFactory(purchaser_division=futian, starts_on=D(2022, 1, 1), ends_on=D(2024, 12, 31))
    members = CommitteeMemberFactory.create_batch(3, committee=committee)
    item = services.meeting_item_add(
        actor=system_admin, meeting=meeting, project=project, kind=ItemKind.ADMISSION
    )
    for member, choice in zip(members, (VoteChoice.FOR, VoteChoice.FOR, VoteChoice.AGAINST), strict=True):
        services.vote_cast(actor=system_admin, item=item, member=member, choice=choice)

    services.meeting_item_decide(actor=system_admin, item=item, reasons="需求调研充分，预算合规。")

    item.refresh_from_db()
    entry = LibraryEntry.objects.get(project=project)
    assert (item.outcome, entry.route, entry.entered_on, entry.decision) == (
        ItemOutcome.APPROVED,
        LibraryEntryRoute.COMMITTEE,
        D(2022, 3, 15),
        item,
    )


def test_rejected_admission_leaves_the_project_out(futian, committee, meeting, system_admin):
    project = ProjectFactory(purchaser_division=futian)
    member = CommitteeMemberFactory(committee=committee)
    item = services.meeting_item_add(
        actor=system_admin, meeting=meeting, project=project, kind=ItemKind.ADMISSION
    )
    services.vote_cast(actor=system_admin, item=item, member=member, choice=VoteChoice.AGAINST)

    services.meeting_item_decide(actor=system_admin, item=item, reasons="服务内容与需求不符。")

    assert MeetingOutcome(item) == ItemOutcome.REJECTED
    assert not LibraryEntry.objects.exists()


def MeetingOutcome(item):  # noqa: N802
    item.refresh_from_db()
    return item.outcome


def test_a_member_votes_once_and_a_decided_item_takes_no_more_votes(futian, committee, meeting, system_admin):
    project = ProjectFactory(purchaser_division=futian)
    first, second = CommitteeMemberFactory.create_batch(2, committee=committee)
    item = services.meeting_item_add(
        actor=system_admin, meeting=meeting, project=project, kind=ItemKind.ADMISSION
    )
    services.vote_cast(actor=system_admin, item=item, member=first, choice=VoteChoice.FOR)

    with pytest.raises(ValidationError) as duplicate:
        services.vote_cast(actor=system_admin, item=item, member=first, choice=VoteChoice.AGAINST)
    services.meeting_item_decide(actor=system_admin, item=item)
    with pytest.raises(ValidationError) as closed:
        services.vote_cast(actor=system_admin, item=item, member=second, choice=VoteChoice.FOR)

    assert zh_messages(duplicate.value, "member") == [f"{first.name}已对本事项投票。"]
    assert zh_messages(closed.value, "choice") == ["本事项已作出决定，投票已结束。"]
    assert Vote.objects.count() == 1


@pytest.mark.parametrize(("starts_on", "entered"), [(D(2020, 11, 11), True), (D(2020, 11, 12), False)])
def test_only_projects_running_before_the_measures_enter_by_filing(
    futian, committee, system_admin, starts_on, entered
):
    project = ProjectFactory(purchaser_division=futian, starts_on=starts_on, ends_on=D(2023, 12, 31))

    if entered:
        entry = services.library_file_project(
            actor=system_admin, library=committee.library, project=project, filed_on=D(2021, 3, 1)
        )
        assert (entry.route, entry.entered_on) == (LibraryEntryRoute.FILING, D(2021, 3, 1))
    else:
        with pytest.raises(ValidationError) as exc:
            services.library_file_project(
                actor=system_admin, library=committee.library, project=project, filed_on=D(2021, 3, 1)
            )
        assert zh_messages(exc.value, "project") == [
            "只有2020-11-12之前已开展的项目可以备案入库；新增项目须经评审委员会审议通过后方可入库（SZ-12b）。"
        ]
        assert not LibraryEntry.objects.exists()


def test_continuation_is_approved_only_by_a_meeting_decision(futian, committee, meeting, system_admin):
    project = ProjectFactory(purchaser_division=futian, starts_on=D(2019, 1, 1), ends_on=D(2021, 12, 31))
    services.library_file_project(
        actor=system_admin, library=committee.library, project=project, filed_on=D(2021, 1, 5)
    )
    application = ContinuationApplicationFactory(project=project, submitted_on=D(2021, 5, 1))
    member = CommitteeMemberFactory(committee=committee)
    item = services.meeting_item_add(
        actor=system_admin, meeting=meeting, project=project, kind=ItemKind.CONTINUATION
    )
    services.vote_cast(actor=system_admin, item=item, member=member, choice=VoteChoice.FOR)
    application.refresh_from_db()
    assert application.decision == ApplicationDecision.PENDING  # votes alone decide nothing

    services.meeting_item_decide(actor=system_admin, item=item)

    application.refresh_from_db()
    assert (application.decision, application.decided_on, item.application) == (
        ApplicationDecision.APPROVED,
        D(2022, 3, 15),
        application,
    )
    assert not hasattr(services, "continuation_decide")


def test_exit_by_vote_takes_the_project_out(futian, committee, meeting, system_admin):
    project = ProjectFactory(purchaser_division=futian, starts_on=D(2019, 1, 1), ends_on=D(2022, 12, 31))
    services.library_file_project(
        actor=system_admin, library=committee.library, project=project, filed_on=D(2021, 1, 5)
    )
    member = CommitteeMemberFactory(committee=committee)
    item = services.meeting_item_add(actor=system_admin, meeting=meeting, project=project, kind=ItemKind.EXIT)
    services.vote_cast(actor=system_admin, item=item, member=member, choice=VoteChoice.FOR)

    services.meeting_item_decide(actor=system_admin, item=item)

    assert LibraryEntry.objects.get(project=project).exited_on == D(2022, 3, 15)


def test_project_outside_the_library_district_is_refused(divisions, committee, meeting, system_admin):
    project = ProjectFactory(purchaser_division=divisions["370102"])

    with pytest.raises(ValidationError) as exc:
        services.meeting_item_add(
            actor=system_admin, meeting=meeting, project=project, kind=ItemKind.ADMISSION
        )

    assert zh_messages(exc.value, "project") == ["项目的购买主体不在本项目库所属的市或区。"]
