"""The recruitment demo: open postings on the job board, a Huizhou candidate on notice, paired volunteers."""

import pytest

from shegong.demo.loaders import demo_load
from shegong.recruitment.models import Activity, Application, Pairing, Posting, PostingState, Stage, Volunteer
from shegong.stations.tests.test_demo import demo_tree  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_the_demo_loads_postings_a_candidate_on_notice_and_volunteers_once(demo_tree):  # noqa: F811
    first = demo_load()
    second = demo_load()

    assert first.tally(Posting).created == 2
    assert set(Posting.objects.values_list("state", flat=True)) == {PostingState.PUBLISHED}
    assert Posting.objects.get(division__code__startswith="4413").unified
    candidate = Application.objects.get()
    assert candidate.stage == Stage.NOTICE
    assert candidate.notice_ends_on > candidate.notice_starts_on
    assert first.tally(Volunteer).created == 3
    assert Pairing.objects.count() == 2
    assert Activity.objects.get().volunteers.count() == 3
    assert second.changed == 0
