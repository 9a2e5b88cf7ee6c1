"""The renderer of generated pages (render/pages.py) and its placeholders
(render/placeholders.py): one way of rendering, the HTML always set aside."""

from __future__ import annotations

import re
from pathlib import Path

from clausebook.core.manual import load
from clausebook.core.settings import Settings
from clausebook.render import placeholders, reports
from clausebook.render.links import Links
from clausebook.render.pages import Renderer
from clausebook.render.placeholders import Xref
from corekit import AS_OF, write

RAW_PATTERN = re.compile(r"<!--clausebook:raw:(\d+)-->")


def test_a_document_page_is_markdown_and_its_blocks_are_set_aside(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1")
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    (document,) = manual.documents
    renderer = Renderer(manual, Links())
    page = renderer.document(document)
    # The Markdown of a document page holds its heading and body only: no HTML at all.
    markdown = page.markdown()
    assert "<" not in markdown and "Body." in markdown
    # The blocks are rendered apart, with the reports (the site may do it in another
    # process).
    rendered = Renderer(manual, Links()).render_all(reports.plan(renderer))
    assert set(rendered.blocks) == {document.src_uri}
    blocks = rendered.blocks[document.src_uri]
    # The HTML Markdown makes of it gets the print header after the title, and placeholders
    # where the control block (before the body) and the history (after it) go.
    content = "<h1>PRO-1 Title</h1>\n<p>Body.</p>"
    framed = placeholders.frame(content, blocks.head)
    assert RAW_PATTERN.findall(framed) == ["0", "1"]
    assert framed.index("</h1>") < framed.index("cb-print-header") < framed.index("raw:0")
    # Whatever the theme makes of the rest, the blocks come back where the comments were.
    html_page = f"<article>{framed}</article>"
    restored = placeholders.restore_blocks(html_page, [blocks.control, blocks.end])
    assert '<table class="cb-control">' in restored and 'class="cb-history"' in restored
    assert not RAW_PATTERN.search(restored)
    assert restored.index("cb-control") < restored.index("Body.") < restored.index("cb-history")
    # A number the page never had is left as it is.
    stray = "<!--clausebook:raw:9-->"
    assert placeholders.restore_blocks(stray, [blocks.control, blocks.end]) == stray
    # Plain Markdown (`clausebook pages`) holds the same blocks inline.
    plain = renderer.plain(reports.plan(renderer))[document.src_uri]
    assert isinstance(plain, str)
    assert plain == page.markdown(blocks)
    assert '<table class="cb-control">' in plain and "clausebook:raw" not in plain


def test_a_report_keeps_a_placeholder_where_each_table_goes(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1")
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    renderer = Renderer(manual, Links(markdown=True))
    register = reports.plan(renderer).render().pages["reports/register.md"]
    assert RAW_PATTERN.findall(register.markdown) == ["0"]
    assert '<table class="cb-table cb-register' in register.blocks[0]
    inline = placeholders.inline_blocks(register.markdown, register.blocks)
    assert "clausebook:raw" not in inline and "PRO-1" in inline
    html_text = placeholders.restore_blocks(f"<p>x</p>\n{register.markdown}", register.blocks)
    assert register.blocks[0] in html_text


def test_cross_references_are_placeholders_for_the_site_and_links_in_plain_markdown(
    tmp_path: Path,
) -> None:
    write(tmp_path, "PRO-1")
    write(tmp_path, "PRO-2")
    path = tmp_path / "procedures" / "pro-2.md"
    body = "# PRO-2 see [[PRO-1]]\n\nSee [[PRO-1]], [[PRO-9]] and `[[PRO-1]]`.\n"
    path.write_text(path.read_text("utf-8").replace("Body.\n", body), "utf-8")
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    renderer = Renderer(manual, Links())
    page = renderer.document(manual.by_id["PRO-2"])
    # The page's title is the document's; the body's level-1 heading is one level down, and a
    # reference in a heading stays Markdown.
    assert page.heading == "# PRO-2 Title PRO-2"
    assert page.body.startswith("## PRO-2 see [PRO-1 Title PRO-1](pro-1.md)")
    assert page.body.count("\ue000") == 1 and "PRO-9" in page.body and "`[[PRO-1]]`" in page.body
    (xref,) = page.xrefs
    assert xref == Xref('<a href="../pro-1/">PRO-1 Title PRO-1</a>', "PRO-1 Title PRO-1", "PRO-1")
    html_text = placeholders.restore_xrefs(f"<p>{page.body}</p>", page.xrefs)
    assert 'See <a href="../pro-1/">PRO-1 Title PRO-1</a>, PRO-9 and' in html_text
    in_tag = placeholders.restore_xrefs('<a title="\ue0000\ue001">x</a>', page.xrefs)
    assert in_tag == '<a title="PRO-1 Title PRO-1">x</a>'
    plain = renderer.plain(reports.plan(renderer))["procedures/pro-2.md"]
    assert isinstance(plain, str)
    assert "See [PRO-1 Title PRO-1](pro-1.md), PRO-9 and `[[PRO-1]]`." in plain
    # Private-use text that is not one of ours stays as it is.
    assert placeholders.restore_xrefs("\ue0007\ue001", page.xrefs) == "\ue0007\ue001"
