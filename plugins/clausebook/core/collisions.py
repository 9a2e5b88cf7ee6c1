"""Paths clausebook generates in the site, and files that would collide with them.

The site holds four kinds of generated path: each published document's page at its source
path (``procedures/pro-chg-01.md``), everything under ``reports_dir``, clausebook's assets
and the page of the documents' stable addresses under ``id/``. A page of ``docs_dir`` at one
of them, or a document inside one of the generated folders (a source folder named
``reports`` holding ``register.md``), would collide. All of ``id/`` is reserved, not only
its page: the site's script takes a page at ``id/<ID>/`` for the 404 page answering an
address of the old form, and sends the reader on. Found here, from the manual and a listing
of ``docs_dir``, the build stops before MkDocs empties ``site/`` and ``clausebook check``
reports the same problems.
"""

from __future__ import annotations

import os
from pathlib import Path

from clausebook.core.manual import Manual
from clausebook.core.problems import Problem

#: Where the site's stylesheet and script go (the MkDocs adapter writes them there).
ASSET_DIR = "assets/clausebook"

#: Where the documents' stable addresses go (``render/addresses.py``).
ADDRESS_DIR = "id"


def docs_files(docs_dir: Path) -> list[str]:
    """The files of ``docs_dir`` as MkDocs lists them (POSIX paths, dot-names left out)."""
    found = []
    for base, folders, files in os.walk(docs_dir):
        folders[:] = [name for name in folders if not name.startswith(".")]
        relative = Path(base).relative_to(docs_dir).as_posix()
        for name in files:
            if not name.startswith("."):
                found.append(name if relative == "." else f"{relative}/{name}")
    return sorted(found)


def collisions(manual: Manual, pages: list[str], docs_name: str = "docs") -> list[Problem]:
    """CB610 for each document or ``docs_dir`` file at a path clausebook generates."""
    own = (f"{ASSET_DIR}/", f"{ADDRESS_DIR}/")
    reports = f"{manual.settings.reports_dir}/"
    reserved = (reports, *own)
    problems = []
    for folder in own:
        if reports.startswith(folder):
            problems.append(
                Problem.of(
                    "CB610",
                    f"reports_dir '{manual.settings.reports_dir}' is inside '{folder[:-1]}', "
                    "where clausebook writes its assets or id addresses; change reports_dir",
                )
            )
    documents = {d.src_uri: d for d in manual.documents}
    for uri, document in documents.items():
        if uri.startswith(reserved):
            problems.append(
                Problem.of(
                    "CB610",
                    f"the document's page would be {uri}, inside '{uri.split('/')[0]}', where "
                    "clausebook writes its reports, assets or id addresses; rename the source "
                    "folder (or change reports_dir)",
                    file=uri,
                    line=document.line_of("id"),
                )
            )
    for uri in pages:
        if uri in documents:
            what = f"the page of document {documents[uri].id}"
        elif uri.startswith(reserved):
            what = "a folder clausebook writes its reports, assets or id addresses into"
        else:
            continue
        problems.append(
            Problem.of(
                "CB610",
                f"docs_dir has {uri}, at {what}; rename or move the file (or change reports_dir)",
                file=f"{docs_name}/{uri}",
            )
        )
    return problems
