"""factory_boy factories and helpers for the station network."""

import datetime

import factory

from shegong.accounts.tests.factories import UserFactory
from shegong.stations.models import (
    Employer,
    PlanContent,
    ServiceHours,
    ServicePoint,
    StaffRole,
    Station,
    StationKind,
    StationStaff,
    Submission,
    SubmissionKind,
)


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    name = factory.LazyAttribute(lambda o: f"{o.division.name}社会工作服务站")
    kind = StationKind.TOWN_STATION
    address = "便民服务中心二楼"
    opening_hours = "周一至周五 9:00-17:00"
    opened_on = datetime.date(2021, 3, 1)


class ServicePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePoint
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"第{n}社工点")
    equipment = factory.LazyFunction(lambda: ["computer", "printer"])
    opened_on = datetime.date(2021, 7, 1)

    @factory.post_generation
    def villages(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.villages.set(extracted)


class StationStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StationStaff

    practitioner = None
    name = factory.LazyAttribute(lambda o: o.practitioner.name if o.practitioner else "王某")
    role = StaffRole.RESIDENT_WORKER
    employer_kind = Employer.TOWN
    on_post_from = datetime.date(2021, 3, 1)


class ServiceHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceHours

    week_start = datetime.date(2022, 6, 6)
    hours = 24


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    kind = SubmissionKind.ANNUAL_PLAN
    period = "2022"
    due_on = datetime.date(2022, 3, 31)
    submitted_on = datetime.date(2022, 3, 20)
    submitted_by = factory.SubFactory(UserFactory)
    text = "计划正文"
    contents = factory.LazyFunction(lambda: list(PlanContent.values))
