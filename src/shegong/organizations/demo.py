"""Demo supervision of organisations in Shenzhen and Jinan (SZ-15b, SZ-16b): founders and leaders,
registration details, interviews, a prior report, an exchange filing, a published penalty, a bad-conduct
record and a proposed revocation.

Idempotent: an organisation that already has people or records is left as it is; every write goes
through the services (the demo system administrator acts, so the SZ-10 duties allow every kind).
"""

from __future__ import annotations

import datetime

from shegong.demo.foundation import ORGANIZATIONS
from shegong.demo.loaders import DemoContext, Outcome

from . import services
from .models import (
    Organization,
    OrganizationPerson,
    PersonRole,
    Revocation,
    SupervisionKind,
    SupervisionRecord,
)

D = datetime.date
TODAY = D(2024, 6, 30)

DETAILS = {
    # key: (registration authority, business supervisory unit, registered on, public interest)
    "sz_pengcheng": ("深圳市民政局", "深圳市民政局", D(2012, 5, 8), True),
    "sz_caihong": ("深圳市民政局", "深圳市民政局", D(2014, 9, 1), True),
    "sz_association": ("深圳市民政局", "深圳市民政局", D(2007, 6, 16), True),
    "jn_yangguang": ("济南市历下区民政局", "济南市历下区民政局", D(2015, 3, 20), True),
    "jn_tongxin": ("济南市历城区民政局", "济南市历城区民政局", D(2016, 11, 2), False),
    "jn_association": ("济南市民政局", "济南市民政局", D(2010, 8, 9), True),
}
PEOPLE = {
    "sz_pengcheng": (
        ("梁家豪", PersonRole.CHAIR),
        ("黄晓敏", PersonRole.DIRECTOR_GENERAL),
        ("周立新", PersonRole.FOUNDER),
    ),
    "sz_caihong": (("谢宇航", PersonRole.CHAIR), ("林嘉欣", PersonRole.DIRECTOR_GENERAL)),
    "jn_yangguang": (
        ("孔德明", PersonRole.CHAIR),
        ("王丽君", PersonRole.DIRECTOR_GENERAL),
        ("孔德明", PersonRole.FOUNDER),
    ),
    "jn_tongxin": (("徐浩然", PersonRole.CHAIR), ("赵文静", PersonRole.SUPERVISOR)),
}
# key, kind, date, summary, reference, region, published on
RECORDS = (
    (
        "sz_pengcheng",
        SupervisionKind.MAJOR_EVENT_REPORT,
        D(2024, 3, 2),
        "拟于4月举办社区公益论坛，事前报告",
        "",
        "",
        None,
    ),
    (
        "sz_pengcheng",
        SupervisionKind.EXCHANGE_FILING,
        D(2024, 4, 18),
        "赴香港社会服务联会交流学习备案",
        "",
        "hong_kong",
        None,
    ),
    (
        "sz_caihong",
        SupervisionKind.PENALTY,
        D(2023, 11, 6),
        "未按规定使用政府购买服务资金，给予警告",
        "深罗民罚〔2023〕12号",
        "",
        D(2023, 11, 20),
    ),
    ("sz_caihong", SupervisionKind.INTERVIEW, D(2023, 10, 12), "就预算执行不规范进行行政约谈", "", "", None),
    (
        "jn_tongxin",
        SupervisionKind.BAD_CONDUCT,
        D(2023, 9, 1),
        "转包社工站服务，列入不良行为记录",
        "",
        "",
        None,
    ),
    (
        "jn_tongxin",
        SupervisionKind.SECTOR_DISCIPLINE,
        D(2023, 12, 8),
        "违反行业自律公约，予以通报批评",
        "济社协纪〔2023〕2号",
        "",
        D(2023, 12, 15),
    ),
)


def load_demo(context: DemoContext) -> None:
    """Fill in registration details, founders and leaders, and supervision records, once."""
    actor = context.actor
    by_uscc = Organization.objects.in_bulk([o.uscc for o in ORGANIZATIONS], field_name="uscc")
    by_key = {o.key: by_uscc[o.uscc] for o in ORGANIZATIONS if o.uscc in by_uscc}
    tally = context.tally(Organization)
    for key, (authority, unit, registered_on, public_interest) in DETAILS.items():
        organization = by_key.get(key)
        if organization is None or organization.registered_on:
            tally.add(Outcome.UNCHANGED)
            continue
        services.organization_update(
            actor=actor,
            organization=organization,
            registration_authority=authority,
            supervisory_unit=unit,
            registered_on=registered_on,
            public_interest=public_interest,
        )
        tally.add(Outcome.UPDATED)
    people = context.tally(OrganizationPerson)
    staffed = set(OrganizationPerson.objects.values_list("organization_id", flat=True))
    for key, rows in PEOPLE.items():
        organization = by_key.get(key)
        if organization is None or organization.pk in staffed:
            people.add(Outcome.UNCHANGED)
            continue
        for name, role in rows:
            services.organization_person_add(actor=actor, organization=organization, name=name, role=role)
            people.add(Outcome.CREATED)
    records = context.tally(SupervisionRecord)
    existing = set(SupervisionRecord.objects.values_list("organization_id", "kind", "occurred_on"))
    for key, kind, day, summary, reference, region, published_on in RECORDS:
        organization = by_key.get(key)
        if organization is None or (organization.pk, kind, day) in existing:
            records.add(Outcome.UNCHANGED)
            continue
        record = services.supervision_record(
            actor=actor,
            organization=organization,
            kind=kind,
            occurred_on=day,
            summary=summary,
            reference=reference,
            region=region,
            today=TODAY,
        )
        if published_on:
            services.supervision_record_publish(actor=actor, record=record, published_on=published_on)
        records.add(Outcome.CREATED)
    revocations = context.tally(Revocation)
    tongxin = by_key.get("jn_tongxin")
    if tongxin is None or Revocation.objects.filter(organization=tongxin).exists():
        revocations.add(Outcome.UNCHANGED)
    else:
        services.revocation_propose(
            actor=actor,
            organization=tongxin,
            reasons="转包社工站服务、违反行业自律公约，拟依法吊销登记证书，待听证后决定。",
            proposed_on=D(2024, 1, 10),
        )
        revocations.add(Outcome.CREATED)
