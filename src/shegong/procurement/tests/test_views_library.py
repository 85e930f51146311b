"""Library and committee pages: scoped, votes refused for recused members, decisions by the votes."""

import datetime

import pytest
from django.urls import reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry
from shegong.common.tests.html import parse
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.procurement import services
from shegong.procurement.models import ItemKind, ItemOutcome, LibraryEntry, ProjectLibrary, Vote
from shegong.procurement.tests.factories import (
    CommitteeMeetingFactory,
    CommitteeMemberFactory,
    ProjectFactory,
    ReviewCommitteeFactory,
)

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
D = datetime.date


@pytest.fixture
def futian_officer(divisions):
    return UserFactory(username="futian_officer", role=Role.DISTRICT_OFFICER, division=divisions["440304"])


@pytest.fixture
def agenda(divisions, futian_officer):
    """A Futian meeting with an admission item; 梁专家 is linked to the provider, 王专家 is not."""
    committee = ReviewCommitteeFactory(library__division=divisions["440304"], library__name="福田区项目库")
    meeting = CommitteeMeetingFactory(committee=committee, held_on=D(2022, 3, 15), minutes="审议入库项目。")
    provider = OrganizationFactory(name="鹏城社工中心", division=divisions["440304"])
    project = ProjectFactory(
        name="南园街道社区项目", purchaser_division=divisions["440304"], provider=provider
    )
    linked = CommitteeMemberFactory(committee=committee, name="梁专家")
    linked.organizations.add(provider)
    other = CommitteeMemberFactory(committee=committee, name="王专家")
    item = services.meeting_item_add(
        actor=futian_officer, meeting=meeting, project=project, kind=ItemKind.ADMISSION
    )
    return {"meeting": meeting, "item": item, "linked": linked, "other": other, "project": project}


def test_officer_sets_up_a_library_with_its_committee(client, divisions, futian_officer):
    client.force_login(futian_officer)

    response = client.post(
        reverse("procurement:library-create"),
        {
            "division": "440304",
            "name": "福田区项目库",
            "committee_name": "福田区评审委员会",
            "established_on": "2021-01-01",
        },
    )

    library = ProjectLibrary.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("procurement:library-detail", args=[library.pk])
    assert library.committee.name == "福田区评审委员会"


def test_meeting_page_shows_the_recused_member_and_offers_only_eligible_voters(
    client, futian_officer, agenda
):
    client.force_login(futian_officer)

    response = client.get(reverse("procurement:meeting-detail", args=[agenda["meeting"].pk]), **ZH)

    document = parse(response.content)
    assert response.status_code == 200
    assert document.find(data_testid="recused").text == "回避（与承接主体存在关联）：梁专家"
    select = response.text.split(f'id="vote{agenda["item"].pk}_member"')[1].split("</select>")[0]
    assert "王专家" in select and "梁专家" not in select


def test_vote_of_a_recused_member_is_refused_with_a_chinese_message(client, futian_officer, agenda):
    client.force_login(futian_officer)
    audit_before = AuditEntry.objects.count()

    response = client.post(
        reverse("procurement:vote-cast", args=[agenda["item"].pk]),
        {"member": agenda["linked"].pk, "choice": "for"},
        **ZH,
    )

    assert response.status_code == 400
    assert "梁专家与项目承接主体鹏城社工中心存在关联，须回避：本次投票不予记录。" in response.text
    assert not Vote.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_votes_then_decision_admit_the_project(client, futian_officer, agenda):
    client.force_login(futian_officer)

    client.post(
        reverse("procurement:vote-cast", args=[agenda["item"].pk]),
        {"member": agenda["other"].pk, "choice": "for"},
    )
    response = client.post(
        reverse("procurement:item-decide", args=[agenda["item"].pk]), {"reasons": "需求明确，预算合规。"}
    )

    agenda["item"].refresh_from_db()
    assert response.status_code == 302
    assert agenda["item"].outcome == ItemOutcome.APPROVED
    assert LibraryEntry.objects.get().project == agenda["project"]


@pytest.mark.parametrize("route", ["procurement:vote-cast", "procurement:item-decide"])
def test_posts_on_an_item_outside_the_jurisdiction_answer_404(
    client, divisions, lixia_officer, agenda, route
):
    client.force_login(lixia_officer)

    response = client.post(
        reverse(route, args=[agenda["item"].pk]), {"member": agenda["other"].pk, "choice": "for"}
    )

    assert response.status_code == 404
    assert not Vote.objects.exists()


def test_review_committee_user_casts_only_their_own_vote(client, divisions, agenda):
    user = UserFactory(username="sz_review", role=Role.REVIEW_COMMITTEE, division=divisions["440304"])
    agenda["other"].user = user
    agenda["other"].save()
    someone_else = CommitteeMemberFactory(committee=agenda["meeting"].committee, name="赵专家")
    client.force_login(user)

    refused = client.post(
        reverse("procurement:vote-cast", args=[agenda["item"].pk]),
        {"member": someone_else.pk, "choice": "for"},
        **ZH,
    )
    accepted = client.post(
        reverse("procurement:vote-cast", args=[agenda["item"].pk]),
        {"member": agenda["other"].pk, "choice": "for"},
    )

    assert refused.status_code == 400
    assert "评审委员只能投自己的票。" in refused.text
    assert accepted.status_code == 302
    assert list(Vote.objects.values_list("member__name", flat=True)) == ["王专家"]


def test_library_page_lists_entries_members_and_meetings(client, futian_officer, agenda):
    client.force_login(futian_officer)
    library = agenda["meeting"].committee.library

    response = client.get(reverse("procurement:library-detail", args=[library.pk]), **ZH)

    document = parse(response.content)
    assert response.status_code == 200
    members = document.find(data_testid="committee-members").text
    assert "梁专家" in members and "鹏城社工中心" in members
    assert "2022年3月15日" in document.find(data_testid="committee-meetings").text
