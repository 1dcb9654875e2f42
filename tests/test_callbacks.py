"""The callback-data codec: versioned, and strict about what it reads back."""

from __future__ import annotations

import pytest

from bot.core import callbacks as cb


def test_round_trip():
    for action, args in [(cb.TOGGLE_TOPIC, ("mobile-payments",)), (cb.UNFOLLOW, ("17",)),
                         (cb.ALERT_UNFOLLOW, ("5", "0")), (cb.CONFIRM_STOP, ()), (cb.LANGUAGE, ("it",))]:
        data = cb.encode(action, *args)
        assert data.startswith(cb.VERSION + cb.SEPARATOR)
        assert cb.decode(data) == cb.Callback(action, args)


@pytest.mark.parametrize("data", [
    "0|t|mobile-payments", "7|u|1",  # another version: an old message's buttons
])
def test_other_versions_are_stale(data):
    with pytest.raises(cb.StaleCallback):
        cb.decode(data)


@pytest.mark.parametrize("data", [
    None, "", "hello", "1", "1|", "1|z|1", "1|u|one", "1|u|1|2", "1|u|-1", "1|t|Mobile Payments", "1|t|../x",
    "1|a|5", "1|l|english", "1|S|now", "x|t|a", "1|u|" + "9" * 70, "1|t|a\x00", "1|u|１",
])
def test_forged_data_is_refused(data):
    with pytest.raises(cb.BadCallback):
        cb.decode(data)


def test_encode_refuses_what_decode_would():
    with pytest.raises(cb.BadCallback):
        cb.encode(cb.UNFOLLOW, "not-a-number")
