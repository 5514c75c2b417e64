"""Views are thin: no page view or API view writes to the database itself; writes go through
services (design.md, "Where code lives"). A static check over every view module, so a new
view that saves, creates, updates or deletes directly fails here."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("orgs", "surveys", "mapplatform", "trainings", "evaluation", "ngo20", "common")
WRITES = {"save", "delete", "create", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}


def view_modules():
    for app in APPS:
        base = ROOT / app
        candidates = [base / "views.py", *sorted((base / "views").glob("*.py")),
                      *sorted((base / "api").glob("*.py"))]
        yield from (path for path in candidates if path.exists())


def orm_writes(path):
    """(line, call) for every call that looks like a model or queryset write."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, receiver = node.func.attr, node.func.value
        # `.update(...)` is a write on a queryset (a call chain or a manager), not on a dict.
        queryset_update = name == "update" and (
            isinstance(receiver, ast.Call) or (isinstance(receiver, ast.Attribute) and receiver.attr == "objects"))
        if name in WRITES or queryset_update:
            found.append((node.lineno, ast.unparse(node)[:80]))
    return found


def test_the_check_finds_view_modules():
    assert len(list(view_modules())) >= 10


@pytest.mark.parametrize("path", list(view_modules()), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_view_writes_to_the_database_itself(path):
    # Serializer.create() in an API module is DRF's hook, not an ORM call: only calls are checked.
    assert orm_writes(path) == []
