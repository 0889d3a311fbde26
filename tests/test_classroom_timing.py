"""The teacher's adjustments to a game: the lock, extra time for a student, time limits off.

WCAG 2.2.1 (Timing Adjustable): a student who needs more time gets it (×2) without losing
points to the speed bonus, and the teacher can stop the clock for the whole class. Played on the
engine with `now` as a parameter; the server tests play the same over real sockets.
"""

from __future__ import annotations

from typing import Any

import pytest
from classroom_clients import CLASSROOM_DECK

from sahel_quiz.deck.model import Deck
from sahel_quiz.engine.classroom import ClassroomGame, GameError, build_questions
from sahel_quiz.engine.classroom.timing import EXTRA_TIME_FACTOR
from sahel_quiz.engine.classroom.views import DoneView, EndView, QuestionView, RevealView

PIN = "123456"
DECK = Deck.model_validate(CLASSROOM_DECK)


def make_game(mode: str = "speed", **kwargs: Any) -> ClassroomGame:
    questions = build_questions(DECK.cards, seed=7, limit=kwargs.pop("limit", None))
    return ClassroomGame(questions, title="T", language="en", mode=mode, pin=PIN, **kwargs)  # type: ignore[arg-type]


def code_of(call: Any) -> str:
    with pytest.raises(GameError) as caught:
        call()
    return caught.value.code


def test_a_locked_game_lets_nobody_new_in_but_lets_players_back() -> None:
    game = make_game()
    awa = game.join(PIN, "Awa", 0.0)
    assert game.set_locked(True) and not game.set_locked(True)
    assert game.host_state(1.0).locked
    # refused before the PIN is looked at: a locked game tells a guesser nothing
    assert code_of(lambda: game.join(PIN, "Moussa", 1.0)) == "game_locked"
    assert code_of(lambda: game.join("000000", "Moussa", 1.0)) == "game_locked"
    game.disconnect(awa.player_id, 2.0)
    assert game.rejoin(awa.welcome.token, 3.0).player_id == awa.player_id
    assert game.set_locked(False)
    game.join(PIN, "Moussa", 4.0)
    assert len(game.player_ids) == 2


def test_extra_time_keeps_the_question_open_for_that_student_only() -> None:
    game = make_game("speed", time_limit=20.0, limit=2)
    awa = game.join(PIN, "Awa", 0.0).player_id
    moussa = game.join(PIN, "Moussa", 0.0).player_id
    fatou = game.join(PIN, "Fatou", 0.0).player_id
    assert game.set_extra_time(awa, True, 0.0) and not game.set_extra_time(awa, True, 0.0)
    assert game.has_extra_time(awa)
    game.start(10.0)
    mine = game.view_for(awa, 10.0)
    theirs = game.view_for(moussa, 10.0)
    assert isinstance(mine, QuestionView) and isinstance(theirs, QuestionView)
    assert (mine.time_limit, mine.remaining) == (20.0 * EXTRA_TIME_FACTOR, 40.0)
    assert (theirs.time_limit, theirs.remaining) == (20.0, 20.0)
    assert game.deadline == 30.0  # first the usual limit, for everyone else
    right = game.questions[0].correct_value()
    game.answer(moussa, 0, right, 20.0)  # 10 s of 20
    assert game.tick(30.0)
    assert game.phase == "question" and game.deadline == 50.0
    assert code_of(lambda: game.answer(fatou, 0, right, 31.0)) == "question_closed"
    game.answer(awa, 0, right, 30.0)  # 20 s of 40: the same speed as Moussa
    assert game.phase == "reveal"  # Awa was the last who could still answer
    reveal = {pid: game.view_for(pid, 31.0) for pid in (awa, moussa)}
    assert all(isinstance(r, RevealView) for r in reveal.values())
    assert reveal[awa].you.earned == reveal[moussa].you.earned == 750  # type: ignore[union-attr]
    assert [p.extra_time for p in game.host_state(31.0).players if p.id == awa] == [True]


def test_without_anyone_on_extra_time_left_the_usual_limit_closes_the_question() -> None:
    game = make_game("speed", time_limit=20.0, limit=2)
    awa = game.join(PIN, "Awa", 0.0).player_id
    game.join(PIN, "Moussa", 0.0)
    game.set_extra_time(awa, True, 0.0)
    game.start(0.0)
    game.answer(awa, 0, game.questions[0].correct_value(), 5.0)
    assert game.tick(20.0) and game.phase == "reveal"  # Moussa's time is up, Awa answered
    # taking extra time back mid-question ends it at the usual limit
    game.advance(21.0)
    game.advance(22.0)
    assert game.set_extra_time(awa, False, 23.0) and game.deadline == 42.0


def test_time_limits_off_stop_the_clock_and_on_again_give_back_what_was_left() -> None:
    game = make_game("speed", time_limit=20.0, limit=2)
    awa = game.join(PIN, "Awa", 0.0).player_id
    game.join(PIN, "Moussa", 0.0)
    game.start(0.0)
    version = game.version
    assert game.set_timed(False, 5.0) and not game.set_timed(False, 6.0)
    assert game.version > version  # the players are sent the question again, untimed
    assert game.deadline is None and not game.tick(500.0) and game.phase == "question"
    view = game.view_for(awa, 500.0)
    assert isinstance(view, QuestionView) and not view.timed and view.remaining == 15.0
    game.answer(awa, 0, game.questions[0].correct_value(), 400.0)  # late, and accepted
    assert game.set_timed(True, 600.0) and game.deadline == 615.0
    assert game.host_state(601.0).timed
    assert game.tick(615.0) and game.phase == "reveal"


def test_a_game_can_start_with_time_limits_off() -> None:
    game = make_game("speed", time_limit=20.0, limit=2, timed=False)
    awa = game.join(PIN, "Awa", 0.0).player_id
    game.start(0.0)
    assert game.deadline is None and not game.host_state(1.0).timed
    game.answer(awa, 0, game.questions[0].correct_value(), 1000.0)
    assert game.phase == "reveal"
    reveal = game.view_for(awa, 1001.0)
    assert isinstance(reveal, RevealView) and reveal.you.earned == 500  # slowest speed bonus


def test_self_paced_extra_time_runs_the_game_on_for_that_student() -> None:
    game = make_game("self-paced", time_limit=60.0, limit=3)
    awa = game.join(PIN, "Awa", 0.0).player_id
    moussa = game.join(PIN, "Moussa", 0.0).player_id
    game.set_extra_time(awa, True, 0.0)
    game.start(0.0)
    assert game.deadline == 60.0
    version = game.version
    assert game.tick(60.0) and game.phase == "running" and game.version > version
    done = game.view_for(moussa, 61.0)
    assert isinstance(done, DoneView) and done.remaining == 59.0
    assert code_of(lambda: game.answer(moussa, 0, 0, 61.0)) == "question_closed"
    question = game.view_for(awa, 61.0)
    assert isinstance(question, QuestionView) and question.remaining == 59.0
    game.answer(awa, 0, game.questions[0].correct_value(), 70.0)
    assert game.tick(120.0) and game.phase == "ended"
    end = game.view_for(awa, 121.0)
    assert isinstance(end, EndView) and end.you.answered == 1
