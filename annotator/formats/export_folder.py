"""The folder an export writes into: what it may replace, and the manifest that says so.

An export may only replace files that an earlier export wrote. Each export
leaves ``.annotator-export.json`` in its folder, listing every file it wrote
with its size and SHA-256 (and the subfolders it made). Before anything is
written, ``check_folder`` refuses an output folder that

- is the project file, the project's folder or a folder above it;
- holds anything that manifest does not list (the project, its backups and
  ``-wal``/``-shm`` files, the user's own files, symlinks), or a listed file
  that was changed since;
- holds an earlier export, unless ``force``.

``replace_folder`` then swaps the finished temporary folder into place and
removes from the old one only the files its manifest lists, unchanged, so an
export can never delete anything it did not write.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = ".annotator-export.json"
_KIND = "annotator-export"
_VERSION = 1
# Foreign entries named in a refusal: enough to act on, without walking a whole home folder.
_NAMED = 3


class FolderRefused(ValueError):
    """The output folder holds what an export must not replace; the message says what."""


class EarlierExport(FolderRefused):
    """The folder holds only an earlier export, and ``force`` was not given."""


@dataclass(frozen=True, slots=True)
class Entry:
    size: int
    sha256: str


@dataclass(slots=True)
class Previous:
    """What an earlier export left in a folder (from its manifest)."""

    files: dict[str, Entry] = field(default_factory=dict)
    folders: set[str] = field(default_factory=set)


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def write_manifest(folder: Path) -> None:
    """List every file under ``folder`` (size, SHA-256) and every subfolder in its manifest."""
    files: dict[str, dict[str, object]] = {}
    folders: list[str] = []
    for root, dirs, names in os.walk(folder):
        base = Path(root)
        dirs.sort()
        folders.extend((base / d).relative_to(folder).as_posix() for d in dirs)
        for name in sorted(names):
            path = base / name
            rel = path.relative_to(folder).as_posix()
            if rel != MANIFEST:
                files[rel] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    data = {"kind": _KIND, "version": _VERSION, "files": files, "folders": folders}
    (folder / MANIFEST).write_text(json.dumps(data, indent=1), encoding="utf-8")


def _safe_rel(rel: object) -> str | None:
    """``rel`` if it names something strictly inside the folder, else None."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\0" in rel:
        return None
    pure = PurePosixPath(rel)
    if pure.is_absolute() or pure.as_posix() != rel or any(p in ("", ".", "..") for p in pure.parts):
        return None
    return rel


def read_manifest(folder: Path) -> Previous | None:
    """The earlier export's listing; None when there is no manifest or it cannot be trusted."""
    path = folder / MANIFEST
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("kind") != _KIND:
        return None
    files, folders = data.get("files"), data.get("folders", [])
    if not isinstance(files, dict) or not isinstance(folders, list):
        return None
    previous = Previous()
    for rel, entry in files.items():
        size = entry.get("size") if isinstance(entry, dict) else None
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        if _safe_rel(rel) is None or not isinstance(size, int) or not isinstance(digest, str):
            return None
        previous.files[rel] = Entry(size, digest)
    for rel in folders:
        if _safe_rel(rel) is None:
            return None
        previous.folders.add(rel)
    return previous


def _describe(rel: str, project: Path | None) -> str:
    """``rel``, saying so when it carries the name of the project, its journal or a backup."""
    if project is None:
        return rel
    name = PurePosixPath(rel).name
    if name == project.name:
        return f"{rel}: a project"
    if name in (project.name + "-wal", project.name + "-shm", project.name + "-journal"):
        return f"{rel}: a project's SQLite journal"
    if name.startswith(f"{project.stem}.backup-") and name.endswith(".db"):
        return f"{rel}: a project backup"
    return rel


def _foreign(folder: Path, previous: Previous | None, *, hashes: bool) -> tuple[list[str], list[str]]:
    """(entries no export listed, listed files changed since); the walk stops past a few."""
    files = previous.files if previous else {}
    folders = previous.folders if previous else set()
    foreign: list[str] = []
    changed: list[str] = []
    for root, dirs, names in os.walk(folder, onerror=_raise):
        base = Path(root)
        dirs.sort()
        keep = []
        for d in dirs:
            rel = (base / d).relative_to(folder).as_posix()
            # A symlink is never ours: os.walk does not descend it, removing it is not ours to do.
            if rel in folders and not (base / d).is_symlink():
                keep.append(d)
            else:
                foreign.append(rel + "/")
        dirs[:] = keep
        for name in sorted(names):
            path = base / name
            rel = path.relative_to(folder).as_posix()
            if rel == MANIFEST and previous is not None:
                continue
            entry = files.get(rel)
            info = path.lstat()
            if entry is None or not stat.S_ISREG(info.st_mode):
                foreign.append(rel)
            elif info.st_size != entry.size or (hashes and _sha256(path) != entry.sha256):
                changed.append(rel)
        if len(foreign) > _NAMED or len(changed) > _NAMED:
            break
    return foreign, changed


def _raise(exc: OSError) -> None:
    raise exc


def check_folder(
    out: str | Path, *, project: str | Path | None = None, force: bool = False, hashes: bool = True
) -> Previous | None:
    """Refuse ``out`` unless an export there can only replace files an earlier export wrote.

    Returns the earlier export's listing, or None when ``out`` is new or empty.
    Raises ``FolderRefused`` (one line, naming the folder and what is in the way).
    ``hashes=False`` compares sizes only (fast enough for a dialog's live check).
    """
    given = Path(out)
    real = given.expanduser().resolve()
    if project is not None:
        proj = Path(project).expanduser().resolve()
        if real == proj:
            raise FolderRefused(
                f"{given} is the project file: export into a new or empty folder; nothing was written"
            )
        if proj.parent == real:
            raise FolderRefused(
                f"{given} is the folder of the project {proj.name}: export into a new or empty "
                f"folder (e.g. {given / 'export'}); nothing was written"
            )
        if proj.is_relative_to(real):
            raise FolderRefused(
                f"{given} holds the project {proj.relative_to(real)}: export into a new or empty "
                "folder; nothing was written"
            )
    else:
        proj = None
    if not real.exists():
        return None
    if not real.is_dir():
        raise FolderRefused(f"{given} exists and is not a folder")
    try:
        previous = read_manifest(real)
        foreign, changed = _foreign(real, previous, hashes=hashes)
    except OSError as exc:
        # What cannot be read cannot be shown to be an earlier export's.
        raise FolderRefused(
            f"{given}: cannot look inside ({exc.strerror or exc}); nothing was written"
        ) from None
    if foreign:
        what = ", ".join(_describe(rel, proj) for rel in foreign[:_NAMED])
        more = " ..." if len(foreign) > _NAMED else ""
        legacy = (
            "; it looks like an export from a version that kept no manifest: remove it yourself"
            if previous is None and (real / "export-report.json").is_file()
            else ""
        )
        raise FolderRefused(
            f"{given} holds files no export wrote ({what}{more}): an export replaces only its "
            f"own files; choose a new or empty folder{legacy}; nothing was written"
        )
    if changed:
        raise FolderRefused(
            f"{given}: {', '.join(changed[:_NAMED])}{' ...' if len(changed) > _NAMED else ''} changed since the export wrote it: move it away or "
            "choose another folder; nothing was written"
        )
    if previous is not None and not force:
        raise EarlierExport(
            f"{given} holds an earlier export: pass --force to replace its files, or choose another folder"
        )
    return previous


def missing_parents(out: Path) -> list[Path]:
    """The folders above ``out`` that do not exist yet, deepest first (to remove after a failure)."""
    return [p for p in out.parents if not p.exists()]


def remove_empty(folders: list[Path]) -> None:
    """Remove the folders an export made, deepest first, as long as they are still empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def make_temp_folder(out: Path) -> Path:
    """A new hidden folder beside ``out`` (never one that already exists)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    while True:
        tmp = out.parent / f".{out.name}.export-{secrets.token_hex(4)}"
        try:
            tmp.mkdir()
        except FileExistsError:
            continue
        return tmp


def replace_folder(tmp: Path, out: Path, previous: Previous | None, *, project: Path | None) -> list[str]:
    """Move the finished ``tmp`` to ``out``; return warnings (what was kept, and where).

    ``out`` is checked again first (the user may have put a file there during
    the export). The old folder is renamed aside, ``tmp`` takes its name, and
    only the files the old manifest lists, unchanged, are removed.
    """
    if not out.exists():
        os.replace(tmp, out)
        return []
    again = check_folder(out, project=project, force=True)
    if again is None:
        # Still empty: rename(2) replaces an empty folder, and fails if a file appeared meanwhile.
        os.replace(tmp, out)
        return []
    while True:
        old = out.parent / f".{out.name}.replaced-{secrets.token_hex(4)}"
        if not old.exists():
            break
    os.replace(out, old)
    try:
        os.replace(tmp, out)
    except OSError:
        os.replace(old, out)
        raise
    return _remove_listed(old, again)


def _remove_listed(old: Path, previous: Previous) -> list[str]:
    # Only through real folders the old export made: a folder swapped for a symlink
    # meanwhile must not lead the removal into someone else's files.
    real_dirs = {""}
    for rel in sorted(previous.folders, key=lambda r: r.count("/")):
        parent = PurePosixPath(rel).parent.as_posix()
        with contextlib.suppress(OSError):
            if (parent if parent != "." else "") in real_dirs and stat.S_ISDIR((old / rel).lstat().st_mode):
                real_dirs.add(rel)
    for rel, entry in previous.files.items():
        parent = PurePosixPath(rel).parent.as_posix()
        if (parent if parent != "." else "") not in real_dirs:
            continue
        path = old / rel
        with contextlib.suppress(FileNotFoundError):
            info = path.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_size == entry.size:
                path.unlink()
    (old / MANIFEST).unlink(missing_ok=True)
    for rel in sorted(real_dirs - {""}, key=lambda r: r.count("/"), reverse=True):
        with contextlib.suppress(OSError):  # not empty: it holds something that is not ours
            (old / rel).rmdir()
    try:
        old.rmdir()
    except OSError:
        return [f"files that appeared in the folder during the export were kept in {old}"]
    return []
