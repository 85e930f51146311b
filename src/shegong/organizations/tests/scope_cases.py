"""Routes of the organisations app for the jurisdiction scope test."""

from shegong.organizations.tests.factories import OrganizationFactory
from shegong.tests.scope import LICHENG, LIXIA, Case


def make_organizations(divisions):
    return (
        OrganizationFactory(name="历下区阳光社工服务中心", division=divisions[LIXIA]),
        OrganizationFactory(name="历城区晨曦社工服务中心", division=divisions[LICHENG]),
    )


ORGANIZATIONS = Case(make=make_organizations, marker=lambda o: o.name)

SCOPED_LISTS = {
    "organizations:organization-list": ORGANIZATIONS,
    "api:organization-list": ORGANIZATIONS,
}
SCOPED_DETAILS = {
    "organizations:organization-detail": ORGANIZATIONS,
    "organizations:organization-update": ORGANIZATIONS,
    "api:organization-detail": ORGANIZATIONS,
}
NOT_SCOPED = {
    "organizations:organization-create": "form; the service refuses divisions outside the jurisdiction",
}
