"""The "Must read" pages of an edition and its sign-off sheet.

One page per role declared in ``mkdocs.yml`` lists the documents added or revised since the
previous edition that the role must read (see :mod:`clausebook.core.awareness`), with what
changed and, when the organisation has one, the link to its acknowledgement form; an index
page lists the roles, and the sheet (``must-read.csv``, ``must-read.xlsx``) has one line per
role and document for a person's name and the date they read it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from clausebook.core.awareness import SHEET_COLUMNS, MustRead, acknowledge_link, sheet_rows
from clausebook.exports.formats import to_csv, to_xlsx

if TYPE_CHECKING:
    from clausebook.core.editions import Changes
    from clausebook.render.pages import Plan, Renderer, ReportPage


def add_must_read(
    renderer: Renderer, plan: Plan, edition: str | None, changes: Changes | None
) -> None:
    """The must-read pages, sheets and their navigation, when roles are declared."""
    settings = renderer.manual.settings
    if not settings.roles:
        return
    by_role = renderer.must_read
    language = renderer.t.language
    here = renderer.uri("must-read.md")
    files = {"csv": renderer.uri("must-read.csv"), "xlsx": renderer.uri("must-read.xlsx")}
    pages = {role: renderer.uri("must-read", f"{role.lower()}.md") for role in by_role}
    names = {role: settings.roles[role].name(language) for role in by_role}
    previous = changes.previous if changes else None

    def intro(name: str) -> str:
        if changes is None:
            return renderer.t("must_read_first", role=name)
        return renderer.t("must_read_since", role=name, edition=previous)

    plan.pages[here] = lambda: renderer.render(
        "must-read.md.j2",
        here,
        roles=[(names[r], pages[r], len(items)) for r, items in by_role.items()],
        intro=intro(renderer.t("every_role")),
        files=files,
    )
    for role, uri in pages.items():
        plan.pages[uri] = _role_page(renderer, uri, names[role], by_role[role], intro, edition)
    sheet = renderer.t("must_read")
    plan.files[files["csv"]] = lambda: to_csv(
        sheet_rows(by_role, settings, language), SHEET_COLUMNS
    )
    plan.files[files["xlsx"]] = lambda: to_xlsx(
        sheet_rows(by_role, settings, language), SHEET_COLUMNS, sheet
    )
    plan.nav.append(
        (
            renderer.t("must_read"),
            [(renderer.t("must_read_roles"), here), *((names[r], pages[r]) for r in pages)],
        )
    )


def _role_page(
    renderer: Renderer,
    uri: str,
    name: str,
    items: list[MustRead],
    intro: Callable[[str], str],
    edition: str | None,
) -> Callable[[], str]:
    """The page of one role, rendered when the plan is."""
    url = renderer.manual.settings.acknowledge_url

    def page() -> ReportPage:
        return renderer.render(
            "must-read-role.md.j2",
            uri,
            title=renderer.t("must_read_for", role=name),
            intro=intro(name),
            items=[
                (item, acknowledge_link(url, item.document, edition) if url else None)
                for item in items
            ],
        )

    return page
