"""Scoring: quiz totals, ratings, and classroom points (issue 3 and issue 5), by example and by
property."""

from __future__ import annotations

import itertools
import math

import fsrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sahel_quiz.grading import Grade
from sahel_quiz.scoring import (
    MAX_STREAK_BONUS,
    QuizTotal,
    Rating,
    accuracy_score,
    format_score,
    quiz_total,
    rank_players,
    rating_for_credit,
    speed_score,
    suggested_rating,
)
from tests.strategies import credits, weights

# ratings ----------------------------------------------------------------------------------------


def test_ratings_have_the_values_of_fsrs() -> None:
    for rating in Rating:
        assert fsrs.Rating(int(rating)).name.upper() == rating.name


@pytest.mark.parametrize(
    ("credit", "rating"),
    [(1.0, Rating.GOOD), (2 / 3, Rating.HARD), (0.01, Rating.HARD), (0.0, Rating.AGAIN)],
)
def test_credit_maps_to_a_rating(credit: float, rating: Rating) -> None:
    assert rating_for_credit(credit) is rating
    assert suggested_rating(credit) is rating


@given(credits)
def test_the_rating_agrees_with_the_verdict(credit: float) -> None:
    verdict = Grade(credit).verdict
    expected = {"right": Rating.GOOD, "partly": Rating.HARD, "wrong": Rating.AGAIN}
    assert rating_for_credit(credit) is expected[verdict]


# quiz totals ------------------------------------------------------------------------------------


def test_a_quiz_total_weighs_credit_by_points() -> None:
    total = quiz_total([(1.0, 1.0), (0.5, 2.0), (0.0, 1.0), (2 / 3, 3.0)])
    assert total == QuizTotal(score=4.0, maximum=7.0)
    assert total.percent == pytest.approx(400 / 7)
    assert quiz_total([]) == QuizTotal(0.0, 0.0)
    assert quiz_total([]).percent == 0.0


@given(st.lists(st.tuples(credits, weights), max_size=50))
def test_a_quiz_total_is_within_its_maximum_and_the_sum_of_its_parts(
    results: list[tuple[float, float]],
) -> None:
    total = quiz_total(results)
    assert 0.0 <= total.score <= total.maximum
    assert total.maximum == pytest.approx(sum(points for _, points in results))
    assert total.score == pytest.approx(sum(credit * points for credit, points in results))
    assert 0.0 <= total.percent <= 100.0


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3.0, "3"),
        (2.5, "2.5"),
        (7 / 3, "2.33"),
        (2.0 / 3, "0.67"),
        (0.0, "0"),
        (1e-9, "0"),
        (-1e-9, "0"),
        (12.10, "12.1"),
        (1000.0, "1000"),
        (2.999, "3"),
    ],
)
def test_format_score(value: float, text: str) -> None:
    assert format_score(value) == text


@given(st.floats(0, 1e6))
def test_format_score_has_at_most_two_decimals_and_no_trailing_zeros(value: float) -> None:
    text = format_score(value)
    _, _, decimals = text.partition(".")
    assert len(decimals) <= 2
    assert not decimals.endswith("0")
    assert float(text) == pytest.approx(value, abs=0.005 + 1e-9)


# classroom points -------------------------------------------------------------------------------


def test_speed_score_fall_from_p_to_half_p_over_the_time_limit() -> None:
    assert speed_score(1.0, 1.0, 0.3, 20.0, 0) == (1000, 1)
    assert speed_score(1.0, 1.0, 0.5, 20.0, 0) == (1000, 1)
    assert speed_score(1.0, 1.0, 10.0, 20.0, 0) == (750, 1)
    assert speed_score(1.0, 1.0, 20.0, 20.0, 0) == (500, 1)
    assert speed_score(1.0, 1.0, 35.0, 20.0, 0) == (500, 1)  # late answers count as at T
    assert speed_score(1.0, 1.0, -3.0, 20.0, 0) == (1000, 1)
    assert speed_score(1.0, 2.0, 10.0, 20.0, 0) == (1500, 1)
    assert speed_score(1.0, 1.0, math.nan, 20.0, 0) == (500, 1)


def test_partial_credit_scales_the_points_and_ends_the_streak() -> None:
    assert speed_score(0.5, 1.0, 10.0, 20.0, 4) == (375, 0)
    assert speed_score(2 / 3, 1.0, 0.0, 20.0, 0) == (667, 0)


def test_a_wrong_answer_scores_nothing_and_ends_the_streak() -> None:
    assert speed_score(0.0, 1.0, 0.1, 20.0, 7) == (0, 0)


def test_a_streak_adds_one_hundred_per_answer_after_the_first_up_to_five_hundred() -> None:
    streak = 0
    bonuses = []
    for _ in range(8):
        points, streak = speed_score(1.0, 1.0, 0.0, 20.0, streak)
        bonuses.append(points - 1000)
    assert bonuses == [0, 100, 200, 300, 400, 500, 500, 500]
    assert streak == 8


def test_accuracy_score_ignore_time_and_streak() -> None:
    assert accuracy_score(1.0, 1.0) == 1000
    assert accuracy_score(0.5, 1.0) == 500
    assert accuracy_score(2 / 3, 3.0) == 2000
    assert accuracy_score(0.0, 1.0) == 0


def test_points_never_round_above_p() -> None:
    assert accuracy_score(1.0, 0.0015) == 1  # P = 1.5 would round to 2
    assert speed_score(1.0, 0.0015, 0.0, 10.0, 0) == (1, 1)


_times = st.floats(-5.0, 200.0)
_limits = st.floats(0.5, 120.0)
_streaks = st.integers(0, 20)


@given(credits, weights, _times, _limits, _streaks)
def test_speed_score_are_never_negative_nor_above_p_plus_500(
    credit: float, weight: float, seconds: float, limit: float, streak: int
) -> None:
    points, streak_after = speed_score(credit, weight, seconds, limit, streak)
    assert 0 <= points <= 1000 * weight + MAX_STREAK_BONUS
    assert streak_after == (streak + 1 if rating_for_credit(credit) is Rating.GOOD else 0)


@given(credits, weights, _times, _times, _limits, _streaks)
def test_a_slower_answer_never_scores_more(
    credit: float, weight: float, first: float, second: float, limit: float, streak: int
) -> None:
    faster, slower = sorted((first, second))
    fast_points, _ = speed_score(credit, weight, faster, limit, streak)
    slow_points, _ = speed_score(credit, weight, slower, limit, streak)
    assert slow_points <= fast_points


@given(weights, _times, _limits, _streaks)
def test_a_wrong_answer_scores_zero_and_resets_the_streak(
    weight: float, seconds: float, limit: float, streak: int
) -> None:
    assert speed_score(0.0, weight, seconds, limit, streak) == (0, 0)
    assert accuracy_score(0.0, weight) == 0


@given(credits, credits, weights)
def test_accuracy_score_grow_with_credit_and_stay_within_p(
    first: float, second: float, weight: float
) -> None:
    low, high = sorted((first, second))
    assert 0 <= accuracy_score(low, weight) <= accuracy_score(high, weight) <= 1000 * weight


# ranking ----------------------------------------------------------------------------------------


def test_ranking_by_points_then_time_then_id() -> None:
    entries = [
        ("awa", 2500.0, 30.0),
        ("bintou", 3100.0, 45.0),
        ("cheikh", 2500.0, 22.5),
        ("djibril", 2500.0, 22.5),
    ]
    assert rank_players(entries) == ["bintou", "cheikh", "djibril", "awa"]
    assert rank_players([]) == []


_entries = st.lists(
    st.tuples(
        st.text(alphabet="abcdefgh", min_size=1, max_size=4),
        st.sampled_from([0.0, 500.0, 1000.0, 1500.0]),
        st.sampled_from([1.0, 2.5, 10.0, 30.0]),
    ),
    max_size=12,
    unique_by=lambda entry: entry[0],
)


@given(st.data(), _entries)
def test_ranking_is_a_total_order(
    data: st.DataObject, entries: list[tuple[str, float, float]]
) -> None:
    ranked = rank_players(entries)
    assert sorted(ranked) == sorted(player for player, _, _ in entries)
    shuffled = data.draw(st.permutations(entries))
    assert rank_players(shuffled) == ranked  # the input order never matters
    by_id = {player: (points, seconds) for player, points, seconds in entries}
    for before, after in itertools.pairwise(ranked):
        (points_a, time_a), (points_b, time_b) = by_id[before], by_id[after]
        assert points_a > points_b or (
            points_a == points_b and (time_a < time_b or (time_a == time_b and before < after))
        )
