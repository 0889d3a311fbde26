"""The progress store on real SQLite files: schema, profiles, reviews, undo, stats, quiz and
classroom results, deck edits, paths and damaged files."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import platformdirs
import pytest

from sahel_quiz.errors import UserError
from sahel_quiz.scheduling import CardState, Scheduler, State, StudyDay, day_starts, new_card
from sahel_quiz.scoring import Rating
from sahel_quiz.store import (
    ClassroomAnswer,
    ClassroomPlayerLine,
    ClassroomQuestionLine,
    Store,
    UndoneReview,
    UndoRefused,
    resolve_home,
)
from sahel_quiz.store.migrations import LATEST_VERSION

START = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
SCHEDULER = Scheduler(enable_fuzzing=False)


def review(
    store: Store,
    card_id: str,
    rating: int,
    now: datetime,
    *,
    profile: str = "ana",
    deck_id: str = "deck",
    content_hash: str = "h1",
    mode: str = "study",
) -> int:
    """One review as the engine does it: the stored state through the scheduler, recorded."""

    def schedule(state: CardState | None) -> fsrs.Card:
        before = state.card if state else new_card(deck_id, card_id, now)
        return SCHEDULER.review(before, Rating(rating), now)

    recorded = store.review(
        profile,
        deck_id,
        card_id,
        content_hash=content_hash,
        schedule=schedule,
        rating=Rating(rating),
        mode=mode,  # type: ignore[arg-type]
        credit=1.0 if rating >= 3 else 0.0,
        response={"text": f"answer {card_id}"},
        duration_ms=1500,
    )
    assert recorded is not None
    return recorded.review_id


def day(now: datetime) -> StudyDay:
    return StudyDay.at(now, UTC)


def raw(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "progress.sqlite3")


# -- opening, settings and migrations ------------------------------------------------------------


def test_opening_creates_the_folder_and_sets_up_sqlite(tmp_path: Path) -> None:
    home = tmp_path / "deep" / "home"
    with Store.open(home) as store:
        connection = store._connection
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.notices == []
    assert (home / "progress.sqlite3").is_file()


def test_a_fresh_file_is_migrated_from_version_0_and_reopening_changes_nothing(
    home: Path,
) -> None:
    sqlite3.connect(home / "progress.sqlite3").close()  # an empty database, user_version 0
    with raw(home) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 0
    with Store.open(home) as store:
        review(store, "c1", 3, START)
    with raw(home) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        schema = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
    assert {
        "profiles",
        "card_states",
        "card_states_due",
        "reviews",
        "quiz_results",
        "classroom_sessions",
        "classroom_players",
        "classroom_questions",
        "classroom_answers",
    } <= tables
    for _ in range(2):
        with Store.open(home) as store:
            assert store.review_count("ana") == 1
    with raw(home) as connection:
        assert (
            connection.execute(
                "SELECT sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
            ).fetchall()
            == schema
        )


def test_a_store_from_a_newer_version_is_refused(home: Path) -> None:
    with raw(home) as connection:
        connection.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    with pytest.raises(UserError, match="newer"):
        Store.open(home)


def test_due_cards_use_the_index(store: Store) -> None:
    plan = store._connection.execute(
        "EXPLAIN QUERY PLAN SELECT card_id FROM card_states "
        "WHERE profile_id = 1 AND deck_id = 'd' AND due <= 5 ORDER BY due LIMIT 20"
    ).fetchall()
    assert "card_states_due" in " ".join(str(row) for row in plan)


def test_a_home_that_cannot_be_created_is_a_user_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(UserError, match="progress folder"):
        Store.open(blocker / "home")


def test_the_home_is_explicit_then_the_variable_then_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))  # never the real one
    monkeypatch.setenv("SAHEL_QUIZ_HOME", str(tmp_path / "from-env"))
    assert resolve_home(tmp_path / "explicit") == tmp_path / "explicit"
    assert resolve_home(None) == tmp_path / "from-env"
    monkeypatch.setenv("SAHEL_QUIZ_HOME", "")
    assert resolve_home(None) == Path(platformdirs.user_data_dir("sahel-quiz", appauthor=False))
    monkeypatch.delenv("SAHEL_QUIZ_HOME")
    assert resolve_home(None) == Path(platformdirs.user_data_dir("sahel-quiz", appauthor=False))
    with Store.open() as store:  # the user data folder, redirected above into tmp_path
        pass
    assert store.home == Path(platformdirs.user_data_dir("sahel-quiz", appauthor=False))


# -- profiles ----------------------------------------------------------------------------------


def test_profiles_are_created_listed_and_checked(store: Store) -> None:
    first = store.profile_id("Zeynab")
    assert store.profile_id("  Zeynab ") == first
    store.profile_id("Aïcha")
    assert store.profiles() == ["Aïcha", "Zeynab"]
    with pytest.raises(UserError, match=r"unknown profile 'Moussa'; profiles: Aïcha, Zeynab"):
        store.profile_id("Moussa", create=False)
    assert store.profile_id("Zeynab", create=False) == first


@pytest.mark.parametrize("name", ["", "   ", "x" * 41, "tab\there", "bell\a"])
def test_bad_profile_names_are_user_errors(store: Store, name: str) -> None:
    with pytest.raises(UserError, match="profile name"):
        store.profile_id(name)


def test_reading_an_unknown_profile_creates_nothing(store: Store) -> None:
    assert store.card_states("ghost", "deck") == {}
    assert store.due_cards("ghost", "deck", day(START)) == []
    assert store.due_counts("ghost", "deck", day(START)) == ({}, False)
    assert not store.has_progress("ghost", "deck")
    assert store.known_among("ghost", "deck", ["c1"]) == set()
    assert store.next_due("ghost", "deck") is None
    assert (
        store.deck_progress("ghost", "deck", START, day_starts(START, 30, UTC)).with_progress == 0
    )
    assert store.quiz_results("ghost") == []
    assert store.profiles() == []


def test_the_unknown_profile_error_when_there_are_none(store: Store) -> None:
    with pytest.raises(UserError, match="no profile has progress yet"):
        store.profile_id("default", create=False)


# -- reviews -----------------------------------------------------------------------------------


def test_a_review_saves_the_state_and_the_log(store: Store, home: Path) -> None:
    review_id = review(store, "c1", 3, START)
    state = store.card_state("ana", "deck", "c1")
    assert state is not None
    assert state.content_hash == "h1"
    assert state.introduced_at == START
    assert state.state is State.Learning and state.step == 1
    assert state.due == START + timedelta(minutes=10)
    with raw(home) as connection:
        row = connection.execute(
            "SELECT card_id, mode, rating, credit, response, duration_ms, reviewed_at, "
            "state, step, due, undone FROM reviews WHERE id = ?",
            (review_id,),
        ).fetchone()
    card_id, mode, rating, credit, answer, duration, reviewed_at, *after, undone = row
    assert (card_id, mode, rating, credit, duration, undone) == ("c1", "study", 3, 1.0, 1500, 0)
    assert json.loads(answer) == {"text": "answer c1"}
    assert reviewed_at == state.last_review_us
    assert after == [state.state, state.step, state.due_us]  # the log says what it did


def test_a_review_needs_a_reviewed_card(store: Store) -> None:
    with pytest.raises(ValueError, match="last_review"):
        store.review(
            "ana",
            "deck",
            "c1",
            content_hash="h",
            schedule=lambda _state: new_card("deck", "c1", START),
            rating=Rating.GOOD,
            mode="quiz",
        )
    with pytest.raises(ValueError, match="mode"):
        store.review(
            "ana",
            "deck",
            "c1",
            content_hash="h",
            schedule=lambda _state: SCHEDULER.review(new_card("deck", "c1", START), 3, START),
            rating=Rating.GOOD,
            mode="exam",  # type: ignore[arg-type]
        )
    skipped = store.review(
        "ana",
        "deck",
        "c1",
        content_hash="h",
        schedule=lambda _state: None,
        rating=Rating.GOOD,
        mode="quiz",
    )
    assert skipped is None
    assert store.review_count("ana") == 0


def test_a_review_is_computed_from_the_state_stored_at_that_moment(store: Store) -> None:
    review(store, "c1", 3, START)
    stored = store.card_state("ana", "deck", "c1")
    seen: list[CardState | None] = []

    def schedule(state: CardState | None) -> fsrs.Card:
        seen.append(state)
        assert state is not None
        return SCHEDULER.review(state.card, Rating.GOOD, START + timedelta(minutes=10))

    recorded = store.review(
        "ana",
        "deck",
        "c1",
        content_hash="h1",
        schedule=schedule,
        rating=Rating.GOOD,
        mode="study",
    )
    assert recorded is not None
    assert seen == [stored] and recorded.before == stored
    assert recorded.after == store.card_state("ana", "deck", "c1")  # the state as written


def test_undo_restores_the_state_before_the_review(store: Store) -> None:
    first_id = review(store, "c1", 3, START)
    first = store.card_state("ana", "deck", "c1")
    later = START + timedelta(minutes=10)
    second_id = review(store, "c1", 3, later, content_hash="h2")
    assert store.card_state("ana", "deck", "c1") != first

    undone = store.undo_review(second_id)
    assert isinstance(undone, UndoneReview) and undone.card_id == "c1"
    assert undone.restored == first
    assert store.card_state("ana", "deck", "c1") == first
    assert store.review_count("ana", "deck") == 1

    again = store.undo_review(first_id)
    assert isinstance(again, UndoneReview) and again.restored is None  # new again
    assert store.card_state("ana", "deck", "c1") is None
    assert store.new_introduced_since("ana", "deck", START) == 0
    assert store.undo_review(first_id) is UndoRefused.UNKNOWN
    assert store.review_count("ana", "deck") == 0


def test_undo_refuses_a_review_that_is_no_longer_the_latest(store: Store) -> None:
    old = review(store, "c1", 3, START)
    review(store, "c1", 3, START + timedelta(minutes=10))
    assert store.undo_review(old) is UndoRefused.SUPERSEDED
    assert store.undo_review(10_000) is UndoRefused.UNKNOWN


def test_due_cards_come_most_overdue_first_with_a_limit_and_a_filter(store: Store) -> None:
    for number in range(6):
        review(store, f"c{number}", 1, START + timedelta(minutes=number))  # due a minute later
    now = START + timedelta(hours=1)
    due = store.due_cards("ana", "deck", day(now))
    assert [state.card_id for state in due] == [f"c{number}" for number in range(6)]
    assert [s.card_id for s in store.due_cards("ana", "deck", day(now), limit=2)] == ["c0", "c1"]
    kept = {"c1", "c3", "c5"}
    orphans: dict[str, CardState] = {}
    found = store.due_cards("ana", "deck", day(now), limit=2, card_ids=kept, orphans=orphans)
    assert [s.card_id for s in found] == ["c1", "c3"]
    assert set(orphans) == {"c0", "c2"}  # met on the way, not in `kept`
    # learning cards: only up to the learn-ahead (20 minutes)
    assert [
        s.card_id for s in store.due_cards("ana", "deck", day(START - timedelta(minutes=19)))
    ] == ["c0"]
    assert store.due_cards("ana", "deck", day(START - timedelta(minutes=20))) == []
    assert store.due_counts("ana", "deck", day(now)) == ({State.Learning: 6}, False)
    assert store.due_counts("ana", "deck", day(now), cap=6) == ({State.Learning: 6}, False)
    assert store.due_counts("ana", "deck", day(now), cap=4)[1] is True
    assert store.due_counts("ana", "deck", day(START - timedelta(minutes=19))) == (
        {State.Learning: 1},
        False,
    )
    assert store.has_progress("ana", "deck") and not store.has_progress("ana", "other-deck")
    assert store.known_among("ana", "deck", ["c1", "c9", "c5"]) == {"c1", "c5"}
    assert store.next_due("ana", "deck") == START + timedelta(minutes=1)
    assert store.next_due("ana", "deck", after=START + timedelta(minutes=1)) == START + timedelta(
        minutes=2
    )
    assert store.next_due("ana", "deck", after=START, card_ids={"c4"}) == START + timedelta(
        minutes=5
    )
    assert store.next_due("ana", "deck", after=now) is None
    assert store.due_cards("ana", "other-deck", day(now)) == []


def test_progress_is_kept_per_profile_and_deck(store: Store) -> None:
    review(store, "c1", 3, START, profile="ana")
    review(store, "c1", 1, START, profile="bintou")
    review(store, "c1", 4, START, profile="ana", deck_id="other")
    ana = store.card_state("ana", "deck", "c1")
    bintou = store.card_state("bintou", "deck", "c1")
    assert ana is not None and bintou is not None and ana.due != bintou.due
    assert store.deck_ids_with_progress("ana") == ["deck", "other"]
    assert store.deck_ids_with_progress("bintou") == ["deck"]


def test_deck_progress_counts_states_due_cards_retention_and_days(store: Store) -> None:
    # c1: graduated on day 0, reviewed (passed) on its due date; c2: graduated, then forgotten.
    for card_id in ("c1", "c2"):
        review(store, card_id, 4, START)
    for card_id, rating in (("c1", 3), ("c2", 1)):
        state = store.card_state("ana", "deck", card_id)
        assert state is not None
        review(store, card_id, rating, state.due)
    review(store, "c3", 3, START)  # still learning
    c1 = store.card_state("ana", "deck", "c1")
    c2 = store.card_state("ana", "deck", "c2")
    assert c1 is not None and c2 is not None
    now = c2.due  # c2 (relearning) and c3 (learning) are due; c1 is days away
    start = now.replace(hour=4, minute=0, second=0, microsecond=0)
    progress = store.deck_progress("ana", "deck", now, day_starts(now, 30, UTC))
    assert (progress.learning, progress.review, progress.relearning) == (1, 1, 1)
    assert progress.due_now == 2
    assert progress.due_next_7_days == 2 + ((c1.due - now) <= timedelta(days=7))
    assert progress.next_due == c1.due
    assert progress.reviews_done == 5
    assert (progress.retention_reviews, progress.retention_passed) == (2, 1)
    assert progress.retention == 0.5
    days_before = (now - START).days  # the first three reviews, `days_before` days ago
    assert progress.reviews_per_day[29] == 2  # today: c1's pass and c2's lapse
    assert progress.reviews_per_day[29 - days_before] == 3
    assert sum(progress.reviews_per_day) == 5
    assert progress.due_per_day[0] == 2
    c1_day = (c1.due - start) // timedelta(days=1)
    assert sum(progress.due_per_day) == 2 + (c1_day < 30)
    only_c3 = store.deck_progress("ana", "deck", now, day_starts(now, 30, UTC), card_ids={"c3"})
    assert (only_c3.learning, only_c3.review, only_c3.reviews_done) == (1, 0, 1)


def test_a_deck_edit_keeps_progress(store: Store) -> None:
    """Reword c1 (hash changes), remove c2, add c3: nothing is lost, c3 starts new."""
    review(store, "c1", 3, START, content_hash="old")
    review(store, "c2", 3, START, content_hash="c2")
    edited_deck = {"c1": "new", "c3": "c3"}  # card id → content hash after the edit

    c1 = store.card_state("ana", "deck", "c1")
    assert c1 is not None and c1.content_hash != edited_deck["c1"]  # shown as "changed"
    review(store, "c1", 3, START + timedelta(minutes=10), content_hash=edited_deck["c1"])
    c1 = store.card_state("ana", "deck", "c1")
    assert c1 is not None and c1.content_hash == "new" and c1.state is State.Review
    assert store.review_count("ana", "deck") == 3  # the history of the reworded card is kept

    with_progress = store.cards_with_progress("ana", "deck")
    assert with_progress == {"c1", "c2"}
    assert with_progress - edited_deck.keys() == {"c2"}  # stats: no longer in the deck
    assert store.card_state("ana", "deck", "c2") is not None
    assert store.card_state("ana", "deck", "c3") is None  # new
    in_deck = store.deck_progress(
        "ana", "deck", START, day_starts(START, 30, UTC), card_ids=edited_deck.keys()
    )
    assert in_deck.with_progress == 1
    assert store.deck_ids_with_progress("ana") == ["deck"]


def test_a_removed_deck_is_still_listed(store: Store) -> None:
    review(store, "c1", 3, START, deck_id="retired-deck")
    assert store.deck_ids_with_progress("ana") == ["retired-deck"]


# -- quiz results --------------------------------------------------------------------------------


def test_quiz_results_round_trip_newest_first(store: Store) -> None:
    lines = [{"card": "c1", "credit": 1.0}, {"card": "c2", "credit": 0.5}]
    first = store.record_quiz_result(
        "ana",
        "deck",
        started_at=START,
        finished_at=START + timedelta(minutes=3),
        score=1.5,
        maximum=2.0,
        card_count=2,
        details=lines,
    )
    second = store.record_quiz_result(
        "ana",
        "other",
        started_at=START + timedelta(hours=1),
        finished_at=START + timedelta(hours=1, minutes=1),
        score=0.0,
        maximum=1.0,
        card_count=1,
    )
    results = store.quiz_results("ana")
    assert [result.id for result in results] == [second, first]
    assert results[1].details == lines
    assert results[1].score == 1.5 and results[1].maximum == 2.0 and results[1].card_count == 2
    assert results[1].finished_at == START + timedelta(minutes=3)
    assert [result.id for result in store.quiz_results("ana", "deck")] == [first]


# -- classroom sessions --------------------------------------------------------------------------


def test_a_classroom_session_is_saved_and_reported(store: Store) -> None:
    session = store.create_classroom_session(
        "deck", title="AES", mode="speed", pin="123456", started_at=START, settings={"limit": 2}
    )
    answered = START + timedelta(seconds=5)
    for index, right in ((0, ("awa", "issa")), (1, ("awa",))):
        answers = [
            ClassroomAnswer(
                index,
                nick,
                f"c{index}",
                "Niamey",
                1.0 if nick in right else 0.0,
                900 if nick in right else 0,
                2000 + 1000 * index,
                answered,
            )
            for nick in ("awa", "issa")
        ]
        standings = [
            ClassroomPlayerLine("awa", 1, 900 * (index + 1), index + 1, index + 1, 2000),
            ClassroomPlayerLine("issa", 2, 900, 1, index + 1, 3000),
            ClassroomPlayerLine("moussa", 3, 0, 0, 0, 0),
        ]
        question = ClassroomQuestionLine(
            index, f"c{index}", "choice", f"Question {index}?", 3, 2, len(right), 4000
        )
        store.record_classroom_question(session, question, answers, standings)
    store.finish_classroom_session(session, START + timedelta(minutes=5))

    (listed,) = store.classroom_sessions()
    assert listed.id == session and listed.players == 3 and listed.settings == {"limit": 2}
    assert listed.finished_at == START + timedelta(minutes=5)
    report = store.classroom_report(session)
    assert [player.nickname for player in report.players] == ["awa", "issa", "moussa"]
    assert report.players[0].score == 1800 and report.players[0].right == 2
    assert report.players[0].mean_response_ms == 1000
    assert report.players[2].mean_response_ms is None
    assert [question.index for question in report.questions] == [0, 1]
    assert report.questions[0].share_right == pytest.approx(2 / 3)
    assert report.questions[1].share_right == pytest.approx(1 / 3)
    assert report.questions[1].mean_response_ms == 2000
    answers = store.classroom_answers(session)
    assert len(answers) == 4 and answers[0].answer == "Niamey"
    assert answers[0].answered_at == answered


def test_saving_a_question_again_replaces_it(store: Store) -> None:
    session = store.create_classroom_session(
        "deck", title="AES", mode="self-paced", pin="1", started_at=START
    )
    answer = ClassroomAnswer(0, "awa", "c0", None, 0.5, 450, 1000, START)
    question = ClassroomQuestionLine(0, "c0", "multi", "Which?", 1, 1, 0, 1000)
    store.record_classroom_question(session, question, [answer])
    store.record_classroom_question(session, question, [answer])
    assert len(store.classroom_answers(session)) == 1
    assert len(store.classroom_report(session).questions) == 1


def test_an_unknown_classroom_session_is_a_user_error(store: Store) -> None:
    with pytest.raises(UserError, match="none recorded yet"):
        store.classroom_report(7)
    session = store.create_classroom_session(
        "deck", title="AES", mode="accuracy", pin="1", started_at=START
    )
    with pytest.raises(UserError, match=f"recent sessions: {session}"):
        store.classroom_report(session + 1)
    with pytest.raises(ValueError, match="no classroom session"):
        store.finish_classroom_session(session + 1, START)


# -- damaged files -------------------------------------------------------------------------------


def _store_with_progress(home: Path) -> None:
    with Store.open(home) as store:
        for number in range(200):
            review(store, f"card-{number:03d}", 3, START)
    assert not (home / "progress.sqlite3-wal").exists()  # checkpointed at close


def _moved_aside(home: Path) -> Path:
    (moved,) = [
        path
        for path in home.iterdir()
        if ".damaged-" in path.name and not path.name.endswith(("-wal", "-shm"))
    ]
    return moved


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _damage(path: Path) -> bytes:
    """Write garbage over every page but the first (the header and the schema survive)."""
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 2 * page
    data[page:] = b"\xde\xad\xbe\xef" * ((len(data) - page) // 4)
    path.write_bytes(bytes(data))
    return bytes(data)


def test_a_damaged_file_is_moved_aside_and_a_fresh_store_started(home: Path) -> None:
    _store_with_progress(home)
    path = home / "progress.sqlite3"
    data = _damage(path)

    with Store.open(home) as store:
        (notice,) = store.notices
        moved = _moved_aside(home)
        assert "\n" not in notice
        assert str(path) in notice and str(moved) in notice
        assert store.profiles() == []
        review(store, "c1", 3, START)
        assert store.review_count("ana") == 1
    assert moved.read_bytes() == data  # kept, byte for byte
    assert moved.name.startswith("progress.sqlite3.damaged-")
    with Store.open(home) as store:
        assert store.notices == [] and store.review_count("ana") == 1


def test_a_file_that_is_not_a_database_is_moved_aside_with_its_wal_and_shm(home: Path) -> None:
    path = home / "progress.sqlite3"
    path.write_bytes(b"this is not a database, just some text " * 200)
    (home / "progress.sqlite3-wal").write_bytes(b"wal")
    (home / "progress.sqlite3-shm").write_bytes(b"shm")
    with Store.open(home) as store:
        assert len(store.notices) == 1
        moved = _moved_aside(home)
        assert Path(f"{moved}-wal").read_bytes() == b"wal"
        assert Path(f"{moved}-shm").exists()  # an index SQLite rebuilds from the WAL
        review(store, "c1", 3, START)
    with raw(home) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_wal_of_a_damaged_store_is_kept_intact(home: Path, tmp_path: Path) -> None:
    """The latest answers may live only in the `-wal` file: it must not be checkpointed away."""
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    _store_with_progress(home)  # checkpointed into the main file
    with Store.open(home) as store:
        for number in range(5):
            review(store, f"late-{number}", 3, START)
        # A copy taken while the store is open is what a crash leaves behind.
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(
                home / f"progress.sqlite3{suffix}", crashed / f"progress.sqlite3{suffix}"
            )
    wal = (crashed / "progress.sqlite3-wal").read_bytes()
    assert len(wal) > 4096
    _damage(crashed / "progress.sqlite3")
    (crashed / f"progress.sqlite3.open-{_dead_pid()}-0").touch()  # what the crash left
    with Store.open(crashed) as store:
        assert len(store.notices) == 1
        moved = _moved_aside(crashed)
    assert Path(f"{moved}-wal").read_bytes() == wal


def test_one_store_can_be_shared_between_threads(store: Store) -> None:
    """A UI worker thread and the main thread may both record through the same store."""
    errors: list[BaseException] = []

    def reviewer(name: str) -> None:
        try:
            for number in range(40):
                review(store, f"{name}-{number % 5}", 1 + number % 4, START, profile=name)
        except BaseException as error:  # pragma: no cover - reported by the assert below
            errors.append(error)

    threads = [threading.Thread(target=reviewer, args=(f"p{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [store.review_count(f"p{i}") for i in range(4)] == [40] * 4
