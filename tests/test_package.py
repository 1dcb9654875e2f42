"""What a pip-installed newsbell has: the catalogues and the shipped config, as files, away from the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from a copy of the source, unpacked as site-packages would hold it."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    for name in ("bot", "handlers", "config"):
        shutil.copytree(ROOT / name, src / name, symlinks=True,  # links stay links: the wheel must resolve them
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    # pip's own isolated build, as `pip install .` on a fresh machine does it (setuptools from PyPI).
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"),
                            str(src)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = (work / "dist").glob("newsbell-*.whl")
    site = work / "site"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(site)
    return site, names


def run_installed(site, code: str, cwd) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BOT_CONFIG")}
    env["PYTHONPATH"] = str(site)
    result = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_the_wheel_carries_catalogues_and_config(installed):
    _site, names = installed
    assert "bot/locales/it/LC_MESSAGES/messages.po" in names
    assert {"bot/data/config/feeds.toml", "bot/data/config/entities.toml"} <= names


def test_installed_newsbell_speaks_italian_and_inits_from_anywhere(installed, tmp_path):
    site, _names = installed
    code = "\n".join([
        "import bot.i18n as i; from bot.starter import write_starter_config; from pathlib import Path",
        f"assert i.__file__.startswith({str(site)!r}), i.__file__",
        "print(i.SUPPORTED, i.translations('it').gettext('Why: {reasons}'))",
        "print(write_starter_config(Path('cfg')))",
    ])
    out = run_installed(site, code, cwd=tmp_path)
    assert "('en', 'it') Perché: {reasons}" in out
    # Real files, not links into a checkout that an installed newsbell does not have.
    written = tmp_path / "cfg" / "feeds.toml"
    assert not written.is_symlink() and written.read_bytes() == (ROOT / "config" / "feeds.toml").read_bytes()
    assert (tmp_path / "cfg" / "entities.toml").read_bytes() == (ROOT / "config" / "entities.toml").read_bytes()
