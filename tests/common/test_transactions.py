"""on_commit_delay: the one helper that queues Celery work after the commit."""

import pytest
from celery import shared_task
from django.db import transaction

from common.transactions import on_commit_delay

pytestmark = pytest.mark.django_db

RAN = []


@shared_task
def record(*args, **kwargs):
    RAN.append((args, kwargs))


@pytest.fixture(autouse=True)
def _eager(monkeypatch):
    from ngo20.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    RAN.clear()


def test_the_task_runs_only_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        on_commit_delay(record, 7, "x", key="value")
        assert RAN == []  # still inside the transaction
    assert RAN == [((7, "x"), {"key": "value"})]


def test_a_rolled_back_write_queues_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                on_commit_delay(record, 1)
                raise RuntimeError("the write failed")
        except RuntimeError:
            pass
    assert callbacks == [] and RAN == []
