"""Imports flow one way: bot/core is pure, edges never import handlers, only app wires them."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

IO_MODULES = {"httpx", "sqlite3", "sqlite_utils", "asyncio", "socket", "requests", "aiohttp", "telegram.ext",
              "bot.store", "bot.fetch", "bot.pipeline", "bot.sender", "bot.jobs", "bot.app", "handlers", "time",
              "subprocess", "threading"}


def imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "bot" / "core").glob("*.py")), ids=lambda p: p.name)
def test_core_does_no_io(path):
    bad = {m for m in imports(path) if any(m == io or m.startswith(io + ".") for io in IO_MODULES)}
    if "telegram" in {m.split(".")[0] for m in imports(path)}:
        bad |= {m for m in imports(path) if m.startswith("telegram") and m != "telegram.constants"}
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("path", sorted(p for p in (ROOT / "bot").glob("*.py") if p.name != "app.py"),
                         ids=lambda p: p.name)
def test_edges_do_not_import_handlers(path):
    assert not {m for m in imports(path) if m == "handlers" or m.startswith("handlers.")}, path.name
