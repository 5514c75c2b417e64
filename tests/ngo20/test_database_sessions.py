"""The platform's database sessions run without JIT and parallel workers (ngo20/settings.py)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_sessions_run_without_jit_or_parallel_workers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather')")
        assert cursor.fetchone() == ("off", "0")
