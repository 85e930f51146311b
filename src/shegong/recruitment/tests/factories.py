"""Factories for postings, applications and volunteers."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from shegong.organizations.tests.factories import OrganizationFactory
from shegong.procurement.domains import ServiceDomain
from shegong.recruitment.models import Application, Posting, PostingState, Volunteer
from shegong.workforce.models import Rank


class PostingFactory(factory.django.DjangoModelFactory):
    """A published posting of a station (pass ``station``); applications open a month around today."""

    class Meta:
        model = Posting

    title = "社工站专业社工"
    rank = Rank.ASSISTANT
    domain = ServiceDomain.SOCIAL_ASSISTANCE
    employer = factory.LazyAttribute(
        lambda o: o.station.provider if o.station and o.station.provider else OrganizationFactory()
    )
    division = factory.LazyAttribute(
        lambda o: o.station.division if o.station else o.project.purchaser_division
    )
    requirements = "社会工作专业本科及以上，持助理社会工作师证书。"
    pay_min = Decimal("5000")
    pay_max = Decimal("6500")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    state = PostingState.PUBLISHED
    published_on = factory.LazyAttribute(lambda o: o.opens_on)
    project = None


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    applied_on = factory.LazyAttribute(lambda o: o.posting.opens_on)


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    name = factory.Sequence(lambda n: f"志愿者{n}")
    registered_on = datetime.date(2025, 3, 1)
    skills = "陪伴老人，手工"
