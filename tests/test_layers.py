"""The apps stand in layers, and nothing imports upward.

    4  wiring     techniekkaart.urls, .settings, .wsgi, .sitemaps: puts the apps together
    3  audiences  public (children, parents), portal (providers), api (open data),
                  and every app's admin (coordinators)
    2  domain     quiz, classroom, electives, news, pages, newsletter, moderation, impact, maps
    1  core       catalogue (themes, providers, venues, activities), regions
    0  library    techniekkaart.* (the rest), matching, outbox, ops: used by all, import no app

A module may import its own layer and the layers below. Within a layer the apps import each other
in one direction only (no cycles); the audiences import none of each other; and no module imports
another app's views: what two apps both show lives lower, in a presenter, filter or format module
(catalogue/presenters.py, filters.py, calendar.py, geo.py).
Each import is read with ast, also those inside functions and under TYPE_CHECKING; migrations and
tests are left out. Like pretix's `base`, which never imports `control` or `presale`, and
healthchecks' `hc/lib`, which every app uses and which imports none.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LIBRARY, CORE, DOMAIN, AUDIENCE, WIRING = range(5)
NAMES = ["library", "core", "domain", "audience", "wiring"]

APP_LAYERS = {
    "techniekkaart": LIBRARY,
    "matching": LIBRARY,
    "outbox": LIBRARY,
    "ops": LIBRARY,
    "catalogue": CORE,
    "regions": CORE,
    "quiz": DOMAIN,
    "classroom": DOMAIN,
    "electives": DOMAIN,
    "news": DOMAIN,
    "pages": DOMAIN,
    "newsletter": DOMAIN,
    "moderation": DOMAIN,
    "impact": DOMAIN,
    "maps": DOMAIN,
    "demo": DOMAIN,
    "visits": DOMAIN,
    "public": AUDIENCE,
    "portal": AUDIENCE,
    "api": AUDIENCE,
}
WIRING_MODULES = {
    "techniekkaart.urls",
    "techniekkaart.settings",
    "techniekkaart.wsgi",
    "techniekkaart.sitemaps",
}


def apps() -> list[str]:
    return sorted(
        p.name
        for p in ROOT.iterdir()
        if (p / "__init__.py").exists() and p.name not in {"tests", "bench"}
    )


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules() -> dict[str, Path]:
    found = {}
    for app in apps():
        for path in (ROOT / app).rglob("*.py"):
            if {"migrations", "tests"} & set(path.relative_to(ROOT).parts):
                continue
            found[module_name(path)] = path
    return found


def layer(module: str) -> int:
    parts = module.split(".")
    if any(module == m or module.startswith(m + ".") for m in WIRING_MODULES):
        return WIRING
    if len(parts) > 1 and parts[1] == "admin":  # the coordinators' admin is an audience
        return AUDIENCE
    return APP_LAYERS[parts[0]]


def node(module: str) -> tuple[str, int]:
    """The unit of the cycle check: an app, or the part of it that sits in another layer."""
    return module.split(".")[0], layer(module)


def parse(path: Path) -> ast.Module:
    """CPython 3.11.7's AST builder can raise "AST constructor recursion depth mismatch" when another
    thread of the test process (a live server) builds an AST at the same moment; parsing again is safe."""
    source = path.read_text(encoding="utf-8")
    for _ in range(3):
        try:
            return ast.parse(source, filename=str(path))
        except SystemError:
            continue
    return ast.parse(source, filename=str(path))


def imports(path: Path, module: str, known: set[str]) -> list[tuple[int, str]]:
    """(line, imported module) for every import of one of our apps in the file."""
    tree = parse(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for stmt in ast.walk(tree):
        if isinstance(stmt, ast.Import):
            found += [(stmt.lineno, alias.name) for alias in stmt.names]
        elif isinstance(stmt, ast.ImportFrom):
            base = stmt.module or ""
            if stmt.level:
                anchor = package.split(".")[: len(package.split(".")) - stmt.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in stmt.names:
                sub = f"{base}.{alias.name}"  # `from public import views` imports a module
                found.append((stmt.lineno, sub if sub in known else base))
    tops = {name.split(".")[0] for name in known}
    return [(line, name) for line, name in dict.fromkeys(found) if name.split(".")[0] in tops]


def import_edges() -> list[tuple[str, Path, int, str]]:
    modules = app_modules()
    known = set(modules)
    return [
        (module, path, line, target)
        for module, path in sorted(modules.items())
        for line, target in imports(path, module, known)
    ]


def where(path: Path, line: int, target: str) -> str:
    return f"{path.relative_to(ROOT)}:{line} imports {target}"


def test_every_app_has_a_layer():
    assert set(apps()) == set(APP_LAYERS), "place the new app in APP_LAYERS (and in README)"


def test_no_module_imports_a_higher_layer():
    upward = [
        f"{where(path, line, target)} ({NAMES[layer(module)]} -> {NAMES[layer(target)]})"
        for module, path, line, target in import_edges()
        if layer(target) > layer(module)
    ]
    assert not upward, "imports from a higher layer:\n" + "\n".join(upward)


def test_no_module_imports_another_apps_views():
    views = [
        where(path, line, target)
        for module, path, line, target in import_edges()
        if target.split(".")[0] != module.split(".")[0] and "views" in target.split(".")[1:]
    ]
    assert not views, "a view of another app (move the shared part lower):\n" + "\n".join(views)


def test_the_audiences_stand_on_their_own():
    """public, portal, api and the admin share code only through the layers below."""
    across = [
        where(path, line, target)
        for module, path, line, target in import_edges()
        if layer(module) == layer(target) == AUDIENCE and node(module) != node(target)
    ]
    assert not across, "an audience imports another audience:\n" + "\n".join(across)


def test_apps_in_one_layer_import_each_other_one_way_only():
    graph: dict[tuple[str, int], dict[tuple[str, int], str]] = {}
    for module, path, line, target in import_edges():
        source, dest = node(module), node(target)
        if source != dest and source[1] == dest[1]:
            graph.setdefault(source, {}).setdefault(dest, where(path, line, target))
    cycles = [
        f"{a[0]} <-> {b[0]}: {graph[a][b]}; {graph[b][a]}"
        for a, b in itertools.combinations(sorted(graph), 2)
        if b in graph[a] and a in graph.get(b, {})
    ]
    cycles += longer_cycles(graph)
    assert not cycles, "apps in one layer that import each other:\n" + "\n".join(cycles)


def longer_cycles(graph: dict) -> list[str]:
    """Cycles through three or more apps (two-app cycles are named above with both imports)."""
    found, state = [], {}

    def visit(n: tuple[str, int], path: list[tuple[str, int]]) -> None:
        state[n] = "open"
        for m in graph.get(n, {}):
            if state.get(m) == "open" and len(path) - path.index(m) > 2:
                ring = [*path[path.index(m) :], m]
                found.append(
                    " -> ".join(f"{a[0]} ({graph[a][b]})" for a, b in itertools.pairwise(ring))
                )
            elif m not in state:
                visit(m, [*path, m])
        state[n] = "done"

    for n in sorted(graph):
        if n not in state:
            visit(n, [n])
    return found


def test_the_check_sees_a_cycle_through_three_apps():
    a, b, c = ("quiz", DOMAIN), ("classroom", DOMAIN), ("impact", DOMAIN)
    graph = {a: {b: "q -> c"}, b: {c: "c -> i"}, c: {a: "i -> q"}}
    assert len(longer_cycles(graph)) == 1
    assert longer_cycles({a: {b: "q -> c"}, b: {c: "c -> i"}}) == []


def test_the_check_sees_an_upward_import(tmp_path):
    """The check itself: a core module importing an audience is caught, with file and line."""
    fake = tmp_path / "catalogue" / "bad.py"
    fake.parent.mkdir()
    fake.write_text("def f():\n    from public.views import home\n")
    found = imports(fake, "catalogue.bad", {"public.views", "catalogue.bad"})
    assert found == [(2, "public.views")]
    assert layer("public.views") > layer("catalogue.bad")
    assert layer("catalogue.admin") == AUDIENCE and layer("techniekkaart.urls") == WIRING
