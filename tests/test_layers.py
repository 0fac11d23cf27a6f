"""The layers of docs/architecture.md, enforced: every import of every module (imports inside functions and
under TYPE_CHECKING count) goes to the module's own layer or one below, and no two modules import each other,
directly or round a longer loop.

A module's layer: `omkeer.lib` at the bottom, then `accounts`, the domain apps in DOMAIN order, the access layer,
and at the top the web: each app's views, URLs, forms, admin, API routers, management commands, template tags,
Celery tasks' entry points are not special (they are domain code). The demo builder is web too.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

SRC = pathlib.Path(__file__).resolve().parents[1] / "src"
DOMAIN = ["people", "programmes", "enrolment", "mentorships", "matching", "board", "voice", "evaluation"]
LAYERS = ["lib", "accounts", *DOMAIN, "access", "web"]
BESIDE = {"privacy": "access"}  # apps that share a layer with another: privacy applies every domain app's rules
WEB_MODULES = {"views", "urls", "forms", "admin", "demo", "apps", "templatetags", "management"}
WEB_PACKAGES = {"api", "demo"}


def _modules() -> dict[str, pathlib.Path]:
    found = {}
    for path in (SRC / "omkeer").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def layer_of(module: str) -> int:
    """The layer index of `omkeer.<app>.<module>…`; modules outside any app (settings, urls, cli…) are web."""
    parts = module.split(".")[1:]
    if parts and parts[0] in BESIDE:
        parts = [BESIDE[parts[0]], *parts[1:]]
    if not parts or parts[0] in WEB_PACKAGES or parts[0] not in LAYERS:
        return LAYERS.index("web")
    if len(parts) > 1 and parts[1] in WEB_MODULES:
        return LAYERS.index("web")
    return LAYERS.index(parts[0])


def imports_of(module: str) -> set[str]:
    """Every omkeer module that `module` imports anywhere in its body, resolved to a module of the tree."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in MODULES:  # `import omkeer.x.y.z` counts as omkeer.x.y.z's module
                name = name.rpartition(".")[0]
            if name.startswith("omkeer.") and name != module:
                found.add(name)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def test_the_walk_sees_the_whole_tree():
    assert len(MODULES) > 100
    assert "omkeer.access.objects" in MODULES or "omkeer.access.programmes" in MODULES
    assert layer_of("omkeer.people.views") == LAYERS.index("web")
    assert layer_of("omkeer.people.services") == LAYERS.index("people")
    assert layer_of("omkeer.matching.engine") == LAYERS.index("matching")
    assert layer_of("omkeer.privacy.services") == LAYERS.index("access")
    assert layer_of("omkeer.privacy.views") == LAYERS.index("web")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_only(module):
    upward = sorted(target for target in GRAPH[module] if layer_of(target) > layer_of(module))
    assert not upward, f"{module} ({LAYERS[layer_of(module)]}) imports from a layer above it: {upward}"


def test_accounts_imports_no_domain_app():
    for module, targets in GRAPH.items():
        if module.startswith("omkeer.accounts.") and layer_of(module) == LAYERS.index("accounts"):
            domain = [t for t in targets if t.split(".")[1] in DOMAIN]
            assert not domain, f"{module} imports {domain}"


def test_no_import_cycles():
    """Tarjan's strongly connected components: any component with more than one module is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert not cycles, f"import cycles: {cycles}"
