"""The classroom game engine, played at any speed: `now` is a parameter, no server, no sockets."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from classroom_clients import CLASSROOM_DECK

from sahel_quiz.deck.model import Deck
from sahel_quiz.engine.classroom import (
    ClassroomGame,
    GameError,
    GameQuestion,
    build_questions,
    clean_name,
)
from sahel_quiz.engine.classroom.views import (
    DoneView,
    EndView,
    LeaderboardView,
    LobbyView,
    QuestionView,
    RevealView,
)

PIN = "123456"
DECK = Deck.model_validate(CLASSROOM_DECK)


def by_type(questions: list[GameQuestion], card_type: str) -> GameQuestion:
    return next(q for q in questions if q.card_type == card_type)


def right(question: GameQuestion) -> Any:
    """The wire answer with full credit, from the question as shown."""
    value = question.correct_value()
    return value


def make_game(mode: str = "speed", **kwargs: Any) -> ClassroomGame:
    questions = build_questions(DECK.cards, seed=7, limit=kwargs.pop("limit", None))
    return ClassroomGame(
        questions,
        title="T",
        language="en",
        mode=mode,
        pin=PIN,
        **kwargs,  # type: ignore[arg-type]
    )


def code_of(call: Any) -> str:
    with pytest.raises(GameError) as caught:
        call()
    return caught.value.code


# -- questions -------------------------------------------------------------------------------


def test_basic_cards_are_left_out_and_the_order_is_seeded() -> None:
    first = build_questions(DECK.cards, seed=3)
    again = build_questions(DECK.cards, seed=3)
    assert [q.card.id for q in first] == [q.card.id for q in again]
    assert [q.shown for q in first] == [q.shown for q in again]
    assert "flashcard" not in {q.card.id for q in first}
    assert len(first) == len(DECK.cards) - 1
    assert [q.index for q in first] == list(range(len(first)))
    assert len(build_questions(DECK.cards, seed=3, limit=2)) == 2


@pytest.mark.parametrize("seed", range(20))
def test_order_items_are_never_shown_in_the_right_order(seed: int) -> None:
    question = by_type(build_questions(DECK.cards, seed=seed), "order")
    items = question.shown.choices
    assert list(items) != list(question.card.answer)  # type: ignore[union-attr]
    assert sorted(items) == sorted(question.card.answer)  # type: ignore[union-attr]


def test_the_correct_value_is_an_answer_with_full_credit() -> None:
    game = make_game("accuracy")
    player = game.join(PIN, "Awa", 0.0).player_id
    game.start(0.0)
    for index, question in enumerate(game.questions):
        game.answer(player, index, right(question), 1.0)  # everyone answered: it closes
        assert game.phase == "reveal"
        view = game.view_for(player, 1.0)
        assert isinstance(view, RevealView)
        assert view.you.credit == 1.0, question.card_type
        assert view.you.earned == 1000
        game.advance(2.0)
        game.advance(2.0)
    assert game.phase == "ended"


@pytest.mark.parametrize(
    ("card_type", "answer"),
    [
        ("choice", 99),
        ("choice", True),
        ("choice", "Sergei Lavrov"),
        ("multi", [0, 0]),
        ("multi", 1),
        ("multi", [7]),
        ("true_false", "false"),
        ("true_false", 0),
        ("typed", ["Moscow"]),
        ("typed", "x" * 501),
        ("number", "many"),
        ("number", 9173),
        ("cloze", ["Confederation of Sahel States"]),
        ("cloze", "ECOWAS"),
        ("order", [0, 1]),
        ("order", [0, 0, 1]),
        ("order", [2, 1, 0, 3]),
    ],
)
def test_answers_of_the_wrong_shape_are_refused(card_type: str, answer: Any) -> None:
    question = by_type(build_questions(DECK.cards, seed=1), card_type)
    assert code_of(lambda: question.to_response(answer)) == "bad_answer"


def test_control_characters_in_a_student_s_text_are_taken_out() -> None:
    """The host's screen and reports show what students typed: no escape reaches a terminal."""
    questions = build_questions(DECK.cards, seed=1)
    assert by_type(questions, "typed").to_response("Mos\x1b[2Jcow\x07\u202e") == "Mos[2Jcow"
    blanks = by_type(questions, "cloze").shown.blanks
    assert by_type(questions, "cloze").to_response(["a\x9bb"] * blanks) == ["ab"] * blanks


# -- joining ---------------------------------------------------------------------------------


def test_names_are_trimmed_and_checked() -> None:
    assert clean_name("  Awa   Diallo ") == "Awa Diallo"
    for bad in ["", "   ", "x" * 21, "bell\x07", "\u200b"]:
        assert code_of(lambda bad=bad: clean_name(bad)) == "name_invalid", repr(bad)
    assert clean_name("evil\u202eeman") == "evileman"  # bidi controls are taken out
    assert clean_name("zero\u200bwidth") == "zerowidth"
    assert clean_name("x" * 20) == "x" * 20
    assert clean_name("tab\tand\nnewline") == "tab and newline"
    assert clean_name("👩\u200d🏫 Mme") == "👩\u200d🏫 Mme"


def test_joining_refuses_a_wrong_pin_a_taken_name_and_a_full_game() -> None:
    game = make_game(max_players=2)
    assert code_of(lambda: game.join("000000", "Awa", 0.0)) == "wrong_pin"
    game.join(f" {PIN} ", "Awa", 0.0)
    assert code_of(lambda: game.join(PIN, "AWA", 0.0)) == "name_taken"
    assert code_of(lambda: game.join(PIN, " awa ", 0.0)) == "name_taken"
    game.join(PIN, "Moussa", 0.0)
    assert code_of(lambda: game.join(PIN, "Fatou", 0.0)) == "game_full"
    lobby = game.lobby_view()
    assert lobby == LobbyView(players=2, names=("Awa", "Moussa"))
    game.end(1.0)
    assert code_of(lambda: game.join(PIN, "Late", 2.0)) == "game_over"


def test_a_removed_player_frees_the_name_and_loses_the_token() -> None:
    game = make_game()
    joined = game.join(PIN, "Awa", 0.0)
    assert game.remove(joined.player_id, 1.0)
    assert code_of(lambda: game.rejoin(joined.welcome.token, 2.0)) == "bad_token"
    assert game.player_ids == []
    again = game.join(PIN, "awa", 3.0)
    assert again.welcome.token != joined.welcome.token
    assert not game.remove(joined.player_id, 4.0)


# -- a speed game ----------------------------------------------------------------------------


def test_a_speed_game_scores_by_time_and_streak() -> None:
    game = make_game("speed", time_limit=20.0, limit=3)
    fast = game.join(PIN, "Fast", 0.0).player_id
    slow = game.join(PIN, "Slow", 0.0).player_id
    assert game.start(10.0)
    assert not game.start(10.0)
    for index, question in enumerate(game.questions):
        opened = 10.0 + 100 * index
        if index:
            game._open(index, opened)  # the host moved on at this time
        game.answer(fast, index, right(question), opened + 0.3)
        assert game.phase == "question"  # Slow has not answered yet
        game.answer(slow, index, right(question), opened + 10.0)
        assert game.phase == "reveal"
        reveal_fast = game.view_for(fast, opened + 11)
        reveal_slow = game.view_for(slow, opened + 11)
        assert isinstance(reveal_fast, RevealView) and isinstance(reveal_slow, RevealView)
        bonus = min(100 * index, 500)
        assert reveal_fast.you.earned == 1000 + bonus
        assert reveal_slow.you.earned == 750 + bonus
        assert reveal_fast.you.streak == reveal_slow.you.streak == index + 1
        assert (reveal_fast.you.rank, reveal_slow.you.rank) == (1, 2)
        assert reveal_fast.stats.answered == 2 and reveal_fast.stats.right_share == 1.0
        assert reveal_fast.you.time == 0.3
        game.advance(opened + 12)
        if index < 2:
            assert isinstance(game.view_for(slow, opened + 12), LeaderboardView)
    assert game.phase == "ended"
    end = game.view_for(fast, 400.0)
    assert isinstance(end, EndView)
    assert end.you.score == 3000 + 100 + 200 and end.you.right == 3 and end.you.rank == 1
    assert [s.name for s in end.top] == ["Fast", "Slow"]
    assert len(end.review) == 3
    players = game.player_results()
    assert [(p.name, p.rank, p.right, p.answered) for p in players] == [
        ("Fast", 1, 3, 3),
        ("Slow", 2, 3, 3),
    ]
    assert players[1].mean_time == pytest.approx(10.0)
    assert game.closed_questions == [0, 1, 2]
    line, answers = game.question_result(1)
    assert (line.players, line.answered, line.right) == (2, 2, 2)
    assert line.mean_time == pytest.approx((0.3 + 10.0) / 2)
    assert sorted(a.earned for a in answers) == [850, 1100]
    assert {a.at for a in answers} == {110.3, 120.0}


def test_a_question_closes_when_its_time_is_up_and_a_late_answer_is_refused() -> None:
    game = make_game("speed", time_limit=5.0)
    awa = game.join(PIN, "Awa", 0.0).player_id
    game.join(PIN, "Moussa", 0.0)
    game.start(0.0)
    assert game.deadline == 5.0
    assert not game.tick(4.9)
    question = game.view_for(awa, 2.0)
    assert isinstance(question, QuestionView) and question.remaining == 3.0
    assert code_of(lambda: game.answer(awa, 0, right(game.questions[0]), 5.01)) == "question_closed"
    assert game.phase == "reveal"  # the late answer closed it on the way
    reveal = game.view_for(awa, 6.0)
    assert isinstance(reveal, RevealView)
    assert not reveal.you.answered and reveal.you.earned == 0 and reveal.you.credit is None


def test_refusals_name_what_is_wrong_and_change_nothing() -> None:
    game = make_game("speed")
    awa = game.join(PIN, "Awa", 0.0).player_id
    game.join(PIN, "Moussa", 0.0)
    first = right(game.questions[0])
    assert code_of(lambda: game.answer(awa, 0, first, 1.0)) == "no_question"
    assert code_of(lambda: game.answer("p999", 0, first, 1.0)) == "not_joined"
    game.start(1.0)
    assert code_of(lambda: game.answer(awa, 1, first, 2.0)) == "wrong_question"
    game.answer(awa, 0, first, 2.0)
    assert code_of(lambda: game.answer(awa, 0, first, 2.5)) == "already_answered"
    game.advance(3.0)  # reveal
    assert code_of(lambda: game.answer(awa, 0, first, 3.5)) == "question_closed"
    game.advance(4.0)  # leaderboard
    game.advance(5.0)  # question 1
    assert code_of(lambda: game.answer(awa, 0, first, 6.0)) == "question_closed"
    assert game.phase == "question" and game.current == 1


def test_a_dropped_player_keeps_everything_on_rejoin() -> None:
    game = make_game("speed", limit=3)
    awa = game.join(PIN, "Awa", 0.0)
    moussa = game.join(PIN, "Moussa", 0.0).player_id
    game.start(0.0)
    game.answer(awa.player_id, 0, right(game.questions[0]), 0.2)
    game.answer(moussa, 0, right(game.questions[0]), 1.0)
    assert game.phase == "reveal"  # both answered
    game.advance(2.0)
    game.advance(3.0)  # question 1 open
    game.answer(awa.player_id, 1, right(game.questions[1]), 3.1)
    game.disconnect(awa.player_id, 3.2)
    assert game.phase == "question"  # Moussa is still connected and has not answered
    back = game.rejoin(awa.welcome.token, 4.0)
    assert back.player_id == awa.player_id
    assert back.welcome.rejoined and back.welcome.name == "Awa"
    assert back.welcome.score == 1000 and back.welcome.streak == 1
    view = game.view_for(back.player_id, 4.0)
    assert isinstance(view, QuestionView) and view.index == 1 and view.answered


def test_the_question_closes_when_the_last_unanswered_player_drops() -> None:
    game = make_game("speed")
    awa = game.join(PIN, "Awa", 0.0).player_id
    moussa = game.join(PIN, "Moussa", 0.0).player_id
    game.start(0.0)
    game.answer(awa, 0, right(game.questions[0]), 1.0)
    game.disconnect(moussa, 2.0)
    assert game.phase == "reveal"


def test_ties_go_to_the_faster_total_and_a_missed_question_costs_its_whole_time() -> None:
    game = make_game("accuracy", time_limit=10.0, limit=2)
    a = game.join(PIN, "A", 0.0).player_id
    b = game.join(PIN, "B", 0.0).player_id
    c = game.join(PIN, "C", 0.0).player_id
    game.start(0.0)
    game.answer(a, 0, right(game.questions[0]), 4.0)
    game.answer(b, 0, right(game.questions[0]), 2.0)
    game.close_question(5.0)  # C missed it
    assert [s.name for s in game.standings()] == ["B", "A", "C"]
    game.advance(6.0)
    game.advance(10.0)  # question 1 opens at 10
    game.answer(c, 1, right(game.questions[1]), 10.5)
    game.close_question(11.0)
    # all three have 1000; times: A 4 + 10 (missed), B 2 + 10 (missed), C 10 (missed) + 0.5
    assert [s.name for s in game.standings()] == ["C", "B", "A"]
    assert {s.score for s in game.standings()} == {1000}


def test_accuracy_mode_ignores_time_and_gives_partial_credit() -> None:
    game = make_game("accuracy", time_limit=20.0)
    awa = game.join(PIN, "Awa", 0.0).player_id
    game.start(0.0)
    index = next(q.index for q in game.questions if q.card_type == "multi")
    while game.current != index:
        game.close_question(1.0)
        game.advance(1.0)
        game.advance(1.0)
    question = game.questions[index]
    picks = right(question)
    game.answer(awa, index, picks[:2], 19.9)  # two of the three right options
    reveal = game.view_for(awa, 20.0)
    assert isinstance(reveal, RevealView)
    assert reveal.you.credit == pytest.approx(2 / 3)
    assert reveal.you.earned == 667


def test_a_near_miss_that_is_another_text_of_the_deck_is_not_forgiven() -> None:
    """Issue 9: "Russian" is one letter from "Russia", but the deck also knows "Russian" (here
    in a basic card, which the game leaves out of its questions: the whole deck counts)."""
    deck = Deck.model_validate(
        {
            "id": "shift",
            "title": "T",
            "cards": [
                {"id": "shift", "type": "typed", "prompt": "Where to?", "answer": "Russia"},
                {"id": "other", "type": "basic", "prompt": "Its people?", "answer": "Russian"},
            ],
        }
    )
    questions = build_questions(deck.cards, seed=1)
    for deck_cards, credit in ((None, 1.0), (deck.cards, 0.0)):
        game = ClassroomGame(
            questions, title="T", language="en", mode="accuracy", pin=PIN, deck_cards=deck_cards
        )
        awa = game.join(PIN, "Awa", 0.0).player_id
        game.start(0.0)
        game.answer(awa, 0, "Russian", 1.0)
        reveal = game.view_for(awa, 30.0)
        assert isinstance(reveal, RevealView)
        assert reveal.you.credit == credit


def test_joining_late_gets_the_open_question_with_the_time_left() -> None:
    game = make_game("speed", time_limit=20.0)
    game.join(PIN, "Awa", 0.0)
    game.start(0.0)
    late = game.join(PIN, "Late", 8.0).player_id
    view = game.view_for(late, 8.0)
    assert isinstance(view, QuestionView) and view.remaining == 12.0 and not view.answered


# -- self-paced ------------------------------------------------------------------------------


def test_a_self_paced_game_moves_each_player_on_their_own() -> None:
    game = make_game("self-paced", time_limit=300.0, limit=3)
    awa = game.join(PIN, "Awa", 0.0).player_id
    moussa = game.join(PIN, "Moussa", 0.0).player_id
    game.start(10.0)
    assert game.phase == "running" and game.deadline == 310.0
    first = game.view_for(awa, 10.0)
    assert isinstance(first, QuestionView)
    assert first.index == 0 and first.clock == "game" and first.time_limit == 300.0
    for index, question in enumerate(game.questions):
        game.answer(awa, index, right(question), 12.0 + index)
    done = game.view_for(awa, 20.0)
    assert isinstance(done, DoneView) and done.answered == 3 and done.remaining == 290.0
    assert code_of(lambda: game.answer(awa, 0, right(game.questions[0]), 21.0)) == "no_question"
    assert code_of(lambda: game.answer(moussa, 1, right(game.questions[1]), 21.0)) == (
        "wrong_question"
    )
    game.answer(moussa, 0, right(game.questions[0]), 30.0)
    assert code_of(lambda: game.answer(moussa, 0, 0, 31.0)) == "already_answered"
    progress = {p.name: p.progress for p in game.host_state(31.0).players}
    assert progress == {"Awa": 3, "Moussa": 1}
    # no score is applied before the end: a score would tell who was right
    assert game.rejoin(game.players[awa].token, 32.0).welcome.score == 0
    game.answer(moussa, 1, right(game.questions[1]), 40.0)
    game.answer(moussa, 2, right(game.questions[2]), 50.0)
    assert game.phase == "ended"  # everyone done
    end = game.view_for(moussa, 50.0)
    assert isinstance(end, EndView)
    assert end.you.score == 3000 and end.you.right == 3
    assert end.you.mean_time == pytest.approx((20.0 + 10.0 + 10.0) / 3, abs=1e-3)
    assert [s.name for s in end.top] == ["Awa", "Moussa"]  # same score, Awa faster
    assert len(end.review) == 3 and end.review[0].answer_text


def test_a_self_paced_game_ends_when_the_overall_time_is_up() -> None:
    game = make_game("self-paced", time_limit=60.0)
    awa = game.join(PIN, "Awa", 0.0).player_id
    game.start(0.0)
    game.answer(awa, 0, right(game.questions[0]), 5.0)
    late = game.join(PIN, "Late", 30.0).player_id
    view = game.view_for(late, 30.0)
    assert isinstance(view, QuestionView) and view.index == 0 and view.remaining == 30.0
    assert game.tick(60.0)
    assert game.phase == "ended"
    end = game.view_for(awa, 61.0)
    assert isinstance(end, EndView) and end.you.answered == 1 and end.you.score == 1000
    assert len(end.review) == len(game.questions)


# -- nothing leaks before the reveal ---------------------------------------------------------


def _secrets(question: GameQuestion) -> list[str]:
    card = question.card
    found = [text for text in (card.explain, card.quote) if text]
    if question.card_type in ("typed", "number", "cloze"):
        found.append(question.answer_text())
        correct = question.correct_value()
        found.extend(correct if isinstance(correct, list) else [str(correct)])  # type: ignore[list-item]
    if question.card_type == "order":
        found.append(json.dumps(list(card.answer))[1:-1])  # type: ignore[union-attr]
    return found


@pytest.mark.parametrize("mode", ["speed", "accuracy", "self-paced"])
def test_no_player_view_holds_an_answer_before_its_reveal(mode: str) -> None:
    game = make_game(mode)
    awa = game.join(PIN, "Awa", 0.0).player_id
    game.join(PIN, "Moussa", 0.0)
    game.start(0.0)
    now = 1.0
    while game.phase != "ended":
        view = game.view_for(awa, now)
        text = json.dumps(dataclasses.asdict(view), ensure_ascii=False)
        if isinstance(view, QuestionView):
            assert "correct" not in text and "explain" not in text
            for secret in _secrets(game.questions[view.index]):
                assert secret not in text, (view.card_type, secret)
            game.answer(awa, view.index, right(game.questions[view.index]), now)
            after = game.view_for(awa, now)
            if mode != "self-paced":
                assert isinstance(after, QuestionView) and after.answered
                for secret in _secrets(game.questions[view.index]):
                    assert secret not in json.dumps(dataclasses.asdict(after)), secret
                game.advance(now)
            elif isinstance(after, DoneView):
                game.end(now)
        else:
            game.advance(now)
        now += 1.0


def test_the_game_engine_imports_no_network_or_screen_code() -> None:
    import subprocess
    import sys

    code = (
        "import sys, sahel_quiz.engine.classroom, sahel_quiz.engine.classroom.record;"
        "print(sorted(m for m in ('aiohttp', 'textual', 'rich') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
