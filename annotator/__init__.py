"""annotator: mark entities, quotations and boilerplate in news articles.

Layers (see CONTEXT.md and docs/design.md): ``model`` (plain data), ``store``
(the SQLite file), ``formats`` / ``assist`` (import, export, suggestions) and
``ui`` (the Qt program, the only package that imports PySide6).
"""

__version__ = "0.1.0"
