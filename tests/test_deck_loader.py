"""The deck loader: YAML and schema problems, each reported at its line with a message to act on.

Every bad deck here is written out in full so that the line numbers asserted can be read
off the text; `problems()` returns (line, column, message) triples in file order.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from sahel_quiz.deck.loader import DeckError, Problem, load_deck
from sahel_quiz.deck.model import ChoiceCard, ClozeCard, MultiCard, NumberCard, TrueFalseCard
from sahel_quiz.deck.yaml_nodes import MAX_FILE_BYTES, MAX_NODES
from sahel_quiz.errors import UserError

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "seeds" / "aes-russia-consultations-article.txt"
TYPES = "basic, choice, multi, true_false, typed, number, cloze, order"


def write(folder: Path, text: str, name: str = "deck.yaml") -> Path:
    """A deck file next to a copy of the article (as `article.txt`) for quotes to match."""
    if not (folder / "article.txt").exists():
        shutil.copy(ARTICLE, folder / "article.txt")
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(path: Path) -> list[tuple[int, int, str]]:
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert all(problem.path == path for problem in caught.value.problems)
    return [(p.line, p.column, p.message) for p in caught.value.problems]


GOOD = """
    # yaml-language-server: $schema=deck.schema.json
    id: good-deck
    title: AES–Russia consultations
    language: en
    source: article.txt
    tags: [sahel]
    cards:
      - id: c-basic
        type: basic
        prompt: Where are the ministers going?
        answer: Moscow
        quote: set to visit Moscow this week
      - id: c-choice
        type: choice
        prompt: Who invited them?
        options: [Sergei Lavrov, Vladimir Putin]
        answer: Sergei Lavrov
      - id: c-multi
        type: multi
        prompt: Which countries form the AES?
        options: [Mali, Burkina Faso, Niger, Senegal]
        answer: [Mali, Burkina Faso, Niger]
      - id: c-tf
        type: true_false
        prompt: The three countries left ECOWAS.
        answer: true
      - id: c-typed
        type: typed
        prompt: What does AES stand for (in English)?
        answer: Confederation of Sahel States
        accept: [Alliance of Sahel States]
        fuzzy: false
      - id: c-number
        type: number
        prompt: For how many years has the insurgency lasted (at least)?
        answer: 13
        tolerance: 0
        unit: years
        quote: "plagued the region for over 13 years"
      - id: c-cloze
        type: cloze
        prompt: The ministers meet {{Sergei Lavrov|Lavrov}} on {{April 3}}.
      - id: c-order
        type: order
        prompt: Put in order.
        answer: [Coups, Withdrawal from ECOWAS, Visit to Moscow]
        points: 2
    """


def test_a_valid_deck_with_every_card_type_loads(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    loaded = load_deck(path)
    assert loaded.id == "good-deck"
    assert loaded.path == path
    assert [card.type for card in loaded.deck.cards] == [
        "basic",
        "choice",
        "multi",
        "true_false",
        "typed",
        "number",
        "cloze",
        "order",
    ]
    assert loaded.source_path == (tmp_path / "article.txt").resolve()
    assert loaded.source_text == ARTICLE.read_text(encoding="utf-8")
    multi = loaded.deck.card("c-multi")
    assert isinstance(multi, MultiCard) and multi.answer == ["Mali", "Burkina Faso", "Niger"]
    number = loaded.deck.card("c-number")
    assert isinstance(number, NumberCard) and number.answer == 13.0
    cloze = loaded.deck.card("c-cloze")
    assert isinstance(cloze, ClozeCard)
    assert cloze.blanks == [["Sergei Lavrov", "Lavrov"], ["April 3"]]
    assert loaded.deck.card("c-order").points == 2.0


def test_anchors_aliases_and_merge_keys_work_like_yaml(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        id: merged
        title: Merged
        cards:
          - &base
            id: first
            type: choice
            prompt: Which?
            options: &opts [Mali, Niger]
            answer: Mali
          - <<: *base
            id: second
            answer: Niger
          - {id: third, type: multi, prompt: All?, options: *opts, answer: *opts}
        """,
    )
    cards = load_deck(path).deck.cards
    assert [(card.id, getattr(card, "answer", None)) for card in cards] == [
        ("first", "Mali"),
        ("second", "Niger"),
        ("third", ["Mali", "Niger"]),
    ]


def test_a_loaded_deck_keeps_its_texts_apart_from_the_node_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text written on many cards is one object; and no text of the deck is one the YAML
    composer made: those sit amid the node tree's memory and would keep it from being given
    back after the load (a 4 MB deck held 135 MB instead of 46)."""
    from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

    from sahel_quiz.deck import yaml_nodes

    trees: list[Node | None] = []
    compose = yaml_nodes.compose

    def composing(text: str) -> Node | None:
        trees.append(compose(text))
        return trees[-1]

    monkeypatch.setattr(yaml_nodes, "compose", composing)
    cards = "".join(
        f"  - {{id: c{n}, type: choice, prompt: Question {n}?, options: [Mali, Niger], "
        f"answer: Niger, tags: [sahel, who]}}\n"
        for n in range(20)
    )
    deck = load_deck(write(tmp_path, "id: texts\ntitle: Texts\ncards:\n" + cards)).deck
    kept = [deck.id, deck.title]
    for card in deck.cards:
        assert isinstance(card, ChoiceCard)
        kept += [card.id, card.prompt, *card.tags, *card.options, card.answer]
    assert len({id(text) for text in kept if text == "sahel"}) == 1
    assert len({id(text) for text in kept if text == "Niger"}) == 1
    composed: set[int] = set()
    stack = [node for node in trees if node is not None]  # the trees are kept alive here
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            composed.add(id(node.value))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            stack.extend(part for pair in node.value for part in pair)
    assert len(composed) > 100
    assert [text for text in kept if isinstance(text, str) and id(text) in composed] == []


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    text = "id: bom\ntitle: T\ncards:\n  - {id: a, type: basic, prompt: p, answer: q}\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert load_deck(path).id == "bom"


# -- file-level problems -------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert problems(tmp_path / "nope.yaml") == [(0, 0, "no such file")]


def test_a_folder_is_not_a_deck(tmp_path: Path) -> None:
    assert problems(tmp_path) == [(0, 0, "this is a folder, not a deck file")]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("  \n\n")
    assert problems(path) == [(1, 1, "the file is empty")]


def test_a_file_of_only_comments_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "# yaml-language-server: $schema=deck.schema.json\n# nothing\n")
    assert problems(path) == [(1, 1, "the file is empty (it holds no YAML values)")]


def test_file_not_utf8_names_the_line_and_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\ntitle: Côte d’Ivoire\n".encode()[:13] + "é\n".encode("latin-1"))
    # "id: x\n" is 6 bytes, "title: " 7 more: the Latin-1 é is byte 13, line 2 column 8.
    assert problems(path) == [
        (
            2,
            8,
            "the file is not UTF-8: byte 0xe9 at byte offset 13 cannot be decoded "
            "(save it as UTF-8)",
        )
    ]


def test_a_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes("id: x\n".encode("utf-16"))
    [(line, column, message)] = problems(path)
    assert (line, column) == (1, 1)
    assert message.endswith("(it looks like UTF-16; save it as UTF-8)")


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "# comment\n- id: a\n- id: b\n")
    assert problems(path) == [
        (2, 1, "the top level of a deck must be a mapping (id:, title:, cards:), not a list")
    ]


def test_file_over_the_size_limit_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    assert problems(path) == [(0, 0, "the file is larger than 4 MB; a deck this large is refused")]


# -- YAML syntax ---------------------------------------------------------------------------


def test_yaml_syntax_error_reports_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        id: syntax
        title: T
        cards:
          - id: a
            type: basic
            prompt: Who: the ministers
            answer: x
        """,
    )
    assert problems(path) == [
        (
            6,
            16,
            "YAML syntax error: mapping values are not allowed in this context; a text that "
            "contains ': ' (a colon and a space) must be in quotes: "
            'prompt: "Who: the ministers"',
        )
    ]


def test_unclosed_flow_list_names_where_it_started(tmp_path: Path) -> None:
    path = write(tmp_path, "id: x\ntags: [a, b\ntitle: T\n")
    [(line, _, message)] = problems(path)
    assert line == 3
    assert message == (
        "YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts at line 2); YAML reads a value that starts "
        'with [ as a list ([a, b]); if it is text, put it all in quotes: tags: "[a, b"'
    )


def test_tab_indentation_gets_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "tabs.yaml"
    path.write_text("id: x\ncards:\n\t- id: a\n")
    assert problems(path) == [
        (
            3,
            1,
            "YAML syntax error: found character that cannot start any token "
            "(while scanning for the next token); indent with spaces, not tabs",
        )
    ]


def test_two_documents_in_one_file(tmp_path: Path) -> None:
    path = write(tmp_path, "id: a\n---\nid: b\n")
    [(line, _, message)] = problems(path)
    assert line == 2
    assert "expected a single document in the stream" in message


def test_control_characters_are_reported_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "bell.yaml"
    path.write_text("id: x\ntitle: é\x07\n")
    assert problems(path) == [
        (2, 9, "YAML cannot contain the character U+0007 (control characters are not allowed)")
    ]


# -- duplicate keys ------------------------------------------------------------------------


def test_duplicate_keys_are_found_at_every_depth(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        id: dup
        title: First title
        title: Second title
        title: Third title
        title: Fourth title
        cards:
          - id: a
            type: choice
            prompt: Which?
            options: [x, y]
            answer: x
            answer: y
          - id: b
            type: basic
            prompt: Deep
            answer: z
            unknown:
              deeper: 1
              deeper: 2
        """,
    )
    assert problems(path) == [
        (
            3,
            1,
            "duplicate key 'title', written 3 more times (first at line 2); "
            "YAML would silently keep only the last one",
        ),
        (
            12,
            5,
            "cards[0]: duplicate key 'answer' (first at line 11); "
            "YAML would silently keep only the last one",
        ),
        (
            17,
            5,
            "cards[1]: unknown key 'unknown' (the keys are id, prompt, quote, explain, tags, "
            "group, points, type, answer)",
        ),
        (
            19,
            7,
            "cards[1].unknown: duplicate key 'deeper' (first at line 18); "
            "YAML would silently keep only the last one",
        ),
    ]


def test_unknown_keys_past_twenty_in_a_mapping_are_counted_not_listed(tmp_path: Path) -> None:
    """A mapping of thousands of unknown keys (a file pasted in the wrong place) gets twenty
    lines and a count, not a line each; other mappings keep their own twenty."""
    keys = "".join(f"    k{i:02d}: v\n" for i in range(25))
    path = tmp_path / "deck.yaml"
    path.write_text(
        "id: many\ntitle: Many\ncards:\n  - id: a\n    type: basic\n    prompt: p\n"
        f"    answer: q\n{keys}  - id: b\n    type: basic\n    prompt: p\n    answer: q\n"
        "    extra: 1\n",
        encoding="utf-8",
    )
    found = problems(path)
    assert len(found) == 22
    assert found[19] == (27, 5, "cards[0]: unknown key 'k19' (the keys are id, prompt, quote, "
                         "explain, tags, group, points, type, answer)")  # fmt: skip
    assert found[20] == (28, 5, "cards[0]: and 5 more unknown keys from here on, not listed")
    assert found[21][:2] == (37, 5) and "unknown key 'extra'" in found[21][2]


# -- schema errors mapped to their lines ---------------------------------------------------


SCHEMA_PROBLEMS = [
    pytest.param(
        """
        # yaml-language-server: $schema=deck.schema.json
        id: typo
        titel: T
        cards:
          - {id: a, type: basic, prompt: p, answer: q}
        """,
        [
            (2, 1, "missing required key 'title'"),
            (3, 1, "unknown key 'titel' (did you mean 'title'?)"),
        ],
        id="unknown_top_level_key_suggests_the_nearest",
    ),
    pytest.param(
        """
        id: typo
        title: T
        cards:
          - id: a
            type: number
            prompt: How many?
            answer: 13
            tolerence: 1
        """,
        [(8, 5, "cards[0]: unknown key 'tolerence' (did you mean 'tolerance'?)")],
        id="unknown_card_key_suggests_the_nearest_and_points_at_the_key",
    ),
    pytest.param(
        """
        id: typo
        title: T
        cards:
          - id: a
            type: typed
            prompt: p
            answer: q
            options: [q, r]
        """,
        [(8, 5, "cards[0]: 'options' is not a key of typed cards (only of choice, multi cards)")],
        id="a_key_of_another_card_type_says_whose_it_is",
    ),
    pytest.param(
        """
        id: types
        title: T
        cards:
          - id: a
            type: multiple
            prompt: p
          - id: b
            prompt: p
        """,
        [
            (
                5,
                11,
                f"cards[0].type: unknown card type 'multiple' (did you mean 'multi'?); "
                f"the types are {TYPES}",
            ),
            (7, 5, f"cards[1]: missing required key 'type' (one of {TYPES})"),
        ],
        id="unknown_card_type_lists_the_types_and_the_nearest",
    ),
    pytest.param(
        """
        id: missing
        title: T
        cards:
          - id: a
            type: basic
            prompt: p
            answer: q
          - id: b
            type: choice
            prompt: Which?
            options: [x, y]
        """,
        [(8, 5, "cards[1]: missing required key 'answer' (every choice card needs one)")],
        id="missing_required_field_points_at_the_card_that_lacks_it",
    ),
    pytest.param(
        """
        id: quoting
        title: T
        cards:
          - id: a
            type: choice
            prompt: Will they go?
            options:
              - "yes"
              - no
            answer: "yes"
        """,
        [
            (
                9,
                9,
                "cards[0].options[1]: no without quotes is read as the boolean false; "
                'put it in quotes ("no") to mean the text',
            )
        ],
        id="unquoted_booleans_in_a_list_point_at_the_item",
    ),
    pytest.param(
        """
        id: tf
        title: T
        cards:
          - {id: a, type: true_false, prompt: p, answer: "yes"}
          - {id: b, type: number, prompt: p, answer: "13"}
        """,
        [
            (4, 50, "cards[0].answer: must be true or false, written without quotes (found text)"),
            (5, 46, "cards[1].answer: must be a number, written without quotes (found text)"),
        ],
        id="quoted_true_false_answer_asks_for_a_bare_boolean",
    ),
    pytest.param(
        """
        id: Bad Deck
        title: T
        language: english
        cards:
          - {id: Card_1, type: basic, prompt: p, answer: q}
        """,
        [
            (
                1,
                5,
                "id: 'Bad Deck' is not a valid id: use lowercase letters, digits and "
                "single hyphens",
            ),
            (3, 11, "language: 'english' is not a language tag like 'en', 'fr' or 'pt-BR'"),
            (
                5,
                10,
                "cards[0].id: 'Card_1' is not a valid id: use lowercase letters, digits and "
                "single hyphens",
            ),
        ],
        id="bad_ids_and_language_get_plain_words",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SCHEMA_PROBLEMS)
def test_schema_problems_point_at_their_lines(
    tmp_path: Path, text: str, expected: list[tuple[int, int, str]]
) -> None:
    """Each schema problem at its line and column, in words a deck author can act on."""
    assert problems(write(tmp_path, text)) == expected


@pytest.mark.parametrize(
    ("value", "read_as"),
    [
        ("no", "the boolean false"),
        ("Yes", "the boolean true"),
        ("off", "the boolean false"),
        ("ON", "the boolean true"),
        ("true", "the boolean true"),
        ("1.5", "a number"),
        ("2024-04-03", "a date"),
        ("null", "an empty value"),
    ],
)
def test_unquoted_non_text_where_text_is_required_says_to_quote_it(
    tmp_path: Path, value: str, read_as: str
) -> None:
    path = write(
        tmp_path,
        f"""
        id: quoting
        title: T
        cards:
          - id: a
            type: basic
            prompt: Is it?
            answer: {value}
        """,
    )
    assert problems(path) == [
        (
            7,
            13,
            f"cards[0].answer: {value} without quotes is read as {read_as}; put it in quotes "
            f'("{value}") to mean the text',
        )
    ]


def test_cards_must_be_a_non_empty_list_of_mappings(tmp_path: Path) -> None:
    empty = write(tmp_path, "id: a\ntitle: T\ncards: []\n", "empty.yaml")
    assert problems(empty) == [(3, 8, "cards: needs at least 1 card")]
    wrong = write(tmp_path, "id: a\ntitle: T\ncards:\n  - just text\n", "wrong.yaml")
    assert problems(wrong) == [
        (
            4,
            5,
            "cards[0]: a card must be a mapping with id, type, prompt and its answer (found text)",
        )
    ]


def test_every_problem_of_the_file_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        id: many
        title: T
        cards:
          - {id: a, type: basic, prompt: p}
          - {id: b, type: basic, prompt: p, answer: no}
          - {id: c, type: basic, prompt: p, answr: q}
        """,
    )
    lines = [line for line, _, _ in problems(path)]
    assert lines == [4, 5, 6, 6]


# -- tags, aliases and limits --------------------------------------------------------------


def test_object_constructing_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = write(
        tmp_path,
        f"""
        id: evil
        title: T
        cards:
          - id: a
            type: basic
            prompt: !!python/object/apply:os.system ["touch {marker}"]
            answer: q
        """,
    )
    assert problems(path) == [
        (
            6,
            13,
            "cards[0].prompt: the YAML tag !!python/object/apply:os.system is not allowed in a "
            "deck (nothing was run); decks hold only text, numbers, true/false, lists and "
            "mappings",
        )
    ]
    assert not marker.exists()


def test_local_tags_are_refused_too(tmp_path: Path) -> None:
    path = write(tmp_path, "id: a\ntitle: !include other.yaml\ncards: []\n")
    [first, *_] = problems(path)
    assert first[:2] == (2, 8)
    assert first[2].startswith("title: the YAML tag !include is not allowed in a deck")


def test_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    path = write(tmp_path, "\n".join(levels) + "\n")
    assert problems(path) == [
        (
            1,
            1,
            f"the file has more than {MAX_NODES:,} YAML values once each use of an alias "
            "(*name) is counted; refusing it",
        )
    ]


def test_a_file_with_too_many_values_is_refused_while_composing(tmp_path: Path) -> None:
    path = tmp_path / "flat.yaml"
    path.write_text("[" + "1," * MAX_NODES + "1]")
    assert problems(path) == [
        (
            0,
            0,
            f"the file has more than {MAX_NODES:,} YAML values (or '!' tags); "
            "refusing it: split it into several decks",
        )
    ]


def test_a_recursive_alias_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "id: a\ntitle: T\ncards: &loop\n  - *loop\n")
    # An alias has no position of its own: the problem points at the anchored value.
    assert (3, 8, "cards: this alias refers to a value that contains it") in problems(path)


def test_non_text_keys_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "id: a\ntitle: T\nyes: 1\n? [x]\n: 2\ncards: []\n")
    found = problems(path)
    assert (
        3,
        1,
        "a key must be text: yes without quotes is read as the boolean true; put it in quotes "
        '("yes") to mean the text',
    ) in found
    assert (4, 3, "a key must be plain text, not a list") in found


# -- the error type ------------------------------------------------------------------------


def test_deck_error_is_a_one_line_user_error_naming_the_first_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "id: a\ntitel: T\ncards: []\n")
    with pytest.raises(UserError) as caught:
        load_deck(path)
    error = caught.value
    assert isinstance(error, DeckError)
    assert len(error.problems) == 3
    assert str(error) == f"{path}:1:1: missing required key 'title' (and 2 more)"
    assert "\n" not in str(error)


def test_problem_formats_as_file_line_column() -> None:
    assert str(Problem(Path("d.yaml"), 12, 5, "cards[3].answer: x")) == (
        "d.yaml:12:5: cards[3].answer: x"
    )
    assert str(Problem(Path("d.yaml"), 0, 0, "no such file")) == "d.yaml: no such file"


def test_a_true_false_card_keeps_its_boolean(tmp_path: Path) -> None:
    path = write(
        tmp_path, "id: a\ntitle: T\ncards:\n  - {id: a, type: true_false, prompt: p, answer: no}\n"
    )
    card = load_deck(path).deck.cards[0]
    assert isinstance(card, TrueFalseCard) and card.answer is False
