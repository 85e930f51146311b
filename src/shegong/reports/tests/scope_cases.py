"""Routes of the reports app for the jurisdiction scope test."""

import datetime

from shegong.tests.scope import LICHENG, LIXIA, Case


def make_findings_of_two_rules(divisions):
    """A Lixia finding of JN-04 and a Licheng finding of JN-07: the dashboard lists rules it sees."""
    from shegong.policy.models import Finding

    def finding(code, rule):
        day = datetime.date(2022, 6, 30)
        return Finding.objects.create(
            rule_id=rule,
            rule_version=1,
            document="jinan-2021-station-plan",
            clause="三(二)",
            severity="high",
            subject_type="stations.station",
            subject_id=code,
            subject_repr=code,
            division=divisions[code],
            as_of=day,
            measured="2",
            threshold="3",
            explanation_zh=rule,
            explanation_en=rule,
            first_seen=day,
            last_seen=day,
        )

    return finding(LIXIA, "JN-04"), finding(LICHENG, "JN-07")


SCOPED_LISTS = {
    "reports:dashboard": Case(make=make_findings_of_two_rules, marker=lambda f: f"?rule={f.rule_id}&amp;"),
}


def make_organizations(divisions):
    from shegong.organizations.tests.factories import OrganizationFactory

    return (
        OrganizationFactory(name="历下区社会工作服务中心", division=divisions["370102"]),
        OrganizationFactory(name="历城区社会工作服务中心", division=divisions["370112"]),
    )


def make_practitioners(divisions):
    from shegong.workforce.tests.factories import PractitionerFactory

    return (
        PractitionerFactory(name="历下社工", division=divisions[LIXIA]),
        PractitionerFactory(name="历城社工", division=divisions[LICHENG]),
    )


def make_stations(divisions):
    from shegong.stations.tests.factories import StationFactory

    return (
        StationFactory(name="解放路街道社工站", division=divisions[LIXIA]),
        StationFactory(name="山大路街道社工站", division=divisions[LICHENG]),
    )


SCOPED_DETAILS = {
    "reports:station-brief-pdf": Case(
        make=make_stations, kwargs=lambda obj: {"pk": obj.pk, "month": "2024-01"}
    ),
    "reports:organization-compliance-pdf": Case(make=make_organizations),
    "reports:practitioner-credit-file-pdf": Case(make=make_practitioners),
}
NOT_SCOPED = {
    "reports:job-list": "the viewer's own background jobs only (filtered by owner, tested in test_jobs)",
    "reports:job-download": "the owner's own job only; another user's job answers 404 (test_jobs)",
    "reports:job-scan": "POST only; the scan always covers the officer's own jurisdiction (test_jobs)",
    "reports:report-package": "POST only; a district outside the jurisdiction is refused (test_jobs)",
    "reports:city-reports": "POST only; always the city officer's own city (test_city_reports)",
    "reports:public-dashboard": "public counts of stations, points and coverage; no personal data",
    "reports:export-center": "a menu of exports; no data",
    "reports:huizhou-assessment-pdf": "aggregate of scoped querysets; a division outside the reach is refused",
    "reports:export": "filter form; the workbook comes from the scoped selectors (test_exports)",
}


def _access():
    from shegong.accounts.models import Role
    from shegong.tests.test_security_access import (
        DIVISION_ROLES,
        OFFICERS,
        ORGANIZATION_MEMBERS,
        Access,
        Answer,
        post_only,
        public,
        signed_in,
    )

    return {
        # Officers see their city, district or town; organisation members their organisation's view.
        "reports:dashboard": Access(ok=OFFICERS | ORGANIZATION_MEMBERS | {Role.SYSTEM_ADMIN}),
        "reports:public-dashboard": public(),
        "reports:city-reports": post_only(anonymous=Answer.LOGIN),
        "reports:station-brief-pdf": Access(ok=DIVISION_ROLES | {Role.SYSTEM_ADMIN}, others=Answer.NOT_FOUND),
        "reports:huizhou-assessment-pdf": Access(
            special={role: Answer.BAD_REQUEST for role in OFFICERS | {Role.SYSTEM_ADMIN}}
        ),
        "reports:job-list": signed_in(),
        "reports:job-download": Access(others=Answer.NOT_FOUND, kwargs=lambda divisions: {"pk": 999999999}),
        "reports:job-scan": post_only(anonymous=Answer.LOGIN),
        "reports:report-package": post_only(anonymous=Answer.LOGIN),
        "reports:export-center": signed_in(),
        "reports:export": signed_in(kwargs=lambda divisions: {"name": "organizations"}),
    }


ACCESS = _access()
