"""Decks in and out of other tools: Anki, Moodle (GIFT, Aiken), Kahoot, Quizlet and CSV.

An interface layer: it reads decks through the deck loader, writes YAML decks that pass the
checker, and never touches the store. `exporting.export_deck_file` and
`importing.import_deck_file` are what the `export` and `import` commands call; each format is
one module (`anki`, `anki_text`, `gift`, `aiken`, `kahoot`, `quizlet`, `deck_csv`), loaded only
when used, so genanki and openpyxl cost nothing to the other commands.
"""
