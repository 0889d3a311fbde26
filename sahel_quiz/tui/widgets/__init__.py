"""Widgets shared by the screens: the answer widgets (`answers`) and the feedback panel
(`feedback`). Import the modules themselves; this package imports nothing so that the app starts
without them. Their styles are in `widgets.tcss`, which the app loads."""

__all__: list[str] = []
