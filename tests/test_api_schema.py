"""The OpenAPI schema builds without warnings and is valid, so the API docs stay truthful."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_valid_and_warning_free(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in ("/api/organizations/", "/api/posts/", "/api/matches/", "/api/map/features/"):
        assert path in text
