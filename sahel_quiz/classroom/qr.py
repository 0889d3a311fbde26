"""The join URL as a QR code drawn with text, for the host's terminal (segno, no image files)."""

from __future__ import annotations

import io

import segno

__all__ = ["qr_text"]


def qr_text(url: str, *, border: int = 2) -> str:
    """The QR code as lines of Unicode half blocks (two modules per character cell).

    Drawn for a dark terminal background, as segno's compact writer does: the light modules
    are the printed blocks. Most phone cameras read it either way round.
    """
    code = segno.make(url, error="m", micro=False)
    out = io.StringIO()
    code.terminal(out=out, border=border, compact=True)
    return out.getvalue()
