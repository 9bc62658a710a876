"""File > Import / Export / Suggest: ask with the dialog, run in a worker, refresh.

Each function takes the main window, asks through the dialog's ``ask``
classmethod (tests replace it), runs the library call in a worker thread with
a cancellable progress dialog (``workers.run_task``) on its own database
connection, and tells the window what changed. The library functions are
imported only when used, so the window starts without spaCy or trafilatura.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.model.words import count
from annotator.ui.workers import ErrorBox, error_message, in_own_store, run_task

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def import_files(window: MainWindow) -> Any | None:
    from annotator.ui.dialogs import ImportDialog

    request = ImportDialog.ask(window, annotator=window.annotator)
    if request is None:
        return None
    annotator = request.annotator or window.annotator

    def body(store: Any, progress: Any, cancelled: Any) -> Any:
        from annotator.formats.importing import import_paths

        return import_paths(
            store,
            request.paths,
            fmt=request.format,
            annotator=annotator,
            progress=lambda done, total: progress(done, total, "importing files"),
            cancelled=cancelled,
        )

    report = run_task(window, "Import", in_own_store(window.store.target, body))
    # A cancelled import is rolled back whole; reloading shows the list as it is.
    window.after_bulk_change(
        f"imported {count(report.added, 'article')} ({count(report.duplicates, 'duplicate')}, "
        f"{count(report.spans, 'span')})"
        if report is not None
        else "import ended"
    )
    return report


def export_files(window: MainWindow) -> Any | None:
    try:
        from annotator.formats.export import export
    except ImportError:
        window.show_message("export is not part of this build yet")
        return None
    from annotator.formats.export_folder import FolderRefused, check_folder
    from annotator.ui.dialogs import ExportDialog

    request = ExportDialog.ask(window, annotators=window.store.annotators(), current=window.annotator)
    if request is None:
        return None
    try:
        # At once, before the worker starts: the export checks again (with hashes) itself.
        check_folder(
            request.out_dir,
            project=None if window.store.is_postgres else window.store.path,
            force=request.force,
            hashes=False,
        )
    except FolderRefused as exc:
        window.show_message(f"export refused: {exc}")
        ErrorBox.show(window, "Export refused", str(exc))
        return None
    failure: list[str] = []

    def body(store: Any, progress: Any, cancelled: Any) -> Any:
        try:
            return run_export(store, progress, cancelled)
        except Exception as exc:
            if not cancelled():
                failure.append(error_message(exc))
            raise

    def run_export(store: Any, progress: Any, cancelled: Any) -> Any:
        return export(
            store,
            request.out_dir,
            format=request.format,
            split=request.split if request.format == "spacy" else None,
            seed=request.seed,
            group_by=request.group_by,
            status=request.status or "any",
            annotator=request.annotator,
            include_suggestions=request.include_suggestions,
            lang=request.lang,
            force=request.force,
            progress=lambda done, total: progress(done, total, "exporting articles"),
            cancelled=cancelled,
        )

    report = run_task(window, "Export", in_own_store(window.store.target, body))
    if report is not None:
        window.show_message(report.summary() if hasattr(report, "summary") else "exported")
    elif failure:
        # The error box has said it; the status bar keeps it in view beside the project.
        window.show_message(f"export failed: {failure[0]}")
    return report


def suggest_spans(window: MainWindow) -> Any | None:
    from annotator.ui.dialogs import SuggestDialog

    request = SuggestDialog.ask(window, has_article=window.editor.article_id is not None)
    if request is None:
        return None
    current = window.editor.article_id
    annotator = window.annotator

    def body(store: Any, progress: Any, cancelled: Any) -> Any:
        from annotator.assist import resolve_articles, suggest

        if request.articles == "current":
            ids = [current] if current is not None else []
        else:
            ids = resolve_articles(store, [request.articles], annotator=annotator)
        return suggest(
            store,
            layer=request.layer,
            article_ids=ids,
            annotator=annotator,
            model=request.model,
            patterns=request.patterns,
            progress=lambda done, total: progress(done, total, f"suggesting {request.layer}"),
            cancelled=cancelled,
        )

    report = run_task(window, "Suggest", in_own_store(window.store.target, body))
    window.after_bulk_change(report.summary() if report is not None else "suggest ended")
    return report
