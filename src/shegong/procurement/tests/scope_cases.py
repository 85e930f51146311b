"""Routes of the purchased-projects app for the jurisdiction scope test."""

from shegong.procurement.tests.factories import ProjectFactory
from shegong.tests.scope import LICHENG, LIXIA, Case


def make_projects(divisions):
    return (
        ProjectFactory(name="历下区解放路街道社工站项目", purchaser_division=divisions[LIXIA]),
        ProjectFactory(name="历城区山大路街道社工站项目", purchaser_division=divisions[LICHENG]),
    )


PROJECTS = Case(make=make_projects, marker=lambda p: p.name)

SCOPED_LISTS = {
    "procurement:project-list": PROJECTS,
    "api:project-list": PROJECTS,
}
SCOPED_DETAILS = {
    "procurement:project-detail": PROJECTS,
    "procurement:project-update": PROJECTS,
    "procurement:budget-submit": PROJECTS,
    "procurement:contract-create": PROJECTS,
    "procurement:evaluation-create": PROJECTS,
    "api:project-detail": PROJECTS,
    "api:project-budgets": PROJECTS,
    "api:project-compliance": PROJECTS,
}
NOT_SCOPED = {
    "procurement:project-create": "form; the service refuses purchasers outside the jurisdiction",
    "procurement:budget-calculator": "calculation from the published policy parameters; reads no records",
    "api:budget-calculator": "calculation from the published policy parameters; reads no records",
}
