"""Every command of the window as a named ``QAction`` with its default keys.

The object name (``mark_quote``) is the stable id: the key-remapping dialog
stores shortcuts under ``keys/<objectName>`` and the cheat sheet lists these
actions. docs/gui.md documents the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.ui.qt import QtCore, QtGui


@dataclass(frozen=True, slots=True)
class ActionSpec:
    name: str  # objectName, the remapping key
    menu: str
    text: str
    keys: tuple[str, ...] = ()
    help: str = ""
    checkable: bool = False


def _labels() -> list[ActionSpec]:
    return [
        ActionSpec(
            f"label_{n}",
            "Mark",
            f"Label {n}",
            (str(n),),
            f"mark the selection (or relabel the selected span) with label {n} of the active layer",
        )
        for n in range(1, 10)
    ]


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("import", "File", "&Import…", ("Ctrl+I",), "import files into this database"),
    ActionSpec("export", "File", "&Export…", ("Ctrl+E",), "export spaCy training data and more"),
    ActionSpec("suggest", "File", "&Suggest…", ("Ctrl+Shift+G",), "run a suggester over the articles"),
    ActionSpec("load_demo", "File", "Load the &demo articles", (), "add datasets/demo to this database"),
    ActionSpec("quit", "File", "&Quit", ("Ctrl+Q",), "close the window (everything is saved already)"),
    ActionSpec("undo", "Edit", "&Undo", ("Ctrl+Z",), "undo the last edit (on any article)"),
    ActionSpec("redo", "Edit", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo the edit undone last"),
    ActionSpec("delete_span", "Edit", "&Delete span", ("Delete", "Backspace"), "remove the selected span"),
    ActionSpec("accept", "Edit", "&Accept suggestion", ("A",), "accept the selected suggestion"),
    ActionSpec("reject", "Edit", "Re&ject suggestion", ("X",), "reject the selected suggestion"),
    ActionSpec(
        "accept_all_entity",
        "Edit",
        "Accept all entity suggestions",
        (),
        "accept every entity suggestion in this article",
    ),
    ActionSpec(
        "accept_all_quote",
        "Edit",
        "Accept all quote suggestions",
        (),
        "accept every quote suggestion in this article",
    ),
    ActionSpec(
        "accept_all_boilerplate",
        "Edit",
        "Accept all boilerplate suggestions",
        (),
        "accept every boilerplate suggestion in this article",
    ),
    ActionSpec("next_span", "Edit", "Select &next span", ("]",), "select the next span"),
    ActionSpec("previous_span", "Edit", "Select &previous span", ("[",), "select the previous span"),
    ActionSpec("clear_selection", "Edit", "Clear selection", ("Escape",), "deselect the span and the text"),
    *_labels(),
    ActionSpec("label_picker", "Mark", "Other label…", ("0",), "pick any label of the active layer"),
    ActionSpec(
        "next_layer",
        "Mark",
        "Next layer",
        ("Tab",),
        "make the next layer active (entity, quote, boilerplate)",
    ),
    ActionSpec("previous_layer", "Mark", "Previous layer", ("Shift+Tab",), "make the previous layer active"),
    ActionSpec("mark_quote", "Mark", "&Quote content", ("Q",), "mark the selection as a new quote's content"),
    ActionSpec(
        "add_quote_part",
        "Mark",
        "Add quote &part",
        ("Shift+Q",),
        "mark the selection as another part of the selected quote",
    ),
    ActionSpec("mark_cue", "Mark", "Quote &cue", ("C",), "mark the selection as the selected quote's cue"),
    ActionSpec(
        "mark_source", "Mark", "Quote &source", ("S",), "mark the selection as a source of the selected quote"
    ),
    ActionSpec(
        "link_source",
        "Mark",
        "&Link source to entity",
        ("L",),
        "link the quote's source to the entity it overlaps (again: unlink)",
    ),
    ActionSpec(
        "mark_boilerplate",
        "Mark",
        "&Boilerplate block",
        ("B",),
        "mark the line under the caret (or the selected lines); on a block: remove it",
    ),
    ActionSpec(
        "extend_boilerplate",
        "Mark",
        "&Extend boilerplate",
        ("Shift+B",),
        "extend the boilerplate block above down to the caret's line",
    ),
    ActionSpec(
        "done_next", "Article", "&Done, next", ("Return", "Enter"), "mark done and open the next todo article"
    ),
    ActionSpec("skip", "Article", "&Skip", ("Space",), "mark skipped and open the next todo article"),
    ActionSpec("flag", "Article", "&Flag", ("F",), "flag the article for review (again: unflag)"),
    ActionSpec(
        "next_article", "Article", "Next article", ("Alt+PgDown",), "open the next article in the list"
    ),
    ActionSpec(
        "previous_article",
        "Article",
        "Previous article",
        ("Alt+PgUp",),
        "open the previous article in the list",
    ),
    ActionSpec(
        "reload",
        "Article",
        "&Reload",
        ("F5",),
        "read the list and the progress again: what the team saved meanwhile (a project on a server)",
    ),
    ActionSpec(
        "find",
        "Article",
        "&Search articles",
        ("Ctrl+K", "Ctrl+Shift+F"),
        "search titles and text (full-text)",
    ),
    # issue 10: the keys of the common path (annotator.ui.quick_keys).
    ActionSpec(
        "find_in_article",
        "Edit",
        "&Find in the article…",
        ("/", "Ctrl+F"),
        "find words in the article; Enter selects the match for a label key",
    ),
    ActionSpec("find_next", "Edit", "Find next", ("F3",), "select the next match of the find bar's words"),
    ActionSpec("find_previous", "Edit", "Find previous", ("Shift+F3",), "select the previous match"),
    ActionSpec("next_paragraph", "Edit", "Next paragraph", ("Ctrl+Down",), "caret to the next paragraph"),
    ActionSpec(
        "previous_paragraph",
        "Edit",
        "Previous paragraph",
        ("Ctrl+Up",),
        "caret to this or the previous paragraph",
    ),
    ActionSpec(
        "next_occurrence",
        "Edit",
        "Next unmarked occurrence",
        ("N",),
        "select the next place the selected words stand unmarked (whole word, case-sensitive)",
    ),
    ActionSpec(
        "previous_occurrence", "Edit", "Previous unmarked occurrence", ("Shift+N",), "as N, backwards"
    ),
    ActionSpec(
        "select_span_at_caret",
        "Edit",
        "Select the span at the caret",
        ("E",),
        "select the span under the caret: a label key relabels it, Delete removes it",
    ),
    ActionSpec(
        "mark_all",
        "Mark",
        "Mark &all occurrences…",
        ("M",),
        "then a label key: mark every unmarked occurrence of the selected words (one undo step)",
    ),
    ActionSpec(
        "same_source",
        "Mark",
        "Same source as the previous quote",
        ("Shift+S",),
        "give the selected quote the previous quote's source (and cue, if it has none)",
    ),
    ActionSpec(
        "review_mode",
        "Article",
        "&Review mode",
        ("Ctrl+R",),
        "review the articles several annotators finished: A takes, X refuses, ] [ walk (again: leave)",
    ),
    ActionSpec(
        "show_entity", "View", "Show &entities", ("Ctrl+Shift+E",), "show or hide the entity layer", True
    ),
    ActionSpec("show_quote", "View", "Show &quotes", ("Ctrl+Shift+Q",), "show or hide the quote layer", True),
    ActionSpec(
        "show_boilerplate",
        "View",
        "Show &boilerplate",
        ("Ctrl+Shift+B",),
        "show or hide the boilerplate layer",
        True,
    ),
    ActionSpec(
        "hide_unsure",
        "View",
        "Hide &unsure suggestions…",
        ("Ctrl+Shift+U",),
        "hide a trained model's suggestions scoring below a threshold (0 shows all)",
    ),
    ActionSpec(
        "sort_uncertain",
        "View",
        "Sort by &uncertainty",
        ("Ctrl+Shift+O",),
        "list first the todo articles a trained model is least sure of (again: id order)",
        True,
    ),
    ActionSpec("team_view", "View", "&Team…", ("Ctrl+T",), "progress, pace and agreement of every annotator"),
    ActionSpec("zoom_in", "View", "Zoom &in", ("Ctrl+=", "Ctrl++"), "larger text"),
    ActionSpec("zoom_out", "View", "Zoom &out", ("Ctrl+-",), "smaller text"),
    ActionSpec("zoom_reset", "View", "&Normal size", ("Ctrl+0",), "default text size"),
    ActionSpec(
        "next_pane",
        "View",
        "Next pane",
        ("F6",),
        "move the keyboard focus to the next pane: article list, text, span list",
    ),
    ActionSpec(
        "previous_pane", "View", "Previous pane", ("Shift+F6",), "move the keyboard focus back a pane"
    ),
    # "?" is Shift+/ on most layouts; some platforms match it only with Shift listed.
    ActionSpec("cheat_sheet", "Help", "&Keys…", ("?", "Shift+?"), "show every key"),
    ActionSpec("keymap", "Settings", "&Keys…", (), "change the keys"),
    # Model (issue 14): annotator/ui/training.py.
    ActionSpec(
        "model_train",
        "Model",
        "&Train…",
        (),
        "train a spaCy pipeline on the done articles in the background (keep editing meanwhile)",
    ),
    ActionSpec(
        "model_retrain",
        "Model",
        "&Retrain automatically…",
        (),
        "after every N newly done articles, retrain in the background and refresh the model's suggestions",
    ),
)

MENUS = ("File", "Edit", "Mark", "Article", "View", "Model", "Settings", "Help")


def build(parent: QtGui.QAction | object) -> dict[str, QtGui.QAction]:
    """One QAction per spec, parented to ``parent`` (the window), shortcuts window-wide."""
    actions: dict[str, QtGui.QAction] = {}
    for spec in SPECS:
        action = QtGui.QAction(spec.text, parent)
        action.setObjectName(spec.name)
        action.setShortcuts([QtGui.QKeySequence(k) for k in spec.keys])
        action.setShortcutContext(QtCore.Qt.ShortcutContext.WindowShortcut)
        action.setProperty("category", spec.menu)  # the cheat sheet's grouping
        action.setStatusTip(spec.help)
        action.setToolTip(spec.help)
        if spec.checkable:
            action.setCheckable(True)
            action.setChecked(True)
        actions[spec.name] = action
    return actions
