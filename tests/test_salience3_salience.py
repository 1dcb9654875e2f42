"""The salience function: headline, lead, position, count and kind, as bot/core/salience.py documents."""

from __future__ import annotations

from bot.core.salience import WEIGHTS, Weights, salience


def score(kind="company", count=1, in_title=False, position=0.5, in_lead=False, w=WEIGHTS):
    return salience(kind, w.of(kind), count, in_title, position, in_lead, w)


def test_the_lead_counts_beside_the_position():
    # Same first offset, one inside the lead paragraph: the story states its subject there.
    assert score(in_lead=True, position=0.1) > score(in_lead=False, position=0.1)


def test_a_place_repeated_is_no_more_the_subject_past_its_cap():
    assert score("place", count=WEIGHTS.place_count_cap) == score("place", count=WEIGHTS.place_count_cap + 4)
    assert score("company", count=WEIGHTS.place_count_cap + 1) > score("company", count=WEIGHTS.place_count_cap)


def test_people_and_companies_outweigh_places_and_institutions_named_alike():
    for kind in ("place", "organisation"):
        assert score("person", count=2) > score(kind, count=2)
        assert score("company", count=2) > score(kind, count=2)


def test_named_in_passing_is_weighed_down_only_where_set():
    w = Weights(passing=0.5)
    assert score("place", count=1, position=0.8, w=w) < score("place", count=1, position=0.8, w=Weights())
    assert score("place", count=1, position=0.8, in_lead=True, w=w) == score(
        "place", count=1, position=0.8, in_lead=True, w=Weights(lead=w.lead))


def test_a_place_named_twice_weighs_less_than_a_person_quoted_once_later():
    # "...said Anna Kowalczyk" once, past the middle; "Lyon" twice from the middle on: the story quotes the
    # person and is set in the place (editors list the first far more often than the second).
    assert score("person_like", count=1, position=0.6) > score("place", count=2, position=0.5)
