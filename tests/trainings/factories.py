import datetime

import factory
from django.utils import timezone

from trainings.models import Event


class WorkshopFactory(factory.django.DjangoModelFactory):
    """A published workshop in 40 days, applications open now."""

    class Meta:
        model = Event

    kind = "workshop"
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    title_zh = factory.Sequence(lambda n: f"培训{n}")
    title_en = factory.Sequence(lambda n: f"Workshop {n}")
    city = "成都"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=40))
    ends_on = factory.LazyAttribute(lambda event: event.starts_on + datetime.timedelta(days=2))
    applications_open_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    applications_close_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))
    status = "published"


class RunningWorkshopFactory(WorkshopFactory):
    """A workshop going on now: it started yesterday and ends tomorrow (attendance is for past days)."""

    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    ends_on = factory.LazyAttribute(lambda event: event.starts_on + datetime.timedelta(days=2))
    applications_open_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=40))
    applications_close_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))


def published_village(**fields):
    """A published village in 成都市锦江区, at the county's seat."""
    from orgs.models import Division
    from trainings.models import Village

    county = Division.objects.get(code="510104")
    values = {"name": "明月村", "county": county, "location": county.centroid, "description": "茶园和竹林",
              "status": "published"}
    values.update(fields)
    return Village.objects.create(**values)


def codesign_project(village=None, **fields):
    from trainings.models import CoDesignProject

    values = {"village": village or published_village(), "title": "雨季山路", "problem": "下雨天孩子上学的路太滑",
              "raised_by": "村里的妈妈们", "roles_wanted": ["villager", "engineer", "university"]}
    values.update(fields)
    return CoDesignProject.objects.create(**values)
