"""Apps share only what is meant to be shared.

import-linter (scripts/test.sh) keeps imports pointing downward. This adds the rule it cannot
express: a module outside `common` that two or more other apps import must be one of its app's
published faces (models, selectors, services, rules, api). Anything else shared that widely is
either domain-free (it belongs in `common`) or an internal that a sibling borrows.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["common", "orgs", "surveys", "mapplatform", "trainings", "evaluation", "ngo20", "bench"]
PUBLISHED = {"models", "selectors", "services", "rules", "api"}


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules():
    """Every module of the project's apps (migrations left out), by dotted name."""
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[_module_name(path)] = path
    return modules


def _imported_modules(path, name, modules):
    """The project modules a file imports; `from x import y` counts x.y when y is a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                yield candidate if candidate in modules else source


def importers_by_module():
    """For each project module, the other apps that import it."""
    modules = _modules()
    importers = defaultdict(set)
    for name, path in modules.items():
        app = name.split(".")[0]
        for imported in _imported_modules(path, name, modules):
            if imported in modules and imported.split(".")[0] != app:
                importers[imported].add(app)
    return importers


def _published(module):
    parts = module.split(".")
    return len(parts) > 1 and parts[1] in PUBLISHED


def test_only_published_modules_are_shared_by_several_apps():
    shared = {module: apps for module, apps in importers_by_module().items() if len(apps) >= 2}
    offenders = {
        module: sorted(apps) for module, apps in shared.items()
        if module.split(".")[0] != "common" and not _published(module)
    }
    assert offenders == {}, "move domain-free code to common/, or expose it through a selector or service"


def test_the_check_sees_the_real_imports():
    # Guards the test above against passing by reading nothing.
    importers = importers_by_module()
    assert {"surveys", "mapplatform", "trainings", "evaluation"} <= importers["orgs.models"]
    assert {"surveys", "trainings", "evaluation"} <= importers["common.exports"]
    assert not _published("surveys.answers") and _published("orgs.services.membership")
