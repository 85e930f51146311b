"""Routes of the policy app (explorer, findings) for the jurisdiction scope test."""

import datetime

from shegong.tests.scope import LICHENG, LIXIA, Case


def make_findings(divisions):
    from shegong.policy.models import Finding

    def finding(code, name):
        day = datetime.date(2022, 6, 30)
        return Finding.objects.create(
            rule_id="JN-04",
            rule_version=1,
            document="jinan-2021-station-plan",
            clause="三(二)",
            severity="high",
            subject_type="stations.station",
            subject_id=code,
            subject_repr=name,
            division=divisions[code],
            as_of=day,
            measured="2",
            threshold="3",
            explanation_zh=name,
            explanation_en=name,
            first_seen=day,
            last_seen=day,
        )

    return finding(LIXIA, "解放路街道社工站问题"), finding(LICHENG, "山大路街道社工站问题")


FINDINGS = Case(make=make_findings, marker=lambda f: f.subject_repr)

SCOPED_LISTS = {
    "policy:finding-list": FINDINGS,
    "api:finding-list": FINDINGS,
}
SCOPED_DETAILS = {
    "policy:finding-detail": FINDINGS,
    "api:finding-detail": FINDINGS,
}
NOT_SCOPED = {
    "policy:document-list": "public policy explorer (published policy text)",
    "policy:document-detail": "public policy explorer; finding counts come from the scoped selector",
    "policy:parameter-detail": "public policy explorer",
    "policy:search": "public policy explorer",
    "policy:rule-list": "public rule registry",
    "api:policy-document-list": "public policy documents",
    "api:policy-document-detail": "public policy documents",
    "policy:what-if": "runs inside the officer's own division (policy what-if tests)",
    "policy:scan": "POST only; scans inside the officer's own division (policy findings tests)",
}
