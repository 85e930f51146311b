"""Every list page exports to Excel, or says here why not (issue 10)."""

from django.urls import URLPattern, URLResolver, get_resolver

from shegong.reports.exports import EXPORTS

# List pages without an export yet, and why. Remove a line when its export is added.
EXEMPT = {
    "audit:entry-list": "the audit log leaves the system through the signed audit archive (audit_archive)",
    "geo:division-list": "reference data loaded from the published division data set, not entered here",
    "policy:document-list": "reference data: the policy texts are files in the repository (policy/documents)",
    "policy:rule-list": "reference data: the rules are code; docs/rules-engine.md lists them",
    "portal:sanction-list": "public page: the published records, readable by anyone without an account",
    "portal:pay-disclosure-list": "public page: the published records, readable by anyone without an account",
    "reports:job-list": "the viewer's own background jobs, not a register",
}
# List pages whose URL name does not end in "-list".
OTHER_LIST_PAGES = {
    "portal:complaint-queue",
    "workforce:complaint-queue",
    "stations:supervision",
    "stations:deadline-calendar",
    "stations:community-centres",
    "cases:caseload",
}


def _route_names(resolver: URLResolver, namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            yield from _route_names(pattern, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_list_page_has_an_export_or_a_reason():
    names = set(_route_names(get_resolver()))
    pages = {n for n in names if n.endswith("-list") and not n.startswith("api:")} | OTHER_LIST_PAGES
    exported = {spec.list_url for spec in EXPORTS.values()}

    missing = sorted(pages - exported - set(EXEMPT))

    assert missing == [], f"list pages with neither an export nor a reason: {missing}"


def test_no_exemption_or_export_is_stale():
    names = set(_route_names(get_resolver()))

    assert sorted(set(EXEMPT) - names) == []
    assert sorted(spec.name for spec in EXPORTS.values() if spec.list_url not in names) == []
    assert sorted(set(EXEMPT) & {spec.list_url for spec in EXPORTS.values()}) == []
