"""The pacer: Telegram's limits with made-up clocks, so every window edge is exact."""

from __future__ import annotations

import pytest

from bot.core.pacing import NEVER, Pacer, RateLimits

LIMITS = RateLimits(global_per_second=30, chat_burst=3, chat_per_second=1.0, group_per_minute=20, margin=0.0,
                    chat_slack=0.0)


def test_thirty_messages_fill_a_second_and_the_31st_waits_one_second_after_the_first_answer():
    pacer = Pacer(LIMITS)
    tickets = [pacer.take(1000 + i, 0.0) for i in range(30)]
    assert pacer.global_ready_at(0.0) == NEVER  # all in flight: only an answer can free a place
    for i, t in enumerate(tickets):
        pacer.done(t, 0.1 + i * 0.01)
    assert pacer.global_ready_at(0.5) == pytest.approx(1.1)  # the first answer, plus a whole window
    assert pacer.global_ready_at(1.1) == 1.1


def test_a_message_in_flight_keeps_counting_until_it_is_answered():
    pacer = Pacer(LIMITS)
    tickets = [pacer.take(1000 + i, 0.0) for i in range(30)]
    for t in tickets[1:]:
        pacer.done(t, 0.01)
    assert pacer.global_ready_at(1.02) == 1.02  # 29 have left the window; one is still in flight
    for i in range(29):
        pacer.take(2000 + i, 1.02)
    assert pacer.global_ready_at(1.02) == NEVER  # the one in flight may still land in this window
    pacer.done(tickets[0], 1.5)
    assert pacer.global_ready_at(1.6) == pytest.approx(2.5)


def test_a_private_chat_gets_a_burst_of_three_then_one_a_second():
    pacer = Pacer(LIMITS)
    for _ in range(3):
        assert pacer.chat_ready_at(5, 0.0) == 0.0
        pacer.done(pacer.take(5, 0.0), 0.0)
    assert pacer.chat_ready_at(5, 0.0) == pytest.approx(1.0)
    assert pacer.chat_ready_at(6, 0.0) == 0.0  # another chat is not held


def test_the_per_chat_refill_runs_slower_than_telegrams_by_the_slack():
    pacer = Pacer(RateLimits(chat_slack=0.1))
    for _ in range(3):
        pacer.take(5, 0.0)
    assert pacer.chat_ready_at(5, 0.0) == pytest.approx(1.1)


def test_a_group_gets_twenty_a_minute():
    pacer = Pacer(LIMITS)
    now = 0.0
    for _ in range(20):
        now = pacer.chat_ready_at(-100, now)
        pacer.done(pacer.take(-100, now), now + 0.05)
    assert now < 20  # the per-chat bucket spaced them, about one a second
    ready = pacer.chat_ready_at(-100, now)
    assert ready == pytest.approx(60.05)  # a minute after the first answer


def test_retry_after_blocks_the_chat_or_everything():
    pacer = Pacer(LIMITS)
    pacer.block(7, 12.0)
    assert pacer.chat_ready_at(7, 1.0) == 12.0 and pacer.chat_ready_at(8, 1.0) == 1.0
    pacer.block(None, 5.0)
    assert pacer.ready_at(8, 1.0) == 5.0


def test_idle_chats_are_forgotten():
    pacer = Pacer(LIMITS)
    for i in range(5000):
        pacer.done(pacer.take(10_000 + i, float(i)), float(i))
    assert len(pacer._chats) < 4200


def test_limits_are_validated():
    with pytest.raises(ValueError):
        RateLimits(global_per_second=0)
    with pytest.raises(ValueError):
        RateLimits(chat_per_second=0)


def test_messages_leave_evenly_spaced_not_in_one_burst():
    pacer = Pacer(RateLimits(global_per_second=30, spacing=0.9))
    pacer.take(1, 0.0)
    assert pacer.global_ready_at(0.0) == pytest.approx(0.03)
    assert pacer.ready_at(2, 0.05) == 0.05
