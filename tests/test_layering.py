"""The apps depend in one direction only: each app may import, reference, include and link to
itself and the apps before it in `zukunftswerkstatt.core.layers.LAYERS`, never one after it.

Checked without importing anything: every .py file of every app (migrations aside, which record
history), including imports inside functions and relative imports that leave the app; lazy model
references ("ideas.Idea" in a ForeignKey or ManyToManyField, `apps.get_model`); and every
template's `{% load %}` (the library's app), `{% include %}`/`{% extends %}` ("app/…") and
`{% url %}` ("app:…"). Templates in zukunftswerkstatt/templates/ are the site's frame and
belong to no app."""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from zukunftswerkstatt.core.layers import LAYERS

PACKAGE = "zukunftswerkstatt"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE
DOCS = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"

# The one kind of upward dependency docs/architecture.md allows: a small template tag a later app
# offers for an earlier app's page. Each entry: "<file>: <what>" -> why.
ALLOWED: dict[str, str] = {
    "events/templates/events/detail.html: {% load workshops %}": (
        "workshops offers the tag that shows an event's live sessions on the event page"
    ),
    "ideas/templates/ideas/detail.html: {% load workshops %}": (
        "workshops offers the tag that says which workshop a contribution came from"
    ),
    "ideas/templates/ideas/detail.html: {% load plans_links %}": (
        'plans offers the tag "part of measure X" on a contribution\'s page'
    ),
    "ideas/templates/ideas/received.html: {% load progress_links %}": (
        'progress offers the link "What became of my idea?" on the confirmation page'
    ),
    "ideas/templates/ideas/moderation.html: {% load themes_links %}": (
        "themes offers the moderators' link to the process's themes on the moderation page"
    ),
    "workshops/templates/workshops/console.html: {% load themes_links %}": (
        "themes offers the moderators' link to the process's themes on the live board's console"
    ),
    "ideas/templates/ideas/list.html: {% load handouts_links %}": (
        "handouts offers the links to the printable notice-board list on the idea collection page"
    ),
    "accounts/templates/accounts/profile.html: {% load notifications_links %}": (
        "notifications offers the link to its settings on the profile page"
    ),
}

# ideas.Block (blocking a person from writing) moves into the conversation app on the branch
# wt-conversation; until then swot still asks ideas whether someone is blocked.
# The lead deletes this allowance when the branches are merged.

RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


@dataclass(frozen=True)
class Dependency:
    path: str  # relative to zukunftswerkstatt/
    line: int
    source: str  # the app the file belongs to
    target: str  # the app it depends on
    what: str  # "import zukunftswerkstatt.x.y.Name", "model reference x.Model", "{% load lib %}", …

    @property
    def key(self) -> str:
        return f"{self.path}: {self.what}"

    def describe(self, layers: tuple[str, ...] = LAYERS) -> str:
        return (
            f"{self.path}:{self.line} {self.what} — {self.source} (layer {layers.index(self.source) + 1}) "
            f"depends on {self.target} (layer {layers.index(self.target) + 1})"
        )


def app_names(root: Path) -> list[str]:
    return sorted(path.name for path in root.iterdir() if (path / "apps.py").exists())


def _absolute(module: str | None, level: int, path: Path, root: Path) -> str | None:
    """The dotted name a (possibly relative) `from … import` names."""
    if level == 0:
        return module
    package = [PACKAGE, *path.relative_to(root).parent.parts]
    if level - 1 > len(package) - 1:
        return None
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _app_of_module(dotted: str | None, apps: set[str]) -> str | None:
    parts = (dotted or "").split(".")
    if len(parts) >= 2 and parts[0] == PACKAGE and parts[1] in apps:
        return parts[1]
    return None


def _model_label(value: ast.AST) -> str | None:
    if isinstance(value, ast.Constant) and isinstance(value.value, str) and re.fullmatch(r"\w+\.\w+", value.value):
        return value.value.split(".")[0]
    return None


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def python_dependencies(path: Path, root: Path, apps: set[str]) -> list[Dependency]:
    rel = path.relative_to(root)
    source = rel.parts[0]
    found: list[Dependency] = []

    def add(node: ast.AST, target: str | None, what: str) -> None:
        if target and target != source:
            found.append(Dependency(rel.as_posix(), node.lineno, source, target, what))

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(node, _app_of_module(alias.name, apps), f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node.module, node.level, path, root)
            for alias in node.names:
                # `from zukunftswerkstatt import ideas` names the app in the imported name.
                target = _app_of_module(module, apps) or _app_of_module(f"{module}.{alias.name}", apps)
                add(node, target, f"import {module}.{alias.name}")
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name in RELATION_FIELDS:
                to = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "to"), None)
                label = _model_label(to) if to is not None else None
                if label in apps:
                    add(node, label, f"model reference {to.value}")
            elif name == "get_model" and node.args:
                first = node.args[0]
                label = _model_label(first)
                if label is None and isinstance(first, ast.Constant) and isinstance(first.value, str):
                    label = first.value
                if label in apps:
                    add(node, label, f"get_model {ast.unparse(node.args[0])}")
    return found


TAG = re.compile(r"{%\s*(load|include|extends|url)\s+(.*?)\s*%}", re.DOTALL)


def template_libraries(root: Path, apps: list[str]) -> dict[str, str]:
    return {
        library.stem: app
        for app in apps
        for library in (root / app / "templatetags").glob("*.py")
        if library.stem != "__init__"
    }


def template_dependencies(path: Path, root: Path, apps: set[str], libraries: dict[str, str]) -> list[Dependency]:
    rel = path.relative_to(root)
    source = rel.parts[0]
    text = path.read_text(encoding="utf-8")
    found: list[Dependency] = []
    for match in TAG.finditer(text):
        tag, rest = match.groups()
        line = text.count("\n", 0, match.start()) + 1
        targets: list[tuple[str | None, str]] = []
        if tag == "load":
            words = rest.split()
            names = words[: words.index("from")] if "from" in words else words  # {% load a b from lib %}
            libs = words[words.index("from") + 1 :] if "from" in words else names
            targets = [(libraries.get(lib), f"{{% load {lib} %}}") for lib in libs]
        else:
            quoted = re.match(r"""["']([^"']+)["']""", rest)
            if quoted:
                name = quoted.group(1)
                app = name.split(":")[0] if tag == "url" else name.split("/")[0]
                shown = name if tag != "url" else name
                targets = [(app if app in apps else None, f'{{% {tag} "{shown}" %}}')]
        for target, what in targets:
            if target and target != source:
                found.append(Dependency(rel.as_posix(), line, source, target, what))
    return found


def dependencies(root: Path = ROOT) -> list[Dependency]:
    apps = app_names(root)
    app_set = set(apps)
    libraries = template_libraries(root, apps)
    found: list[Dependency] = []
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" not in path.relative_to(root / app).parts:
                found += python_dependencies(path, root, app_set)
        for path in sorted((root / app / "templates").rglob("*")):
            if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg"}:
                found += template_dependencies(path, root, app_set, libraries)
    return found


@functools.cache
def project_dependencies() -> tuple[Dependency, ...]:
    return tuple(dependencies(ROOT))


def backward(found: list[Dependency], layers: tuple[str, ...] = LAYERS) -> list[Dependency]:
    return [dep for dep in found if layers.index(dep.target) > layers.index(dep.source)]


def test_every_app_has_its_place_in_the_order():
    assert sorted(LAYERS) == app_names(ROOT), "every app folder in LAYERS, and nothing else"


def test_no_app_depends_on_a_later_one():
    allowed = ALLOWED
    offending = [dep for dep in backward(project_dependencies()) if dep.key not in allowed]
    assert not offending, "imports against the order of the apps (see docs/architecture.md, Layers):\n" + "\n".join(
        dep.describe() for dep in offending
    )


def test_every_allowance_is_still_needed():
    keys = {dep.key for dep in backward(project_dependencies())}
    stale = [key for key in ALLOWED if key not in keys]
    assert not stale, f"allowances no longer needed (delete them): {stale}"


def test_only_template_tags_are_allowed_upwards():
    assert all("{% load " in key for key in ALLOWED)


def test_the_documented_order_is_the_order():
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    documented = re.search(r"```\n(.*?)\n```", section, re.DOTALL).group(1).split()
    documented = [word for word in documented if word not in {"<", "→", "->"}]
    assert documented == list(LAYERS)


def _fake_project(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / PACKAGE
    for app in ("core", "swot", "ideas"):
        (root / app).mkdir(parents=True)
        (root / app / "apps.py").write_text("")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.mark.parametrize(
    ("name", "text", "what"),
    [
        (
            "swot/forms.py",
            "from zukunftswerkstatt.ideas.models import Idea\n",
            "import zukunftswerkstatt.ideas.models.Idea",
        ),
        (
            "swot/views.py",
            "def f():\n    import zukunftswerkstatt.ideas.selectors\n",
            "import zukunftswerkstatt.ideas.selectors",
        ),
        ("swot/sub/views.py", "from ...ideas import models\n", "import zukunftswerkstatt.ideas.models"),
        ("swot/x.py", "from zukunftswerkstatt import ideas\n", "import zukunftswerkstatt.ideas"),
        ("swot/models.py", 'm = models.ManyToManyField("ideas.Idea")\n', "model reference ideas.Idea"),
        ("swot/services.py", 'apps.get_model("ideas", "Idea")\n', "get_model 'ideas'"),
        ("swot/templates/swot/a.html", '{% include "ideas/_x.html" %}', '{% include "ideas/_x.html" %}'),
        ("swot/templates/swot/b.html", "{% url 'ideas:list' 1 %}", '{% url "ideas:list" %}'),
        ("swot/templates/swot/c.html", "{% load i18n ideas_tags %}", "{% load ideas_tags %}"),
    ],
)
def test_the_check_finds_a_backward_dependency(tmp_path, name, text, what):
    root = _fake_project(tmp_path, {name: text, "ideas/templatetags/ideas_tags.py": ""})
    layers = ("core", "swot", "ideas")
    found = backward(dependencies(root), layers=layers)
    assert [(dep.path, dep.what) for dep in found] == [(name, what)]
    assert "swot (layer 2) depends on ideas (layer 3)" in found[0].describe(layers)


def test_the_check_lets_a_later_app_use_an_earlier_one(tmp_path):
    root = _fake_project(
        tmp_path,
        {
            "ideas/views.py": "from zukunftswerkstatt.swot.models import SwotItem\nfrom .models import Idea\n",
            "ideas/templates/ideas/a.html": '{% include "swot/_matrix.html" %}{% url "core:start" %}',
            "swot/migrations/0002_x.py": "from zukunftswerkstatt.ideas.models import Idea\n",
        },
    )
    assert backward(dependencies(root), layers=("core", "swot", "ideas")) == []
