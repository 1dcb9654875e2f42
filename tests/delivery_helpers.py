"""What the bot delivered, read from the emulator, for tests that run it as separate processes."""

from __future__ import annotations

import re
import time
from collections import Counter


def delivered(emu, link_pattern: re.Pattern) -> Counter:
    """(chat id, article link) -> how many accepted messages carried that link."""
    got: Counter = Counter()
    for call in emu.calls("sendMessage"):
        if call["ok"]:
            for link in link_pattern.findall(call["params"].get("text", "")):
                got[(int(call["params"]["chat_id"]), link)] += 1
    return got


def wait(check, what: str, timeout: float = 90.0) -> None:
    """Poll ``check`` from a plain (non-async) test until it holds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
