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


SCOPED_DETAILS = {
    "reports:organization-compliance-pdf": Case(make=make_organizations),
    "reports:practitioner-credit-file-pdf": Case(make=make_practitioners),
}
NOT_SCOPED = {}
