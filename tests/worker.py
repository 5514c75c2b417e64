"""Waiting for a real Celery worker (the `celery_worker` fixture) to have done its part."""

import time


def wait_for(condition, timeout=20.0):
    """Poll `condition` until it holds (True) or `timeout` seconds have passed (False): a wait on
    an observable result of the worker, never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
