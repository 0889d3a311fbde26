"""One module per screen; the app imports each when it is first shown (home at start)."""

__all__: list[str] = []
