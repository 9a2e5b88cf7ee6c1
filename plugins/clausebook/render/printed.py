"""The front of the printed manual: cover, contents with page numbers, and the register.

``manual.pdf`` is a document of its own, not the documents stapled together: its cover says
what it is (site, edition, as-of date, uncontrolled when printed), its contents give the page
where each document starts, and the register lists every document of the edition. This page
is printed by the same browser as the documents, with the same paper, margins and footer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clausebook.core.settings import PdfSettings
from clausebook.render.labels import Labels
from clausebook.render.listings import escape
from clausebook.render.printing import TEXT_FONTS, print_stylesheet, running_header

_STYLE = f"""
body {{ font-family: {TEXT_FONTS}; font-size: 9.5pt; font-synthesis: none; color: #000; }}
.cover {{ break-after: page; padding-top: 45mm; }}
.cover h1 {{ font-size: 22pt; margin: 0 0 6mm; }}
.cover .what {{ font-size: 15pt; margin: 0 0 14mm; }}
.cover dl {{ display: grid; grid-template-columns: max-content auto; gap: 2mm 6mm; }}
.cover dt {{ font-weight: bold; }}
.cover dd {{ margin: 0; }}
.cover .notice {{ margin-top: 20mm; border: 1pt solid #000; padding: 3mm; }}
h2 {{ font-size: 14pt; margin: 0 0 4mm; }}
section.register {{ break-before: page; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: 1.2mm 2mm; overflow-wrap: anywhere; }}
thead th {{ border-bottom: 1pt solid #000; }}
tbody td {{ border-bottom: .3pt solid #999; }}
td.page {{ text-align: right; white-space: nowrap; }}
a {{ color: inherit; text-decoration: none; }}
tr {{ break-inside: avoid; }}
@page :first {{
  @top-left {{ content: none !important; }} @top-right {{ content: none !important; }}
}}
"""


@dataclass(frozen=True)
class Entry:
    """One document in the contents: where it starts in the manual, and where it links."""

    id: str
    title: str
    revision: str
    status: str
    page: int
    href: str


def front_matter(
    *,
    site_name: str,
    labels: Labels,
    pdf: PdfSettings,
    edition: str | None,
    as_of: dt.date,
    printed: dt.date,
    contents: list[Entry],
    register: list[dict[str, str]],
) -> str:
    """The HTML of the manual's first pages; ``register`` holds the register's rows."""
    t = labels
    issue = t("print.edition", edition=edition) if edition else t("print.working_copy")
    css = print_stylesheet(pdf, labels, edition=edition, as_of=as_of) + _STYLE
    contents_rows = "".join(
        f'<tr><td><a href="{escape(e.href)}">{escape(e.id)}</a></td>'
        f"<td>{escape(e.title)}</td><td>{escape(e.revision)}</td><td>{escape(e.status)}</td>"
        f'<td class="page">{e.page}</td></tr>\n'
        for e in contents
    )
    columns = ("id", "title", "revision", "status", "owner", "effective", "next_review")
    head = "".join(f"<th>{escape(t(c))}</th>" for c in columns)
    register_rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape(t('status.' + row[c]) if c == 'status' else row[c])}</td>"
            for c in columns
        )
        + "</tr>\n"
        for row in register
    )
    return f"""<!doctype html>
<html lang="{labels.language}"><head><meta charset="utf-8">
<title>{escape(site_name)}</title><style>{css}</style>
{running_header(site_name, issue)}
</head><body>
<section class="cover">
<h1>{escape(site_name)}</h1>
<p class="what">{escape(t("print.manual"))}</p>
<dl>
<dt>{escape(t("print.edition", edition="").strip())}</dt><dd>{escape(edition or issue)}</dd>
<dt>{escape(t("print.as_of", date="").strip())}</dt><dd>{as_of}</dd>
<dt>{escape(t("print.printed_on", date="").strip())}</dt><dd>{printed}</dd>
<dt>{escape(t("documents"))}</dt><dd>{escape(t("print.documents", count=len(contents)))}</dd>
</dl>
<p class="notice">{escape(t("print.uncontrolled"))}</p>
</section>
<section class="contents">
<h2>{escape(t("print.contents"))}</h2>
<table><thead><tr><th>{escape(t("id"))}</th><th>{escape(t("title"))}</th>
<th>{escape(t("revision"))}</th><th>{escape(t("status"))}</th>
<th>{escape(t("print.start_page"))}</th></tr></thead>
<tbody>
{contents_rows}</tbody></table>
</section>
<section class="register">
<h2>{escape(t("register"))}</h2>
<table><thead><tr>{head}</tr></thead>
<tbody>
{register_rows}</tbody></table>
</section>
</body></html>
"""
