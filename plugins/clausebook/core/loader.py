"""Reading controlled documents from the source folders, one file at a time.

Whatever is on disk (an empty file, Latin-1 or UTF-16 text, a link out of the repository,
front matter that does not parse) becomes problems, never an exception.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from clausebook.core.document import Document
from clausebook.core.frontmatter import split
from clausebook.core.metadata import salvage, validate
from clausebook.core.problems import Problem
from clausebook.core.rules import lifecycle_problems
from clausebook.core.vocabulary import BUILTIN, Vocabulary

MAX_BYTES = 10 * 1024 * 1024


def misplaced_sources(root: Path, sources: list[str], docs_dir: Path) -> list[Problem]:
    """Source folders that would leak or that are not the repository's: the adapters refuse
    to build with any.

    A folder inside ``docs_dir`` is published by MkDocs itself, file by file, past every
    rule of clausebook (drafts, audience), and so is one that a link inside ``docs_dir``
    leads to; a folder holding ``docs_dir`` (``sources: ["."]``) reads the guides and the
    README as documents; a folder that is a link out of the repository brings in documents
    that are not under its control; a folder listed twice, or inside another, reads each
    document twice.
    """
    problems = []
    top, docs = root.resolve(), docs_dir.resolve()
    seen: dict[Path, str] = {}
    for folder in sources:
        where = (root / folder).resolve()
        other = next(
            (name for known, name in seen.items() if _overlap(known, where)),
            None,
        )
        seen.setdefault(where, folder)
        if where == docs or where.is_relative_to(docs):
            reason = (
                f"source folder '{folder}' is inside docs_dir '{docs_dir.name}': MkDocs would "
                "publish its files as they are, drafts and confidential documents included; "
                "move it next to docs_dir"
            )
        elif docs.is_relative_to(where):
            reason = (
                f"source folder '{folder}' holds docs_dir '{docs_dir.name}': its pages, the "
                "README and the guides would be read as controlled documents; list the "
                "folders of the controlled documents instead"
            )
        elif not where.is_relative_to(top):
            reason = f"source folder '{folder}' leads to {where}, outside the repository"
        elif other is not None:
            reason = (
                f"source folder '{folder}' is listed twice or lies inside '{other}' (or holds "
                "it): each of its documents would be read twice; list each folder once"
            )
        else:
            continue
        problems.append(Problem.of("CB505", reason, field="plugins.clausebook.sources"))
    problems += _links_into_sources(docs_dir, list(seen))
    return problems


def _overlap(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def _links_into_sources(docs_dir: Path, sources: list[Path]) -> list[Problem]:
    """Links inside docs_dir that lead into a source folder (or hold one): MkDocs follows
    them and would publish the documents raw, drafts and confidential ones included."""
    problems = []
    for base, folders, files in os.walk(docs_dir):
        for name in folders + files:
            path = Path(base) / name
            if not path.is_symlink():
                continue
            target = path.resolve()
            if any(_overlap(target, source) for source in sources):
                shown = path.relative_to(docs_dir.parent).as_posix()
                problems.append(
                    Problem.of(
                        "CB505",
                        f"{shown} in docs_dir is a link to {target}, which holds controlled "
                        "documents: MkDocs would publish them as they are; remove the link",
                        field="plugins.clausebook.sources",
                    )
                )
    return problems


def find_sources(root: Path, sources: list[str]) -> tuple[list[Path], list[Problem]]:
    """Markdown files of the source folders, in a stable order.

    Nothing is skipped silently: a folder that cannot be listed is CB111 (its documents
    would otherwise vanish), a linked sub-folder leading out of the repository CB110. A
    linked sub-folder inside the repository is read, once.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    top = root.resolve()
    for folder in sources:
        base = root / folder
        if not base.is_dir():
            problems.append(
                Problem.of(
                    "CB501",
                    f"source folder '{folder}' does not exist in {root}",
                    field="plugins.clausebook.sources",
                )
            )
            continue
        files.extend(sorted(_markdown_files(base, root, top, problems)))
    return files, problems


def _markdown_files(base: Path, root: Path, top: Path, problems: list[Problem]) -> list[Path]:
    found: list[Path] = []
    visited = {base.resolve()}
    pending = [base]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            problems.append(
                Problem.of(
                    "CB111",
                    f"cannot list the folder: {error.strerror}; its documents are not checked",
                    file=folder.relative_to(root).as_posix(),
                )
            )
            continue
        for entry in entries:
            path = folder / entry.name
            try:
                is_folder = entry.is_dir()  # follows a link, as reading the folder would
            except OSError:
                is_folder = False
            if is_folder:
                target = path.resolve()
                if entry.is_symlink() and not target.is_relative_to(top):
                    problems.append(
                        Problem.of(
                            "CB110",
                            f"the folder is a link to {target}, outside the repository; "
                            "its documents are not read",
                            file=path.relative_to(root).as_posix(),
                        )
                    )
                elif target not in visited:
                    visited.add(target)
                    pending.append(path)
            elif entry.name.endswith(".md"):
                found.append(path)
    return found


def read_document(
    path: Path, root: Path, cache: ParseCache | None = None, vocabulary: Vocabulary = BUILTIN
) -> tuple[Document | None, list[Problem]]:
    """Load and validate one file. A document whose fields have errors comes back with
    ``valid`` false (checked, never published); one without a valid id, type and status,
    not at all. With a ``cache``, an unchanged file is not parsed again. ``vocabulary``: the
    types and classification levels the manual defines."""
    rel = path.relative_to(root).as_posix()
    try:
        if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
            return None, [
                Problem.of(
                    "CB110",
                    f"the file is a link to {path.resolve()}, outside the repository",
                    file=rel,
                )
            ]
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            # A pipe (FIFO) would block the read for ever; a folder or device is no document.
            kind = "a folder" if stat.S_ISDIR(status.st_mode) else "not a regular file"
            return None, [Problem.of("CB111", f"cannot read the file: it is {kind}", file=rel)]
        size = status.st_size
        if size > MAX_BYTES:
            return None, [
                Problem.of(
                    "CB109",
                    f"the file has {size / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB",
                    file=rel,
                )
            ]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem.of("CB111", f"cannot read the file: {error.strerror}", file=rel)]
    if cache is None:
        return _parse(raw, rel, path, vocabulary)
    return cache.parsed(root, rel, raw, lambda: _parse(raw, rel, path, vocabulary), vocabulary)


_Key = tuple[str, str, bytes, Vocabulary]
_Parsed = tuple[Document | None, list[Problem]]


class ParseCache:
    """The documents parsed by the last load, by (root, path, hash of the bytes, vocabulary).

    ``mkdocs serve`` loads the whole manual again on every save; with the cache its plugin
    keeps, only what changed is parsed again. A parsed document is never changed: the
    manual makes its own copy of each, with what it resolves (mappings, unit).
    """

    def __init__(self) -> None:
        self._last: dict[_Key, _Parsed] = {}
        self._this: dict[_Key, _Parsed] = {}

    def parsed(
        self,
        root: Path,
        rel: str,
        raw: bytes,
        parse: Callable[[], _Parsed],
        vocabulary: Vocabulary = BUILTIN,
    ) -> _Parsed:
        # The same bytes read with other types or levels (mkdocs.yml changed) parse anew.
        key = (str(root), rel, hashlib.blake2b(raw, digest_size=16).digest(), vocabulary)
        found = self._last.get(key) or self._this.get(key)
        if found is None:
            found = parse()
        self._this[key] = found
        document, problems = found
        return document, list(problems)

    def settle(self) -> None:
        """Keep only the documents of the load that just finished (once per load)."""
        self._last, self._this = self._this, {}


def _parse(
    raw: bytes, rel: str, path: Path, vocabulary: Vocabulary
) -> tuple[Document | None, list[Problem]]:
    text, problem = decode(raw, rel)
    if text is None:
        return None, [problem] if problem else []
    matter, problems = split(text, rel)
    if matter is None:
        return None, problems
    meta, field_problems = validate(matter, rel, vocabulary)
    # A key written twice (CB106) leaves the document unpublished too: which of its values
    # the author meant is not known (salvage takes the most restrictive classification).
    valid = meta is not None and not problems
    problems += field_problems
    if not valid:
        meta = salvage(matter, field_problems, vocabulary)
        if meta is None:
            return None, problems
    failed = {p.field for p in field_problems}
    # A bad entry leaves the history out of the salvaged metadata: what the rules would then
    # say of the history (no entry for the revision, order, duplicates) is not so.
    about_history = ("CB303", "CB304", "CB305")
    history_failed = any((f or "").split(".")[0] == "history" for f in failed)
    problems += [
        p
        for p in lifecycle_problems(meta, matter.line_of, rel)
        if p.field not in failed and not (history_failed and p.code in about_history)
    ]
    document = Document(
        src_uri=rel,
        path=path,
        meta=meta,
        body=matter.body,
        body_line=matter.body_line,
        lines=matter.lines,
        valid=valid,
    )
    return document, problems


def decode(raw: bytes, rel: str) -> tuple[str | None, Problem | None]:
    """UTF-8 (with or without a byte-order mark); anything else is named, not guessed."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem.of(
            "CB101", "the file is UTF-16; clausebook reads UTF-8 only", file=rel, line=1
        )
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        guess = " (it looks like Latin-1 or Windows-1252)" if _latin(raw) else ""
        return None, Problem.of(
            "CB101",
            f"byte 0x{raw[error.start]:02x} at position {error.start} is not UTF-8{guess}",
            file=rel,
            line=line,
        )


def _latin(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True
