"""Inline-button callback data: a versioned, validated codec, and the buttons every alert carries.

Callback data comes back from Telegram as the client sent it: an old message's buttons carry an
older version, and a modified client can send anything. ``decode`` therefore checks the version, the
action and every argument's shape, and raises ``StaleCallback`` or ``BadCallback``; handlers answer
those politely. Permission and existence checks (is this user a group admin, does the follow still
exist) happen at the edge, with the same polite answer.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass

from bot.core.format import ENGLISH
from bot.types import Reason

VERSION = "1"
MAX_BYTES = 64  # Telegram's limit on callback_data
SEPARATOR = "|"
MAX_BUTTON_TEXT = 40  # longer labels make buttons wrap into unreadable stacks on phones
MAX_UNFOLLOW_BUTTONS = 3

_TOPIC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_INT = re.compile(r"^[0-9]{1,15}$")
_LANG = re.compile(r"^[a-z]{2,3}$")

# action -> the shape of each argument. One letter keeps room for arguments inside 64 bytes.
TOGGLE_TOPIC = "t"  # /start and /topics: follow or unfollow a topic (topic id)
UNFOLLOW = "u"  # /list: unfollow one follow (follow row id)
ALERT_UNFOLLOW = "a"  # an alert: unfollow the follow behind its n-th reason (article id, reason index)
ALERT_MUTE = "m"  # an alert: ask to mute its main entity (article id)
CONFIRM_MUTE = "M"  # the confirmation: mute it (article id)
CONFIRM_STOP = "S"  # /stop's confirmation: forget this chat
CANCEL = "x"  # any confirmation: leave things as they are
LANGUAGE = "l"  # /lang: switch the chat's language (code)

_SHAPES: dict[str, tuple[re.Pattern[str], ...]] = {
    TOGGLE_TOPIC: (_TOPIC_ID,),
    UNFOLLOW: (_INT,),
    ALERT_UNFOLLOW: (_INT, _INT),
    ALERT_MUTE: (_INT,),
    CONFIRM_MUTE: (_INT,),
    CONFIRM_STOP: (),
    CANCEL: (),
    LANGUAGE: (_LANG,),
}


class BadCallback(ValueError):
    """Data no version of newsbell wrote: forged, or corrupted."""


class StaleCallback(BadCallback):
    """Data an older version wrote: the buttons of an old message."""


@dataclass(frozen=True)
class Callback:
    action: str
    args: tuple[str, ...] = ()

    def int_arg(self, index: int) -> int:
        return int(self.args[index])


def encode(action: str, *args: object) -> str:
    """``encode("t", "mobile-payments")`` -> ``"1|t|mobile-payments"``; validated as ``decode`` would."""
    data = SEPARATOR.join((VERSION, action, *(str(a) for a in args)))
    decode(data)  # a button we could not read back is a bug here, not a puzzle for the user later
    return data


def decode(data: str | None) -> Callback:
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        raise BadCallback("empty or too long")
    version, _, rest = data.partition(SEPARATOR)
    if version != VERSION:
        if _INT.match(version):
            raise StaleCallback(f"version {version}")
        raise BadCallback("no version")
    action, *args = rest.split(SEPARATOR) if rest else ("",)
    shape = _SHAPES.get(action)
    if shape is None:
        raise BadCallback(f"unknown action {action!r}")
    if len(args) != len(shape) or not all(p.match(a) for p, a in zip(shape, args, strict=True)):
        raise BadCallback(f"bad arguments for {action!r}")
    return Callback(action, tuple(args))


def button_text(text: str) -> str:
    return text if len(text) <= MAX_BUTTON_TEXT else text[: MAX_BUTTON_TEXT - 1] + "…"


def alert_buttons(article_id: int, reasons: list[Reason], main_entity: str | None,
                  tr: gettext.NullTranslations = ENGLISH) -> list[list[tuple[str, str]]]:
    """Rows of (button text, callback data) under an alert: unfollow what matched, mute its main entity.

    The data names the article and the reason's position, not the follow: the handler reads the
    delivery's stored reasons, so a long term or a topic id never has to fit in 64 bytes.
    """
    rows: list[list[tuple[str, str]]] = []
    for i, reason in enumerate(reasons[:MAX_UNFOLLOW_BUTTONS]):
        label = reason.label if reason.kind != "term" else f"“{reason.label}”"
        rows.append([(button_text(tr.gettext("Unfollow {name}").format(name=label)),
                      encode(ALERT_UNFOLLOW, article_id, i))])
    followed = {r.label.casefold() for r in reasons if r.kind == "entity"}
    if main_entity and main_entity.casefold() not in followed:
        rows.append([(button_text(tr.gettext("Mute {name}").format(name=main_entity)),
                      encode(ALERT_MUTE, article_id))])
    return rows
