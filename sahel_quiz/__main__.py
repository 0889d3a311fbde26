"""Lets `python -m sahel_quiz` behave like the `sahel-quiz` command."""

from sahel_quiz.cli import main

raise SystemExit(main())
