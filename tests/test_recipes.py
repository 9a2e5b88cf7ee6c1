"""The newcomer's recipes of docs/reference/architecture.md, each done here as the recipe
says: add a report page, add a front-matter field (and show it in the register), add a
standard. A recipe that stops working fails here before it misleads anyone."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader

from clausebook.core import catalogue, register
from clausebook.core.catalogue import BUILT_IN_PACKAGE, discover
from clausebook.core.crosswalk import concepts
from clausebook.core.manual import coverage_of, load
from clausebook.core.metadata import Metadata, Status, json_schema
from clausebook.core.register import Column
from clausebook.core.settings import Settings
from clausebook.render import pages, reports
from clausebook.render.links import Links
from clausebook.render.pages import Plan, Renderer
from corekit import AS_OF
from sitekit import Built, document

DOCS = Path(__file__).parents[1] / "docs" / "reference"

# ------------------------------------------------------------- recipe: add a report page

ARCHIVE_TEMPLATE = """\
---
title: {{ "Obsolete documents" | tojson }}
---

# Obsolete documents

{% call raw() %}
<ul class="cb-archive">
{%- for d in documents %}<li>{{ listing.chip(d, here) }} {{ d.title }}</li>{% endfor -%}
</ul>
{% endcall %}
"""


def archive(r: Renderer, plan: Plan) -> None:
    """The report of the recipe: the obsolete documents of the edition."""
    here = r.uri("archive.md")
    obsolete = [d for d in r.manual.documents if d.meta.status is Status.OBSOLETE]
    plan.pages[here] = lambda: r.render("archive.md.j2", here, documents=obsolete)
    plan.nav.append(("Obsolete documents", here))


@pytest.fixture
def with_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Steps 1 and 2 of the recipe: the template (here beside the package's) and the
    function in the report catalogue."""
    loader = ChoiceLoader([DictLoader({"archive.md.j2": ARCHIVE_TEMPLATE}), pages._ENV.loader])
    monkeypatch.setattr(pages._ENV, "loader", loader)
    monkeypatch.setattr(reports, "REPORTS", [*reports.REPORTS, archive])


RECIPE_DOCS = {
    "procedures/pro-a-01.md": document("PRO-A-01", "In force", clauses=["8.1"]),
    "procedures/pro-b-01.md": document(
        "PRO-B-01", "Replaced <old>", status="obsolete", superseded_by="PRO-A-01"
    ),
}


@pytest.mark.usefixtures("with_archive")
def test_recipe_add_a_report_page(make_site: Callable[..., Built], tmp_path: Path) -> None:
    built = make_site(RECIPE_DOCS)
    page = built.page("reports/archive")
    assert '<ul class="cb-archive"><li><a class="cb-doc cb-doc--obsolete"' in page
    assert "Replaced &lt;old&gt;" in page and "<old>" not in page  # escaped, as every value
    assert "Obsolete documents" in built.page("reports/register")  # in the navigation
    # The same page as plain Markdown (clausebook pages), the table in it.
    manual = load(tmp_path, Settings(sources=["manual", "procedures"]), as_of=AS_OF)
    renderer = Renderer(manual, Links(markdown=True))
    plain = renderer.plain(reports.plan(renderer))["reports/archive.md"]
    assert isinstance(plain, str) and '<ul class="cb-archive">' in plain
    assert "../procedures/pro-b-01.md" in plain


# -------------------------------------------------------- recipe: add a front-matter field


def test_recipe_add_a_front_matter_field_every_field_is_documented() -> None:
    """Step 2: each field of the model has its row in docs/reference/front-matter.md and is
    in the JSON Schema that editors read."""
    text = (DOCS / "front-matter.md").read_text("utf-8")
    start = text.index("| field | required |")
    fields_table = text[start : text.index("\n\n", start)]  # the first table: the fields
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", fields_table, re.M))
    assert documented == set(Metadata.model_fields)
    assert set(json_schema()["properties"]) == set(Metadata.model_fields)


def test_recipe_add_a_front_matter_field_shown_in_the_register(
    make_site: Callable[..., Built], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Step 3: one entry in the register's column table shows the field in the page, the
    CSV, the JSON and the XLSX."""
    column = Column("readers", lambda d, r: ", ".join(d.meta.readers))
    monkeypatch.setattr(register, "REGISTER", (*register.REGISTER, column))
    source = RECIPE_DOCS["procedures/pro-a-01.md"].replace(
        'type: "procedure"', 'type: "procedure"\nreaders: [service-desk]'
    )
    roles = {"service-desk": {"en": "Service desk"}}  # readers name declared roles (CB460)
    built = make_site({"procedures/pro-a-01.md": source}, options={"roles": roles})
    (row,) = built.json("reports/register.json")["documents"]
    assert row["readers"] == "service-desk"
    assert "readers" in built.bytes("reports/register.csv").decode("utf-8-sig").split("\r\n")[0]
    assert ">Readers</button></th>" in built.page("reports/register")
    assert '<td class="cb-col-readers">service-desk</td>' in built.page("reports/register")


# ------------------------------------------------------------ recipe: add a standard

ISO22301 = """\
# ISO 22301:2019: clause numbers and short titles only.
id: iso22301:2019
name: ISO 22301:2019
title: Security and resilience - Business continuity management systems - Requirements
concepts:
- id: internal-audit
  clause: '9.2'
clauses:
- number: '8'
  title: Operation
- number: '8.4'
  title: Business continuity strategies and solutions
  parent: '8'
- number: '9'
  title: Performance evaluation
- number: '9.2'
  title: Internal audit
  parent: '9'
"""


def test_recipe_add_a_standard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One YAML file beside the built-in catalogues: found by its id, mapped to, counted,
    and lined up with the others in the integrated view."""
    folder = tmp_path / "catalogues"
    folder.mkdir()
    for entry in resources.files(BUILT_IN_PACKAGE).iterdir():
        if entry.name.endswith(".yaml"):
            (folder / entry.name).write_text(entry.read_text("utf-8"), "utf-8")
    (folder / "iso22301-2019.yaml").write_text(ISO22301, "utf-8")
    found = discover(folder)
    assert "iso22301:2019" in found and len(found) == 4
    monkeypatch.setattr(catalogue, "built_ins", lambda: found)
    project = tmp_path / "project"
    (project / "procedures").mkdir(parents=True)
    mapped = {"iso9001:2015": ["9.2"], "iso22301:2019": ["8.4", "9.2"]}
    text = document("PRO-BC-01", "Business continuity", clauses=mapped)
    (project / "procedures" / "pro-bc-01.md").write_text(text, "utf-8")
    settings = Settings(sources=["procedures"], standards=["iso9001:2015", "iso22301:2019"])
    manual = load(project, settings, as_of=AS_OF)
    assert not manual.errors, [p.render() for p in manual.errors]
    assert coverage_of(manual, "iso22301:2019").percent == 100
    audit = next(c for c in concepts(manual.catalogues.values()) if c.id == "internal-audit")
    assert audit.clauses == {"iso9001:2015": "9.2", "iso22301:2019": "9.2"}
    site = reports.plan(Renderer(manual, Links(markdown=True))).render()
    assert "reports/iso22301-2019/matrix.md" in site.pages
    assert "<th>ISO 22301:2019</th>" in site.pages["reports/integrated.md"].blocks[0]
