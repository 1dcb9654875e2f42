"""The command line: run without a token, the summarise contract, and the demo."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import DATA, ROOT


def cli(*args, env_extra=None, timeout=60, cwd=ROOT):
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "BOT_CONFIG")}
    env.update(env_extra or {})
    if cwd != ROOT:  # the package must come from the install (or PYTHONPATH), not from the directory
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=timeout)


def test_run_without_token_exits_2_with_one_line():
    result = cli("run")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "TELEGRAM_BOT_TOKEN" in lines[0]


def test_summarise_json_contract_on_a_txt_article():
    result = cli("summarise", "--json", "--follow", "alibaba", "--follow", "tencent", "--follow", "mobile payments",
                 str(DATA / "alibaba-apple-pay.it.txt"))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 1
    rec = records[0]
    assert set(rec) == {"title", "headline", "link", "language", "entities", "entity_types", "topics", "follows"}
    assert rec["headline"] == "Alibaba collaborerà con Apple per i pagamenti online"
    assert rec["language"] == "it"
    assert {"Alibaba", "Apple", "Jack Ma"} <= set(rec["entities"])
    assert rec["entity_types"]["Alibaba"] == "company"
    assert "mobile-payments" in rec["topics"]
    assert rec["follows"] == ["alibaba", "mobile payments"]


def test_summarise_a_feed_document_gives_one_line_per_entry():
    result = cli("summarise", "--json", str(DATA / "feeds" / "rbren_rss-parser__heise.atom"))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 15
    assert all(r["language"] == "de" for r in records[:3])
    assert all(r["link"].startswith("http") for r in records)


def test_summarise_readable_output():
    result = cli("summarise", str(DATA / "alibaba-apple-pay.it.txt"))
    assert result.returncode == 0
    assert result.stdout.startswith("Alibaba collaborerà con Apple per i pagamenti online\n")
    assert "entities: Alibaba (company)" in result.stdout


def test_summarise_unreadable_input_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "junk.xml"
    bad.write_bytes(b"\x00\x01 not a feed at all")
    for path in (bad, tmp_path / "missing.txt"):
        result = cli("summarise", str(path))
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_demo_shows_the_seed_alert(tmp_path):
    result = cli("demo", timeout=120, cwd=tmp_path)  # any directory: the demo carries its own config
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "Alibaba collaborerà con Apple per i pagamenti online" in out
    seed_alert = out.split("Alibaba collaborerà con Apple per i pagamenti online", 1)[1].split("Why:", 1)[0]
    for name in ("Alibaba", "Apple", "Jack Ma"):
        assert name in seed_alert
    anna = out.split("== Anna", 1)[1].split("==", 1)[0]
    assert "1 alert" in anna
    assert "Chiara  /follow pagamenti mobili     -> Ora segui l'argomento Pagamenti mobili" in out


def test_summarise_follow_with_a_negative_term(tmp_path):
    article = tmp_path / "pie.txt"
    article.write_text("Apple unveils a pie-shaped charger\nApple said the new pie charger ships in May.\n")
    result = cli("summarise", "--json", "--follow", "apple -pie", "--follow", "apple", str(article))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["follows"] == ["apple"]


def test_init_writes_a_starter_config_that_checks(tmp_path):
    result = cli("init", str(tmp_path / "conf"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "[bot] admins" in result.stdout and "check-config" in result.stdout
    for name in ("feeds.toml", "entities.toml"):
        written = tmp_path / "conf" / name
        assert written.read_bytes() == (ROOT / "config" / name).read_bytes()
    checked = cli("check-config", "--config", str(tmp_path / "conf" / "feeds.toml"), cwd=tmp_path)
    assert checked.returncode == 0 and "config OK" in checked.stdout
    # A second init keeps the admin's edits unless told otherwise.
    (tmp_path / "conf" / "feeds.toml").write_text("# mine\n", encoding="utf-8")
    again = cli("init", str(tmp_path / "conf"), cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr
    assert (tmp_path / "conf" / "feeds.toml").read_text(encoding="utf-8") == "# mine\n"
    assert cli("init", "--force", str(tmp_path / "conf"), cwd=tmp_path).returncode == 0
    assert "[bot]" in (tmp_path / "conf" / "feeds.toml").read_text(encoding="utf-8")


def test_run_without_a_config_names_the_file_and_init(tmp_path):
    result = cli("run", cwd=tmp_path, env_extra={"TELEGRAM_BOT_TOKEN": "1:x"})
    assert result.returncode == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "config/feeds.toml" in line and "python -m bot init" in line
