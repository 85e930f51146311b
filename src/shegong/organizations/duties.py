"""SZ-10: which department may record which supervision record (明确部门工作职责, clause (十)).

The table is data, read by the services: a role not listed for a kind is refused with a Chinese
message that cites SZ-10. Civil affairs (the registration authority) records every kind and alone
revokes a registration; the other departments record what clause (十) puts in their hands.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import OFFICER_ROLES, Role

from .models import SupervisionKind

K = SupervisionKind
CIVIL_AFFAIRS = frozenset(OFFICER_ROLES)

# kind -> roles that may record it, with the duty of clause (十) behind each department.
RECORD_DUTIES: dict[str, frozenset[str]] = {
    # 民政部门……监督管理和执法检查; 业务主管单位……管理责任.
    K.INTERVIEW: CIVIL_AFFAIRS | {Role.SUPERVISORY_UNIT},
    # 业务主管单位负责……登记事项以及年度报告进行前置审核.
    K.MAJOR_EVENT_REPORT: CIVIL_AFFAIRS | {Role.SUPERVISORY_UNIT},
    # 业务主管单位承担……对外交往、接受境外捐赠资助……的管理责任; 外事、公安……履行监管职责.
    K.EXCHANGE_FILING: CIVIL_AFFAIRS | {Role.SUPERVISORY_UNIT, Role.POLICE_OFFICER},
    # Each department records the bad conduct it finds in its own field and reports it to civil affairs.
    K.BAD_CONDUCT: CIVIL_AFFAIRS
    | {
        Role.SUPERVISORY_UNIT,
        Role.FINANCE_OFFICER,  # 财政部门……对资金使用情况进行监督和检查
        Role.TAX_OFFICER,  # 税务部门依法对……涉税行为进行管理
        Role.AUDIT_OFFICER,  # 审计部门……依法进行审计监督
        Role.DISCIPLINE_INSPECTOR,  # 纪检监察机关加强执纪监察
        Role.POLICE_OFFICER,  # 公安……依法查处违法违规行为
        Role.COURT_OFFICER,  # 人民法院……对失信被执行人实施联合惩戒
    },
    # Administrative penalties by the departments that hold the power to impose them.
    K.PENALTY: CIVIL_AFFAIRS | {Role.TAX_OFFICER, Role.POLICE_OFFICER},
    # 行业纪律惩戒: the sector organisation's discipline committee (clause (九), (十六)).
    K.SECTOR_DISCIPLINE: CIVIL_AFFAIRS | {Role.DISCIPLINE_COMMITTEE},
}
# 民政部门……依法吊销其登记证书 (clause (十五)): the registration authority alone.
REVOCATION_DUTY: frozenset[str] = frozenset({Role.CITY_OFFICER, Role.DISTRICT_OFFICER})
# Who may draw random inspections and record their results (civil affairs).
INSPECTION_DUTY: frozenset[str] = CIVIL_AFFAIRS

NOT_YOUR_DUTY = _(
    "Under the division of duties between departments (SZ-10, clause (十)), %(role)s may not record %(kind)s."
)
REVOCATION_NOT_YOUR_DUTY = _(
    "Under the division of duties between departments (SZ-10, clause (十)), only the civil affairs "
    "registration authority revokes a registration; %(role)s may not."
)


def may_record(user, kind: str) -> bool:
    """Whether ``user`` may record a supervision record of ``kind`` (a system administrator may)."""
    if user is None or user.is_system_admin:
        return True
    return user.role in RECORD_DUTIES.get(kind, frozenset())


def kinds_for(user) -> list[tuple[str, str]]:
    """The supervision kinds ``user`` may record, as choices."""
    return [(value, label) for value, label in SupervisionKind.choices if may_record(user, value)]


def may_revoke(user) -> bool:
    return user is None or user.is_system_admin or user.role in REVOCATION_DUTY


def duty_table() -> list[tuple[str, list[str]]]:
    """(kind label, [role labels]) for the page that shows the table."""
    roles = dict(Role.choices)
    return [
        (str(SupervisionKind(kind).label), [str(roles[r]) for r in Role.values if r in allowed])
        for kind, allowed in RECORD_DUTIES.items()
    ]
