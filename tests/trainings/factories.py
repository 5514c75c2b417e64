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
