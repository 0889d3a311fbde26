"""The Textual app of sahel-quiz: `launch` (in `launch.py`) is what the commands call.

Nothing is imported here, so that importing `sahel_quiz.tui.launch` costs only that module.
"""

__all__: list[str] = []
