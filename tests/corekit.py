"""What the unit tests of the core share: small documents written to a folder, judged on
one fixed date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clausebook.core.settings import Settings

AS_OF = dt.date(2026, 11, 24)

DOC = """\
---
id: {id}
title: {title}
type: {type}
owner: {owner}
approver: Head of IT
revision: "1.0"
status: {status}
{dates}
clauses: {clauses}
classification: {classification}
history:
  - revision: "1.0"
    date: 2020-01-01
    summary: First issue
---
Body.
"""


def write(
    root: Path,
    doc_id: str,
    *,
    status: str = "effective",
    reviewed: str = "2026-03-01",
    doc_type: str = "procedure",
    clauses: str = "[8.1]",
    owner: str = "Owner",
    interval: str | None = None,
    classification: str = "internal",
) -> None:
    dates = "" if status == "draft" else f"effective: 2020-01-01\nreviewed: {reviewed}"
    if interval:
        dates += f"\nreview_interval: {interval}"
    folder = root / "procedures"
    folder.mkdir(exist_ok=True)
    (folder / f"{doc_id.lower()}.md").write_text(
        DOC.format(
            id=doc_id,
            title=f"Title {doc_id}",
            type=doc_type,
            owner=owner,
            status=status,
            dates=dates,
            clauses=clauses,
            classification=classification,
        ),
        "utf-8",
    )


def settings(**options: object) -> Settings:
    return Settings(sources=["procedures"], **options)
