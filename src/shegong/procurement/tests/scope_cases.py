"""Routes of the purchased-projects app for the jurisdiction scope test."""

from shegong.procurement.tests.factories import (
    CommitteeMeetingFactory,
    ProjectFactory,
    ReviewCommitteeFactory,
)
from shegong.tests.scope import LICHENG, LIXIA, Case


def make_projects(divisions):
    return (
        ProjectFactory(name="历下区解放路街道社工站项目", purchaser_division=divisions[LIXIA]),
        ProjectFactory(name="历城区山大路街道社工站项目", purchaser_division=divisions[LICHENG]),
    )


PROJECTS = Case(make=make_projects, marker=lambda p: p.name)


def make_libraries(divisions):
    return tuple(
        ReviewCommitteeFactory(library__division=divisions[code], library__name=name).library
        for code, name in (("370102", "历下区项目库"), ("370112", "历城区项目库"))
    )


def make_meetings(divisions):
    return tuple(
        CommitteeMeetingFactory(committee=library.committee) for library in make_libraries(divisions)
    )


LIBRARIES = Case(make=make_libraries, marker=lambda library: library.name)
MEETINGS = Case(make=make_meetings)

SCOPED_LISTS = {
    "procurement:project-list": PROJECTS,
    "api:project-list": PROJECTS,
    "procurement:library-list": LIBRARIES,
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
    "procurement:library-detail": LIBRARIES,
    "procurement:member-add": LIBRARIES,
    "procurement:meeting-create": LIBRARIES,
    "procurement:library-file": LIBRARIES,
    "procurement:meeting-detail": MEETINGS,
    "procurement:item-add": MEETINGS,
}
NOT_SCOPED = {
    "procurement:library-create": "form; the service refuses divisions outside the jurisdiction",
    "procurement:vote-cast": "POST only; an item outside the jurisdiction answers 404 (procurement view tests)",
    "procurement:item-decide": "POST only; an item outside the jurisdiction answers 404 (procurement view tests)",
    "procurement:project-create": "form; the service refuses purchasers outside the jurisdiction",
    "procurement:budget-calculator": "calculation from the published policy parameters; reads no records",
    "api:budget-calculator": "calculation from the published policy parameters; reads no records",
}
