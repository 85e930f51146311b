"""Routes of the public portal for the jurisdiction scope test: public pages and the officers' queue."""

from django.utils import timezone

from shegong.portal.services import portal_complaint_submit
from shegong.stations.tests.factories import StationFactory
from shegong.tests.scope import LICHENG, LIXIA, Case

PUBLIC = "public: reads only published records"

NOT_SCOPED = {
    "portal:home": PUBLIC,
    "portal:station-directory": PUBLIC,
    "portal:sanction-list": PUBLIC,
    "portal:pay-disclosure-list": PUBLIC,
    "portal:statistics": PUBLIC,
    "portal:complaint-create": PUBLIC,
}

NOT_SCOPED.update(
    {
        "portal:language": "language switch of the public pages, no data",
        "portal:job-board": PUBLIC,
        "portal:job-detail": PUBLIC,
        "portal:complaint-track": "public: status and dates of one complaint by its tracking number",
        "portal:complaint-intake": "form for officers; station and organisation choices are scoped",
        "portal:complaint-step": "POST only; the complaint is looked up through the scoped selector",
        "portal:complaint-close": "POST only; the complaint is looked up through the scoped selector",
    }
)


def make_complaints(divisions):
    return tuple(
        portal_complaint_submit(
            subject="station",
            station_id=StationFactory(name=name, division=divisions[code]).pk,
            summary=f"{name}无人值守",
            received_on=timezone.localdate(),
        )
        for name, code in (("历下解放路站", LIXIA), ("历城山大路站", LICHENG))
    )


COMPLAINTS = Case(make=make_complaints, marker=lambda c: c.tracking_number)
SCOPED_LISTS = {"portal:complaint-queue": COMPLAINTS}
SCOPED_DETAILS = {"portal:complaint-detail": COMPLAINTS}


def _access():
    from shegong.accounts.models import Role
    from shegong.tests.test_security_access import OFFICERS, Access, Answer, post_only, public

    officers = OFFICERS | {Role.SYSTEM_ADMIN}
    post = post_only(anonymous=Answer.LOGIN, kwargs=lambda divisions: {"pk": 999999999})
    return {
        "portal:home": public(),
        "portal:language": Access(ok=(), others=Answer.REDIRECT, anonymous=Answer.REDIRECT),
        "portal:station-directory": public(),
        "portal:sanction-list": public(),
        "portal:pay-disclosure-list": public(),
        "portal:statistics": public(),
        "portal:job-board": public(),
        "portal:job-detail": Access(
            ok=(),
            others=Answer.NOT_FOUND,
            anonymous=Answer.NOT_FOUND,
            kwargs=lambda divisions: {"pk": 999999999},
        ),
        "portal:complaint-create": public(),
        "portal:complaint-track": public(),
        "portal:complaint-queue": Access(ok=officers),
        "portal:complaint-intake": Access(ok=officers),
        "portal:complaint-detail": Access(ok=officers),
        "portal:complaint-step": post,
        "portal:complaint-close": post,
    }


ACCESS = _access()
