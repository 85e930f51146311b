"""Demo recruitment and volunteers: open postings on the job board, a candidate on public notice, volunteers.

Follows the demo loader convention (``shegong.demo.loaders``): rows are found by natural keys (a posting by
its station and post, a candidate by posting and practitioner, a volunteer by division and name, an
activity by division and title), created through the services when missing and reported to
``context.tally``. Dates follow today, so the job board always has open postings and the notice period
of the Huizhou candidate is always running.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from shegong.demo.loaders import DemoContext, Outcome
from shegong.organizations.models import Organization
from shegong.stations.models import Station
from shegong.workforce.models import FilingState, Practitioner, Rank

from . import services
from .models import Activity, Application, Pairing, Posting, Stage, Volunteer

DAY = datetime.timedelta(days=1)
POSTINGS = (
    # (station division, post, rank, domain, openings, pay from, pay to, requirements)
    (
        "370102",
        "社工站专业社工",
        Rank.ASSISTANT,
        "social_assistance",
        2,
        "5200",
        "6500",
        "社会工作及相关专业大专以上学历，持助理社会工作师及以上证书；熟悉低保、特困人员服务。",
    ),
    (
        "4413",
        "乡镇（街道）社工站社工（统一招聘）",
        Rank.SOCIAL_WORKER,
        "social_welfare",
        3,
        "4800",
        "6000",
        "持社会工作者职业水平证书；服从乡镇（街道）统一安排，驻村（居）开展服务。",
    ),
)
VOLUNTEERS = (("孙丽", "陪伴老人，手工制作"), ("周强", "法律咨询，政策宣讲"), ("吴倩", "心理疏导，儿童陪伴"))


def _station(prefix: str) -> Station | None:
    return (
        Station.objects.filter(division__code__startswith=prefix)
        .select_related("division", "provider")
        .order_by("-provider_id", "division_id")
        .first()
    )


def _employer(station: Station) -> Organization | None:
    """The station's provider; a Huizhou town station hires through an organisation of its city."""
    if station.provider is not None:
        return station.provider
    return (
        Organization.objects.filter(division__code__startswith=station.division_id[:4]).order_by("id").first()
    )


def _filed(prefix: str, exclude=()) -> Practitioner | None:
    return (
        Practitioner.objects.filter(division__code__startswith=prefix, filing_state=FilingState.FILED)
        .exclude(pk__in=exclude)
        .order_by("id")
        .first()
    )


def _posting(context: DemoContext, station: Station, spec) -> Posting | None:
    _prefix, title, rank, domain, openings, pay_min, pay_max, requirements = spec
    tally = context.tally(Posting)
    posting = Posting.objects.filter(station=station, title=title).first()
    employer = _employer(station)
    if posting is None and employer is None:
        return None
    today = timezone.localdate()
    if posting is not None:
        if posting.closes_on < today:
            posting.closes_on = today + 30 * DAY
            posting.save(update_fields=["closes_on", "updated_at"])
            tally.add(Outcome.UPDATED)
        else:
            tally.add(Outcome.UNCHANGED)
        return posting
    posting = services.posting_create(
        actor=context.actor,
        title=title,
        rank=rank,
        domain=domain,
        openings=openings,
        requirements=requirements,
        pay_min=Decimal(pay_min),
        pay_max=Decimal(pay_max),
        opens_on=today - 10 * DAY,
        closes_on=today + 30 * DAY,
        station=station,
        employer=employer,
    )
    services.posting_publish(actor=context.actor, posting=posting, published_on=today - 10 * DAY)
    tally.add(Outcome.CREATED)
    return posting


def _candidate_on_notice(context: DemoContext, posting: Posting, practitioner: Practitioner) -> None:
    """A Huizhou candidate who passed exam, interview and medical examination, on notice since 2 days ago."""
    tally = context.tally(Application)
    if Application.objects.filter(posting=posting, practitioner=practitioner).exists():
        tally.add(Outcome.UNCHANGED)
        return
    today = timezone.localdate()
    application = services.application_add(
        actor=context.actor, posting=posting, practitioner=practitioner, applied_on=today - 8 * DAY
    )
    steps = (
        (Stage.WRITTEN_EXAM, 6, None, None),
        (Stage.INTERVIEW, 5, Decimal("86.5"), None),
        (Stage.MEDICAL, 4, Decimal("88"), None),
        (Stage.NOTICE, 2, None, True),
    )
    for stage, days_ago, score, medical in steps:
        services.application_advance(
            actor=context.actor,
            application=application,
            to_stage=stage,
            taken_on=today - days_ago * DAY,
            score=score,
            medical_passed=medical,
        )
    tally.add(Outcome.CREATED)


def _volunteers(context: DemoContext, station: Station, practitioner: Practitioner | None) -> None:
    tally = context.tally(Volunteer)
    today = timezone.localdate()
    volunteers = []
    for name, skills in VOLUNTEERS:
        volunteer = Volunteer.objects.filter(division=station.division, name=name).first()
        if volunteer is None:
            volunteer = services.volunteer_register(
                actor=context.actor,
                name=name,
                division=station.division,
                registered_on=today - 90 * DAY,
                skills=skills,
            )
            tally.add(Outcome.CREATED)
        else:
            tally.add(Outcome.UNCHANGED)
        volunteers.append(volunteer)
    if practitioner is not None:
        pairings = context.tally(Pairing)
        for volunteer in volunteers[:2]:
            if Pairing.objects.filter(volunteer=volunteer, practitioner=practitioner).exists():
                pairings.add(Outcome.UNCHANGED)
                continue
            services.volunteer_pair(
                actor=context.actor,
                volunteer=volunteer,
                practitioner=practitioner,
                starts_on=today - 60 * DAY,
            )
            pairings.add(Outcome.CREATED)
    activities = context.tally(Activity)
    title = "敬老爱老志愿服务活动"
    if Activity.objects.filter(division=station.division, title=title).exists():
        activities.add(Outcome.UNCHANGED)
        return
    activity = services.activity_record(
        actor=context.actor,
        title=title,
        held_on=today - 30 * DAY,
        division=station.division,
        description="走访辖区独居老人，开展健康讲座和手工活动。",
    )
    for volunteer, hours in zip(volunteers, ("3", "2.5", "3"), strict=True):
        services.activity_add_volunteer(
            actor=context.actor, activity=activity, volunteer=volunteer, hours=hours
        )
    activities.add(Outcome.CREATED)


def load_demo(context: DemoContext) -> None:
    """Create the demo postings, a Huizhou candidate on public notice and the Lixia volunteers."""
    postings = {}
    for spec in POSTINGS:
        station = _station(spec[0])
        if station is not None:
            postings[spec[0]] = _posting(context, station, spec)
    huizhou = postings.get("4413")
    if huizhou is not None and huizhou.unified:
        candidate = _filed("4413")
        if candidate is not None:
            _candidate_on_notice(context, huizhou, candidate)
    lixia = _station("370102")
    if lixia is not None:
        _volunteers(context, lixia, _filed("370102"))
