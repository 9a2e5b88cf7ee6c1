"""The renderer of generated pages (render/pages.py)."""

from __future__ import annotations

import re
from pathlib import Path

from clausebook.core.manual import load
from clausebook.core.settings import Settings
from clausebook.render.links import Links
from clausebook.render.pages import Renderer
from corekit import AS_OF, write

RAW_PATTERN = re.compile(r"<!--clausebook:raw:(\d+)-->")


def test_generated_html_is_set_aside_for_the_site_and_inline_for_markdown(
    tmp_path: Path,
) -> None:
    write(tmp_path, "PRO-1")
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    (document,) = manual.documents
    plain = Renderer(manual, Links(markdown=True)).document(document)
    assert '<table class="cb-control">' in plain and "clausebook:raw" not in plain
    assert '<div class="cb-print-header"' in plain

    renderer = Renderer(manual, Links(), set_aside_html=True)
    markdown = renderer.document(document)
    # The Markdown of a document page holds its heading and body only: no HTML at all.
    assert "<" not in markdown and "Body." in markdown
    # The blocks are rendered apart, with the reports (the site may do it in another
    # process: a renderer that only adopts them frames and restores alike).
    worker = Renderer(manual, Links(), set_aside_html=True)
    rendered = worker.render_set_aside(worker.plan())
    assert set(rendered.heads) == {document.src_uri}
    assert set(rendered.raw_html) == {document.src_uri} | set(rendered.pages)
    renderer.adopt(rendered)
    # The HTML Markdown makes of it gets the print header after the title, and placeholders
    # where the control block (before the body) and the history (after it) go.
    content = "<h1>PRO-1 Title</h1>\n<p>Body.</p>"
    framed = renderer.frame(document.src_uri, content)
    assert RAW_PATTERN.findall(framed) == ["0", "1"]
    assert framed.index("</h1>") < framed.index("cb-print-header") < framed.index("raw:0")
    # Whatever the theme makes of the rest, the blocks come back where the comments were.
    page = f"<article>{framed}</article>"
    restored = renderer.restore_html(document.src_uri, page)
    assert '<table class="cb-control">' in restored and 'class="cb-history"' in restored
    assert not RAW_PATTERN.search(restored)
    assert restored.index("cb-control") < restored.index("Body.") < restored.index("cb-history")
    # A page of another document, or a number it never had, is left as it is.
    assert renderer.frame("procedures/other.md", content) == content
    assert renderer.restore_html("procedures/other.md", page) == page
    stray = "<!--clausebook:raw:9-->"
    assert renderer.restore_html(document.src_uri, stray) == stray
