"""Files to import in their hostile forms: malformed, huge, not UTF-8, with control characters,
spreadsheets that are not zips, zip bombs, XML bombs and formulas. Each gets one line naming
the file and the line or row, exit status 2, no traceback, and no output file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from interchange_support import FIXTURES, import_file, leftovers, run

from sahel_quiz.deck.loader import load_deck
from sahel_quiz.errors import UserError
from sahel_quiz.interchange.inputs import At, InputFile

Capsys = pytest.CaptureFixture[str]

TEXT_CASES = [
    # (file name, content, options, expected after "FILE")
    ("q.txt", "just one line\n", ["--format", "quizlet"],
     ":1: no tab or comma between the term and its definition"),
    ("q.txt", "Mali\tBamako\n\tNiamey\n", [], ":2: empty question"),
    ("q.txt", "Mali\tBamako\nNiger\t \n", [], ":2: empty answer"),
    ("a.txt", "First?\nA) x\nB) y\nSecond?\nA) z\nB) w\nANSWER: A\n", [],
     ":1: the question at line 1 has no ANSWER: line"),
    ("a.txt", "First?\nA) x\nB) y\nANSWER: A\n\nSecond?\nA) z\nB) w\n", ["--format", "aiken"],
     ":6: the question at line 6 has no ANSWER: line"),
    ("a.txt", "First?\nA) x\nB) y\nANSWER: D\n", [], ":4: ANSWER: 'D' is not one of the options"),
    ("a.txt", "First?\nA) only\nANSWER: A\n", [], ":1: a question needs at least two options"),
    ("a.txt", "A) x\nB) y\nANSWER: A\n", ["--format", "aiken"], ":1: an option before any"),
    ("g.gift", "Q1 {=a}\n\nQ2 is\n{=b\n~c\n", [], ":4: a { that is never closed"),
    ("g.gift", "Q1 =a} here\n", [], ":1: a } with no { before it"),
    ("g.gift", "Q1 {=a} and\nthen {=b}\n", [], ":2: unbalanced braces"),
    ("g.gift", "How many? {#many}\n", [], ":1: 'many' is not a number"),
    ("g.gift", "How many? {#nan}\n", [], ":1: 'nan' is not a number"),
    ("d.csv", "type,prompt,colour\nbasic,Q,red\n", [], ": row 1: unknown column 'colour'"),
    ("d.csv", "type,prompt,answer\nbasic,Q,A\nbasic,,A\n", [], ": row 3: empty question"),
    ("d.csv", "type,prompt,answer\nnumber,How many?,three\n", [],
     ": row 2: answer: 'three' is not a number"),
    ("d.csv", "type,prompt,answer\nbasic,Q,A,extra\n", [],
     ": row 2: 4 cells, but the header names 3 columns"),
    ("d.csv", "id,type,prompt,answer\nx,basic,Q,A\nx,basic,R,B\n", [],
     ": row 3: duplicate card id 'x'"),
    ("d.csv", 'type,prompt,options,answer\nchoice,Q,"a\nb",c\n', [],
     ": row 2: answer: answer 'c' is not one of the options"),
    ("d.csv", "type,prompt,answer\nessay,Q,A\n", [], ": row 2: "),
    ("n.txt", "#separator:tab\n#html:true\nFront\tBack\n\tBack only\n", [],
     ":4: empty question (the note's first field)"),
    ("n.txt", "#separator:tab\nFront\tBack\nOnly a front\n", [],
     ":3: empty answer (the note's second field)"),
    ("q.txt", "Mali\tBamako\x07\n", [], ":1: control character U+0007 at column 12: remove it"),
    ("q.txt", "Mali\tBamako\nNiger\tNia\x9bmey\n", [], ":2: control character U+009B"),
    ("q.txt", "hello world\n", [], ": cannot tell the format of this file: pass --format"),
    ("deck.apkg", "PK\x03\x04", [], ": an Anki package cannot be imported"),
    ("k.xlsx.txt", "PK\x03\x04", ["--format", "csv"],
     ": a zip archive (a workbook or a package), not a text file"),
    ("k.xlsx", "Question\tAnswer\n", ["--format", "kahoot"],
     ": not really an .xlsx file (it is not a zip archive)"),
]  # fmt: skip


def assert_refused(
    capsys: Capsys, tmp_path: Path, source: Path, expected: str, *options: str
) -> None:
    output = tmp_path / "out" / "deck.yaml"
    output.parent.mkdir(exist_ok=True)
    result = run(capsys, "import", source, "-o", output, *options)
    assert result.status == 2, result.err
    assert len(result.err_lines) == 1, result.err
    assert result.err_lines[0].startswith(f"sahel-quiz: error: {source}{expected}"), result.err
    assert "Traceback" not in result.err
    assert result.out == ""
    assert not output.exists()
    assert leftovers(output.parent) == []


@pytest.mark.parametrize(("name", "content", "options", "expected"), TEXT_CASES)
def test_malformed_text_is_refused_with_its_line(
    name: str, content: str, options: list[str], expected: str, tmp_path: Path, capsys: Capsys
) -> None:
    source = tmp_path / name
    source.write_bytes(content.encode("utf-8"))
    assert_refused(capsys, tmp_path, source, expected, *options)


def test_bytes_that_are_not_utf8(tmp_path: Path, capsys: Capsys) -> None:
    source = tmp_path / "latin1.txt"
    source.write_bytes("Mali\tBamako\nCôte d’Ivoire\tYamoussoukro\n".encode("cp1252"))
    assert_refused(capsys, tmp_path, source, ":2: not UTF-8: byte 0xf4 at column 2")


def test_utf16_from_excel_unicode_text_is_read(tmp_path: Path, capsys: Capsys) -> None:
    source = tmp_path / "excel.txt"
    source.write_bytes("Mali\tBamako\r\nCôte d’Ivoire\tYamoussoukro\r\n".encode("utf-16"))
    cards = import_file(capsys, source, tmp_path / "deck.yaml")
    assert [card.prompt for card in cards] == ["Mali", "Côte d’Ivoire"]


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path: Path, capsys: Capsys) -> None:
    source = tmp_path / "huge.txt"
    source.write_bytes(b"Mali\tBamako\n" * (4 * 2**20 // 12 + 1))
    assert_refused(capsys, tmp_path, source, ": larger than 4 MB: split it into smaller files")
    bigger = tmp_path / "bigger.xlsx"
    with bigger.open("wb") as file:
        file.truncate(16 * 2**20 + 1)
    assert_refused(capsys, tmp_path, bigger, " is larger than 16 MB")


def test_too_many_cards(tmp_path: Path, capsys: Capsys) -> None:
    source = tmp_path / "many.txt"
    source.write_text("".join(f"term {n}\tdefinition {n}\n" for n in range(10_001)))
    assert_refused(capsys, tmp_path, source, ":10001: more than 10000 cards: split the file")


def test_lookalike_letters_still_give_unique_valid_ids(tmp_path: Path, capsys: Capsys) -> None:
    source = tmp_path / "lookalike.txt"
    source.write_text("Mali?\tBamako\nМали?\tБамако\nМаli?\tlookalike\nمالي؟\tباماكو\n")
    cards = import_file(capsys, source, tmp_path / "deck.yaml")
    assert [card.id for card in cards] == ["mali", "card-2", "li", "card-4"]


def test_an_existing_deck_is_not_replaced_without_force(tmp_path: Path, capsys: Capsys) -> None:
    output = tmp_path / "deck.yaml"
    output.write_text("my edits\n")
    source = tmp_path / "q.txt"
    source.write_text("Mali\tBamako\n")
    result = run(capsys, "import", source, "-o", output)
    assert result.status == 2
    assert result.err_lines == [
        f"sahel-quiz: error: {output} already exists: choose another name, or pass --force "
        "to replace it"
    ]
    assert output.read_text() == "my edits\n"
    import_file(capsys, source, output, "--force")
    assert len(load_deck(output).deck.cards) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--id", "Not A Slug"],
            "--id 'Not A Slug': a deck id is lowercase letters, digits and hyphens",
        ),
        (
            ["--language", "english!"],
            "--language 'english!': give a language tag such as en, fr or fr-FR",
        ),
        (["--title", "x" * 501], "the deck: title: String should have at most 500 characters"),
        (["--source", "missing.txt"], "--source missing.txt: No such file or directory"),
    ],
)
def test_bad_options(args: list[str], message: str, tmp_path: Path, capsys: Capsys) -> None:
    source = tmp_path / "q.txt"
    source.write_text("Mali\tBamako\n")
    result = run(capsys, "import", source, "-o", tmp_path / "deck.yaml", *args)
    assert result.status == 2
    assert result.err_lines == [f"sahel-quiz: error: {message}"]
    assert not (tmp_path / "deck.yaml").exists()


def test_a_quote_not_in_the_article_names_its_row(tmp_path: Path, capsys: Capsys) -> None:
    article = tmp_path / "article.txt"
    article.write_text("The ministers will visit Moscow this week.")
    source = tmp_path / "d.csv"
    source.write_text(
        "type,prompt,answer,quote\nbasic,Where?,Moscow,visit Moscow\nbasic,When?,Soon,next year\n"
    )
    assert_refused(
        capsys, tmp_path, source,
        ": row 3: quote not found in article.txt: not even its first word 'next' occurs",
        "--source", str(article),
    )  # fmt: skip


# -- spreadsheets ----------------------------------------------------------------------------


def template(tmp_path: Path, rows: dict[str, object], name: str = "quiz.xlsx") -> Path:
    """Kahoot's own template with some cells set, saved as a spreadsheet would."""
    workbook = openpyxl.load_workbook(FIXTURES / "kahoot-quiz-template.xlsx")
    sheet = workbook.active
    assert sheet is not None
    for coordinate, value in rows.items():
        sheet[coordinate] = value
    path = tmp_path / name
    workbook.save(path)
    return path


def rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, replace.get(item.filename, old.read(item.filename)))
    return target


SPREADSHEET_CASES = [
    ({"B9": '=A1&"x"'}, ': row 9: column B holds a formula (=A1&"x")'),
    ({"B9": None}, ": row 9: empty question (column B) in a row that has answers"),
    ({"D9": None, "E9": None, "F9": None}, ": row 9: a question needs at least two answers"),
    ({"H9": "5"}, ": row 9: correct answer '5' is not the number of an answer (1, 2, 3, 4)"),
    ({"H9": None}, ": row 9: no correct answer (column H)"),
    ({"H9": "=1+1"}, ": row 9: column H holds a formula"),
    ({"C8": "Something else"}, ": no header row (Question, Answer 1"),
]


@pytest.mark.parametrize(("cells", "expected"), SPREADSHEET_CASES)
def test_malformed_kahoot_rows(
    cells: dict[str, object], expected: str, tmp_path: Path, capsys: Capsys
) -> None:
    assert_refused(capsys, tmp_path, template(tmp_path, cells), expected)


def test_files_that_are_not_workbooks(tmp_path: Path, capsys: Capsys) -> None:
    text = tmp_path / "quiz.xlsx"
    text.write_text("Question,Answer 1\n")
    assert_refused(capsys, tmp_path, text, ": not really an .xlsx file (it is not a zip archive)")
    old_excel = tmp_path / "quiz.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    assert_refused(capsys, tmp_path, old_excel, ": an old Excel .xls file: save it as .xlsx")
    other_zip = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    assert_refused(capsys, tmp_path, other_zip, ": a zip archive, but not an Excel workbook")
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes((FIXTURES / "kahoot-quiz-template.xlsx").read_bytes()[:20_000])
    assert_refused(capsys, tmp_path, truncated, ": not really an .xlsx file (a damaged zip")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path, capsys: Capsys) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"\0" * 2**20
            for _ in range(65):
                member.write(block)
    assert bomb.stat().st_size < 2**20
    assert_refused(capsys, tmp_path, bomb, ": refused: it would unpack to 65 MB (more than 64 MB)")


def test_an_xml_entity_bomb_is_refused(tmp_path: Path, capsys: Capsys) -> None:
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'.encode()
            for n in range(1, 10)
        )
        + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>&lol9;</t></si></sst>"
    )
    bomb = rezip(
        FIXTURES / "kahoot-quiz-template.xlsx",
        tmp_path / "laughs.xlsx",
        {"xl/sharedStrings.xml": laughs},
    )
    assert_refused(capsys, tmp_path, bomb, ": cannot read the workbook: ")


def test_a_control_character_in_a_cell_is_refused() -> None:
    """XML cannot hold most control characters, and openpyxl leaves Excel's `_x0007_` escape
    as it is; a cell is still held to the text rules, should either ever change."""
    source = InputFile(Path("quiz.xlsx"), b"")
    with pytest.raises(UserError) as raised:
        source.check_text("Ex\x07cel", At(row=9))
    assert str(raised.value) == "quiz.xlsx: row 9: control character U+0007 in a cell: remove it"
    assert source.check_text("two\r\nlines", At(row=9)) == "two\nlines"


def test_a_workbook_export_that_cannot_be_written_leaves_nothing(
    tmp_path: Path, capsys: Capsys
) -> None:
    folder = tmp_path / "out.xlsx"
    folder.mkdir()
    result = run(capsys, "export", "aes-russia", "-o", folder)
    assert result.status == 2
    assert result.err_lines == [f"sahel-quiz: error: {folder} is a folder: give a file name"]
    result = run(capsys, "export", "aes-russia", "-o", tmp_path / "missing" / "out.xlsx")
    assert result.err_lines == [f"sahel-quiz: error: {tmp_path / 'missing'}: no such folder"]
    assert leftovers(tmp_path) == []


def test_openpyxl_reads_with_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML
    assert io  # the module is used by the helpers above
