"""Card groups and tag filters: the `group` key, the three selection rules, and their use by
quiz, study, the classroom game and the command line.

The property tests check `sahel_quiz.deck.selection` against oracles written from the README's
words ("Groups of related cards", "Choosing cards by tag"), not from the code.
"""

from __future__ import annotations

import itertools
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sahel_quiz.deck.loader import DeckError, load_deck
from sahel_quiz.deck.model import LoadedDeck
from sahel_quiz.deck.selection import (
    NO_FILTER,
    TagFilter,
    buried_today,
    select_cards,
    spread_groups,
)
from sahel_quiz.errors import UserError
from sahel_quiz.scheduling import to_micros
from sahel_quiz.scoring import Rating
from sahel_quiz.store import Store

REPO = Path(__file__).resolve().parent.parent
BUNDLED = sorted((REPO / "decks").glob("*.yaml"))
NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
DAY_BEGAN = datetime(2026, 4, 1, 4, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Stub:
    """What the selection rules read of a card."""

    id: str
    group: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class State:
    due_us: int
    last_review_us: int | None


def touching(cards: Sequence[Any]) -> list[tuple[str, str]]:
    """The neighbours that share a group (cards or stubs)."""
    return [(a.id, b.id) for a, b in itertools.pairwise(cards) if a.group and a.group == b.group]


# -- the `group` key ----------------------------------------------------------------------------

DECK = """\
    # yaml-language-server: $schema=deck.schema.json
    id: grouped
    title: Grouped cards
    cards:
      - id: acronym
        type: typed
        prompt: What acronym does the article use for the Economic Community of West African States?
        answer: ECOWAS
        group: ecowas-name
        tags: [organisations]
      - id: full-name
        type: cloze
        prompt: "ECOWAS stands for the {{Economic}} {{Community}} of West African States."
        group: ecowas-name
        tags: [organisations]
      - id: city
        type: typed
        prompt: Which city will the ministers visit?
        answer: Moscow
        tags: [where]
      - id: month
        type: typed
        prompt: In which month?
        answer: April
        tags: [when, Headline]
"""


def write_deck(folder: Path, text: str = DECK) -> Path:
    path = folder / "grouped.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_card_may_name_its_group(tmp_path: Path) -> None:
    loaded = load_deck(write_deck(tmp_path))
    assert [card.group for card in loaded.deck.cards] == ["ecowas-name", "ecowas-name", None, None]


def test_a_group_is_written_like_an_id_and_errors_point_at_its_line(tmp_path: Path) -> None:
    path = write_deck(
        tmp_path,
        DECK.replace("group: ecowas-name\n        tags", "group: ECOWAS name\n        tags", 1),
    )
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    [problem] = caught.value.problems
    assert problem.line == 9
    assert "'ECOWAS name'" in problem.message


def test_a_group_does_not_change_the_card_for_the_store(tmp_path: Path) -> None:
    """Adding a group to studied cards must not flag them as reworded."""
    card = load_deck(write_deck(tmp_path)).deck.card("acronym")
    assert card.model_copy(update={"group": None}).content_hash() == card.content_hash()
    assert card.model_copy(update={"prompt": "Other?"}).content_hash() != card.content_hash()


# -- tag filters --------------------------------------------------------------------------------

TAGS = ["who", "when", "where", "Headline"]


@st.composite
def tagged_cards(draw: st.DrawFn) -> list[Stub]:
    tags = st.lists(st.sampled_from(TAGS), max_size=3, unique=True)
    return [
        Stub(f"card-{index}", tags=tuple(draw(tags)))
        for index in range(draw(st.integers(min_value=1, max_value=12)))
    ]


@given(
    tagged_cards(),
    st.lists(st.sampled_from([*TAGS, "headline", "WHO"]), max_size=3),
    st.lists(st.sampled_from([*TAGS, "HEADLINE"]), max_size=2),
)
def test_tag_filter_against_the_readme(cards: list[Stub], tags: list[str], skip: list[str]) -> None:
    """'only cards with that tag (...any of them)', 'leave out cards with that tag', 'matched
    whatever their case', 'a tag that no card of the deck has is an error'."""

    def has(card: Stub, tag: str) -> bool:
        return tag.lower() in [own.lower() for own in card.tags]

    every_tag = [tag.lower() for card in cards for tag in card.tags]
    expected = [
        card
        for card in cards
        if (not tags or any(has(card, tag) for tag in tags))
        and not any(has(card, tag) for tag in skip)
    ]
    unknown = [tag for tag in tags + skip if tag.lower() not in every_tag]
    filter_ = TagFilter.parse([",".join(tags)] if tags else None, skip)
    if unknown:
        with pytest.raises(UserError, match=f"has the tag '{unknown[0]}'"):
            select_cards(cards, filter_, "deck")
    elif not expected:
        with pytest.raises(UserError, match="no card of deck 'deck' is left"):
            select_cards(cards, filter_, "deck")
    else:
        assert select_cards(cards, filter_, "deck") == expected


def test_tags_come_repeated_or_comma_separated_and_no_filter_keeps_everything() -> None:
    assert TagFilter.parse(["who,when", " where ", "who"], [",headline,"]) == TagFilter(
        ("who", "when", "where"), ("headline",)
    )
    assert not TagFilter.parse(None, [" , "])
    cards = [Stub("a"), Stub("b", tags=("who",))]
    assert select_cards(cards, NO_FILTER, "deck") == cards


def test_an_unknown_tag_lists_the_tags_the_deck_has(tmp_path: Path) -> None:
    cards = load_deck(write_deck(tmp_path)).deck.cards
    with pytest.raises(UserError) as caught:
        select_cards(cards, TagFilter.parse(["headlines"]), "grouped")
    assert str(caught.value) == (
        "no card of deck 'grouped' has the tag 'headlines' "
        "(its tags: Headline, organisations, when, where)"
    )


# -- spreading groups ---------------------------------------------------------------------------


@st.composite
def grouped_cards(draw: st.DrawFn) -> list[Stub]:
    groups = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))
    count = draw(st.integers(min_value=0, max_value=14))
    return [Stub(f"card-{index}", group=draw(groups)) for index in range(count)]


@given(grouped_cards())
def test_spread_against_the_readme(cards: list[Stub]) -> None:
    """'never put two cards of a group next to each other (unless a group outnumbers all the
    other cards by two or more, when some must touch)': then as few as can be."""
    spread = spread_groups(cards)
    assert sorted(spread, key=lambda card: card.id) == sorted(cards, key=lambda card: card.id)
    sizes = Counter(card.group for card in cards if card.group)
    largest = max(sizes.values(), default=0)
    others = len(cards) - largest
    assert len(touching(spread)) == max(0, largest - others - 1)


@given(grouped_cards())
def test_spread_moves_no_card_it_need_not_move(cards: list[Stub]) -> None:
    """A group's cards keep their order, ungrouped cards too, and an order where no siblings
    touch is left as it is."""
    spread = spread_groups(cards)
    for group in {None, "a", "b", "c"}:
        assert [c for c in spread if c.group == group] == [c for c in cards if c.group == group]
    if not touching(cards):
        assert spread == cards


def test_spread_keeps_the_order_and_moves_a_sibling_one_place() -> None:
    cards = [Stub("1", "a"), Stub("2", "a"), Stub("3"), Stub("4")]
    assert [card.id for card in spread_groups(cards)] == ["1", "3", "2", "4"]
    # three of five in one group must take every other place, from the first
    cards = [Stub("1"), Stub("2", "a"), Stub("3", "a"), Stub("4", "a"), Stub("5")]
    assert [card.id for card in spread_groups(cards)] == ["2", "1", "3", "5", "4"]


def test_spreading_ten_thousand_cards_takes_no_time_to_speak_of() -> None:
    """One group of half the deck: the worst case for a quadratic spread (seconds); this one
    is O(n log n). Not a benchmark: a guard against going quadratic again."""
    import time

    cards = [Stub(str(i), "big" if i < 5_000 else None) for i in range(10_000)]
    started = time.perf_counter()
    spread = spread_groups(cards)
    assert time.perf_counter() - started < 2.0
    assert touching(spread) == []


# -- burying siblings for the day -------------------------------------------------------------

DAY = to_micros(DAY_BEGAN)
HORIZON = to_micros(NOW + timedelta(minutes=20))
TIMES = st.sampled_from([DAY - 86_400_000_000, DAY - 1, DAY, HORIZON - 1, HORIZON, HORIZON + 1])


@st.composite
def studied_cards(draw: st.DrawFn) -> tuple[list[Stub], dict[str, State]]:
    cards = draw(grouped_cards())
    progress: dict[str, State] = {}
    for card in cards:
        if draw(st.booleans()):
            last = draw(st.one_of(st.none(), TIMES))
            progress[card.id] = State(draw(TIMES), last)
    return cards, progress


@given(studied_cards())
def test_burying_against_the_readme(studied: tuple[list[Stub], dict[str, State]]) -> None:
    """'study shows one card of a group a day: the card already reviewed today (or cards, if a
    quiz reviewed several), else the first due, else the first new card in deck order, else the
    card due soonest; the others wait until tomorrow'."""
    cards, progress = studied
    expected: set[str] = set()
    for group in {card.group for card in cards if card.group}:
        members = [card for card in cards if card.group == group]
        today = [
            card.id
            for card in members
            if card.id in progress
            and progress[card.id].last_review_us is not None
            and progress[card.id].last_review_us >= DAY  # type: ignore[operator]
        ]
        due = sorted(
            (progress[c.id].due_us, c.id)
            for c in members
            if c.id in progress and progress[c.id].due_us <= HORIZON
        )
        new = [card.id for card in members if card.id not in progress]
        later = sorted((progress[c.id].due_us, c.id) for c in members if c.id in progress)
        if today:
            kept = set(today)
        elif due:
            kept = {due[0][1]}
        elif new:
            kept = {new[0]}
        else:
            kept = {later[0][1]}
        expected |= {card.id for card in members} - kept
    assert buried_today(cards, progress, day_began_us=DAY, horizon_us=HORIZON) == expected


# -- quiz, classroom and study ----------------------------------------------------------------


def bundled(path: Path) -> LoadedDeck:
    return load_deck(path)


@pytest.mark.parametrize("path", BUNDLED, ids=[path.stem for path in BUNDLED])
def test_quizzes_and_games_never_put_siblings_side_by_side(path: Path) -> None:
    from sahel_quiz.engine.classroom import build_questions
    from sahel_quiz.engine.quiz import QuizSession

    loaded = bundled(path)
    assert any(card.group for card in loaded.deck.cards)
    for seed in range(30):
        quiz = [q.card for q in QuizSession.start(loaded, now=NOW, seed=seed).questions]
        game = [q.card for q in build_questions(loaded.deck.cards, seed=seed)]
        assert touching(quiz) == []
        assert touching(game) == []
    unshuffled = QuizSession.start(loaded, now=NOW, shuffle=False).questions
    assert touching([q.card for q in unshuffled]) == []


def test_a_quiz_takes_the_cards_its_tags_let_through(tmp_path: Path) -> None:
    from sahel_quiz.engine.quiz import QuizSession

    loaded = load_deck(write_deck(tmp_path))
    quiz = QuizSession.start(loaded, now=NOW, seed=1, tags=TagFilter.parse(["where,WHEN"]))
    assert sorted(q.card.id for q in quiz.questions) == ["city", "month"]
    quiz = QuizSession.start(loaded, now=NOW, seed=1, tags=TagFilter.parse(skip=["headline"]))
    assert sorted(q.card.id for q in quiz.questions) == ["acronym", "city", "full-name"]
    with pytest.raises(UserError, match="has the tag 'why'"):
        QuizSession.start(loaded, now=NOW, tags=TagFilter.parse(["why"]))


def test_the_bundled_headline_cards_can_be_left_out_of_a_game() -> None:
    from sahel_quiz.classroom.host import HostOptions, build_game

    english = bundled(REPO / "decks" / "aes-russia.yaml")
    everything = build_game(english, HostOptions(seed=1), "123456")
    options = HostOptions(seed=1, tags=TagFilter.parse(skip=["headline"]))
    without = build_game(english, options, "123456")
    assert len(everything.questions) - len(without.questions) == 4
    assert not any("headline" in q.card.tags for q in without.questions)
    french = bundled(REPO / "decks" / "aes-russia-fr.yaml")
    options = HostOptions(seed=1, tags=TagFilter.parse(skip=["titre"]))
    assert len(build_game(french, options, "123456").questions) == len(without.questions)


def study_ids(loaded: LoadedDeck, store: Store, now: datetime, **options: object) -> list[str]:
    """The ids a study session shows at `now`, rating each Easy, until nothing is left."""
    from sahel_quiz.engine.study import StudySession

    began = now.replace(hour=4, minute=0)
    session = StudySession.start(loaded, store, now=now, seed=1, day_began=began, **options)  # type: ignore[arg-type]
    shown: list[str] = []
    while (item := session.current(now)) is not None:
        shown.append(item.card.id)
        session.rate(Rating.EASY, now=now)
    return shown


def test_study_shows_one_card_of_a_group_a_day(tmp_path: Path, store: Store) -> None:
    loaded = load_deck(write_deck(tmp_path))
    assert study_ids(loaded, store, NOW) == ["acronym", "city", "month"]
    # later the same day: the sibling still waits
    assert study_ids(loaded, store, NOW + timedelta(hours=3)) == []
    # the next day its turn comes, while the card shown yesterday is not due yet
    assert study_ids(loaded, store, NOW + timedelta(days=1)) == ["full-name"]


def test_a_study_session_counts_no_buried_card(tmp_path: Path, store: Store) -> None:
    from sahel_quiz.engine.study import StudySession

    loaded = load_deck(write_deck(tmp_path))
    session = StudySession.start(loaded, store, now=NOW, day_began=DAY_BEGAN)
    assert session.counts.new == 3


def test_study_takes_the_cards_its_tags_let_through(tmp_path: Path, store: Store) -> None:
    loaded = load_deck(write_deck(tmp_path))
    assert study_ids(loaded, store, NOW, tags=TagFilter.parse(["organisations"])) == ["acronym"]
    assert study_ids(loaded, store, NOW, tags=TagFilter.parse(skip=["headline"])) == ["city"]


# -- the command line ---------------------------------------------------------------------------


def test_play_takes_tags_in_line_mode(home: Path) -> None:
    from cli_support import sahel

    result = sahel(home, "play", "--plain", "aes-russia", "--tag", "headline", "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert "Question 1 of 4" in result.stdout  # the four headline cards


@pytest.mark.parametrize("command", ["play", "study", "host"])
def test_an_unknown_tag_is_one_line_and_exit_2(home: Path, command: str) -> None:
    from cli_support import sahel

    result = sahel(home, command, "--plain", "aes-russia-fr", "--skip-tag", "headline")
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("sahel-quiz: error: no card of deck 'aes-russia-fr' has the tag")
    assert "titre" in line
