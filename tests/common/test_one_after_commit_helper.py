"""Work after the commit is queued through one helper, common.transactions.on_commit_delay
(design.md: "one named helper queues work after commit"), so broker handling lives in one place.
A static check: no module outside common hands Celery's delay/apply_async to on_commit itself."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("orgs", "surveys", "mapplatform", "trainings", "evaluation", "ngo20")


def direct_queueing(path):
    """Line numbers where transaction.on_commit(...) is given a lambda calling .delay or .apply_async."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "on_commit"):
            continue
        for argument in node.args:
            if isinstance(argument, ast.Lambda) and any(
                isinstance(inner, ast.Attribute) and inner.attr in ("delay", "apply_async")
                for inner in ast.walk(argument.body)
            ):
                found.append(node.lineno)
    return found


def test_the_check_sees_a_direct_queueing(tmp_path):
    sample = tmp_path / "services.py"
    sample.write_text("x = 1\ntransaction.on_commit(lambda: task.delay(1))\non_commit_delay(task, 1)\n",
                      encoding="utf-8")
    assert direct_queueing(sample) == [2]


def test_services_queue_through_on_commit_delay():
    offenders = [f"{path.relative_to(ROOT)}:{line}" for app in APPS for path in sorted((ROOT / app).rglob("*.py"))
                 if "migrations" not in path.parts for line in direct_queueing(path)]
    assert offenders == [], "use common.transactions.on_commit_delay(task, *args)"
