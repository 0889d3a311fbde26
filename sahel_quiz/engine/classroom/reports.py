"""The saved classroom sessions, as `sahel-quiz report` lists and shows them.

The records are the store's (`ClassroomSession`, `ClassroomReport`), handed on as they are:
interfaces read them from here and never open the store themselves.
"""

from __future__ import annotations

from sahel_quiz.engine.workspace import Workspace
from sahel_quiz.errors import UserError
from sahel_quiz.i18n import _, quoted
from sahel_quiz.store import ClassroomReport, ClassroomSession

__all__ = ["ClassroomReport", "ClassroomSession", "find_report", "list_sessions"]


def list_sessions(workspace: Workspace) -> list[ClassroomSession]:
    """Every saved session, newest first."""
    return list(workspace.store.classroom_sessions())


def find_report(workspace: Workspace, spec: str) -> ClassroomReport:
    """The report of the session `spec` names: its number, or `last`."""
    store = workspace.store
    if spec.lower() in ("last", "latest"):
        sessions = store.classroom_sessions()
        if not sessions:
            raise UserError(_("no classroom sessions yet"))
        return store.classroom_report(sessions[0].id)
    try:
        session_id = int(spec)
    except ValueError:
        raise UserError(
            _(
                "SESSION is a session number or {last}, not {spec} (sahel-quiz report lists them)"
            ).format(last=quoted("last"), spec=quoted(spec))
        ) from None
    return store.classroom_report(session_id)
