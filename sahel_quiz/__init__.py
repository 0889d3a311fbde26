"""sahel-quiz: learn the facts of a news article and keep them.

Kept free of imports on purpose: `sahel-quiz --version` must start as fast as bare Python.
"""

__version__ = "0.1.0"
