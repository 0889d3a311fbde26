"""Widgets shared by the screens: the answer widgets (`answers`) and the feedback panel
(`feedback`). Import the modules themselves; this package imports nothing so that the app starts
without them. Each brings its own styles (a .tcss file read as
the widget's DEFAULT_CSS), parsed when it is first used."""

__all__: list[str] = []
