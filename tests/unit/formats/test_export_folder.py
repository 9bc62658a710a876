"""Export safety (issue 9.1): an export replaces only what an earlier export wrote.

Every refusal is checked by what is on disk afterwards: each file's bytes, the
project still opening with its articles, no hidden folder left beside.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from export_helpers import build

from annotator.formats.export import ExportError, export
from annotator.formats.export_folder import MANIFEST
from annotator.model import Span
from annotator.store import Store


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` -> a digest of its bytes (or what it is)."""
    seen = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                seen[rel] = "-> " + os.readlink(path)
            elif path.is_dir():
                seen[rel] = "dir"
            elif path.is_file():
                seen[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:  # a pipe or a device: reading it would block
                seen[rel] = "special"
    return seen


def refused(store: Store, out: Path, match: str, *, top: Path | None = None, **kw) -> None:
    """The export is refused with one line matching ``match``; nothing under ``top``
    (by default the folder holding ``out``; never above the test's own folder) changes."""
    top = top or out.parent
    before = snapshot(top)
    kw.setdefault("split", "0.5,0.5")
    with pytest.raises(ExportError, match=match) as info:
        export(store, out, **kw)
    assert "\n" not in str(info.value)
    assert snapshot(top) == before


def test_force_into_the_project_folder_removes_nothing(tmp_path: Path) -> None:  # issue 9.1
    store = build(tmp_path / "a.db", n=4)
    (tmp_path / "notes.txt").write_text("my notes")
    refused(store, tmp_path, r"is the folder of the project a\.db", top=tmp_path, force=True)
    # The project still works: an edit lands in the file and a new connection sees it.
    store.add_span(1, Span(0, 4, "entity", "ORG", annotator="ann"))
    store.close()
    with Store(tmp_path / "a.db", create=False) as again:
        assert again.count_articles() == 4
        assert any(s.label == "ORG" and (s.start, s.end) == (0, 4) for s in again.spans_for(1, "ann"))


def test_a_folder_above_the_project_is_refused(tmp_path: Path) -> None:  # issue 9.1
    (tmp_path / "work" / "proj").mkdir(parents=True)
    store = build(tmp_path / "work" / "proj" / "a.db", n=4)
    refused(store, tmp_path / "work", r"holds the project proj/a\.db", force=True)
    refused(store, tmp_path, r"holds the project work/proj/a\.db", top=tmp_path, force=True)


def test_the_project_file_itself_is_refused(tmp_path: Path) -> None:  # issue 9.1
    store = build(tmp_path / "a.db", n=4)
    refused(store, tmp_path / "a.db", "is the project file", force=True)


def test_a_symlink_to_the_project_folder_is_refused(tmp_path: Path) -> None:  # issue 9.1
    (tmp_path / "proj").mkdir()
    store = build(tmp_path / "proj" / "a.db", n=4)
    (tmp_path / "link").symlink_to(tmp_path / "proj", target_is_directory=True)
    refused(store, tmp_path / "link", "is the folder of the project", force=True)


@pytest.mark.parametrize(
    "make, named",
    [
        (lambda d, db: (d / "notes.txt").write_text("mine"), r"notes\.txt"),
        (
            lambda d, db: (d / "a.backup-3.db").write_bytes(db.read_bytes()),
            r"a\.backup-3\.db: a project backup",
        ),
        (lambda d, db: (d / "a.db-wal").write_bytes(b"wal"), r"a\.db-wal: a project's SQLite journal"),
        (lambda d, db: (d / "a.db").write_bytes(db.read_bytes()), r"a\.db: a project"),
        (lambda d, db: (d / "project.db").symlink_to(db), r"project\.db"),
        (lambda d, db: (d / "sub").mkdir(), r"sub/"),
        (lambda d, db: (d / "train.spacy").write_bytes(b"not ours"), r"train\.spacy"),
    ],
    ids=["user-file", "backup", "wal", "project-copy", "symlink", "empty-subfolder", "same-name"],
)
def test_force_refuses_a_folder_with_files_no_export_wrote(tmp_path: Path, make, named: str) -> None:
    # issue 9.1: with and without --force, for any kind of entry the export did not write.
    (tmp_path / "proj").mkdir()
    db = tmp_path / "proj" / "a.db"
    store = build(db, n=4)
    out = tmp_path / "out"
    out.mkdir()
    make(out, db)
    refused(store, out, rf"holds files no export wrote \(.*{named}", force=True)
    refused(store, out, rf"holds files no export wrote \(.*{named}")


def test_an_earlier_export_is_replaced_only_with_force(tmp_path: Path) -> None:  # issue 9.1
    store = build(tmp_path / "a.db", n=6)
    out = tmp_path / "out"
    export(store, out, split="0.4,0.3,0.3")
    assert (out / "test.spacy").is_file()
    refused(store, out, "holds an earlier export: pass --force")
    export(store, out, split="0.5,0.5", force=True)
    # The old export's test.spacy is gone: it was listed in the old manifest.
    assert sorted(p.name for p in out.iterdir()) == [
        MANIFEST,
        "config.cfg",
        "dev.spacy",
        "export-report.json",
        "train.spacy",
    ]
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["files"]["train.spacy"] == {
        "size": (out / "train.spacy").stat().st_size,
        "sha256": hashlib.sha256((out / "train.spacy").read_bytes()).hexdigest(),
    }
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_earlier_export_with_a_user_file_added_is_refused(tmp_path: Path) -> None:  # issue 9.1
    store = build(tmp_path / "a.db", n=4)
    out = tmp_path / "out"
    export(store, out, format="text")
    (out / "text" / "my-notes.txt").write_text("mine")
    refused(store, out, r"no export wrote \(text/my-notes\.txt\)", format="text", split=None, force=True)


def test_an_exported_file_changed_since_is_refused(tmp_path: Path) -> None:  # issue 9.1
    store = build(tmp_path / "a.db", n=4)
    out = tmp_path / "out"
    export(store, out, split="0.5,0.5")
    # Same size, other bytes: the hash tells.
    config = (out / "config.cfg").read_text()
    (out / "config.cfg").write_text(config.replace("[nlp]", "[NLP]", 1))
    refused(store, out, r"config\.cfg changed since the export wrote it", force=True)


def test_a_forged_manifest_cannot_reach_outside_the_folder(tmp_path: Path) -> None:  # issue 9.1
    store = build(tmp_path / "a.db", n=4)
    out = tmp_path / "out"
    out.mkdir()
    db = tmp_path / "a.db"
    entry = {"size": db.stat().st_size, "sha256": hashlib.sha256(db.read_bytes()).hexdigest()}
    (out / MANIFEST).write_text(
        json.dumps({"kind": "annotator-export", "version": 1, "files": {"../a.db": entry}})
    )
    refused(store, out, r"no export wrote \(\.annotator-export\.json\)", force=True)


def test_subfolders_of_an_earlier_export_are_replaced(tmp_path: Path) -> None:  # issue 9.1
    store = build(tmp_path / "a.db", n=4)
    out = tmp_path / "out"
    export(store, out, format="text")
    store.set_status(4, "ann", "in_progress")
    export(store, out, format="text", force=True)
    assert sorted(p.name for p in (out / "text").iterdir()) == ["1.txt", "2.txt", "3.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_empty_existing_folder_needs_no_force(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=4)
    (tmp_path / "out").mkdir()
    report = export(store, tmp_path / "out", format="jsonl")
    assert report.documents == 4 and (tmp_path / "out" / "all.jsonl").is_file()


def test_a_file_put_in_the_folder_during_the_export_is_kept(tmp_path: Path) -> None:  # issue 9.1
    store = build(tmp_path / "a.db", n=6)
    out = tmp_path / "out"
    export(store, out, split="0.5,0.5")
    before = snapshot(out)

    def meanwhile(done: int, total: int) -> None:
        (out / "late.txt").write_text("written while the export ran")

    with pytest.raises(ExportError, match=r"late\.txt.*changed during the export"):
        export(store, out, split="0.5,0.5", force=True, batch=2, progress=meanwhile)
    assert snapshot(out) == {**before, "late.txt": snapshot(out)["late.txt"]}
    assert (out / "late.txt").read_text() == "written while the export ran"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failed_export_leaves_no_folders_it_made(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=4)
    with pytest.raises(ExportError, match="cancelled"):
        export(store, tmp_path / "new" / "deeper" / "out", split="0.5,0.5", cancelled=lambda: True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.db", "a.db-shm", "a.db-wal"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder: no permission to lack")
def test_an_unreadable_folder_is_refused_in_one_line(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=4)
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    out.chmod(0o300)
    try:
        refused(store, out, r"out: cannot look inside \(Permission denied\)", force=True)
    finally:
        out.chmod(0o700)


def test_an_export_without_a_manifest_is_not_replaced_but_named(tmp_path: Path) -> None:  # issue 9.1
    # Made by a version that kept no manifest: its files cannot be told from the user's.
    store = build(tmp_path / "a.db", n=4)
    out = tmp_path / "out"
    export(store, out, format="jsonl")
    (out / MANIFEST).unlink()
    refused(store, out, "looks like an export from a version that kept no manifest", force=True)


def test_a_refusal_names_a_few_files_and_says_when_there_are_more(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=4)
    out = tmp_path / "out"
    out.mkdir()
    for name in "abc":
        (out / f"{name}.txt").write_text(name)
    refused(store, out, r"no export wrote \(a\.txt, b\.txt, c\.txt\):", force=True)
    (out / "d.txt").write_text("d")
    refused(store, out, r"no export wrote \(a\.txt, b\.txt, c\.txt \.\.\.\):", force=True)


def test_clearing_the_old_export_never_follows_a_swapped_in_symlink(tmp_path: Path) -> None:
    # The last line of defence, past every check: a folder of the old export turned into a
    # symlink (in the instant between check and removal) leads nowhere.
    from annotator.formats.export_folder import _remove_listed, read_manifest, write_manifest

    old = tmp_path / "old"
    (old / "text").mkdir(parents=True)
    (old / "text" / "1.txt").write_text("ours")
    (old / "all.jsonl").write_text("ours")
    write_manifest(old)
    previous = read_manifest(old)
    assert previous is not None
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "1.txt").write_text("mine")  # same size as the listed file
    (old / "text" / "1.txt").unlink()
    (old / "text").rmdir()
    (old / "text").symlink_to(mine, target_is_directory=True)
    warnings = _remove_listed(old, previous)
    assert (mine / "1.txt").read_text() == "mine"
    assert not (old / "all.jsonl").exists()
    assert warnings == [f"files that appeared in the folder during the export were kept in {old}"]
