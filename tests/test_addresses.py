"""The page of the documents' stable addresses, ``id/index.html`` (render/addresses.py): one
page for every document of the edition, a script that sends ``#ID`` on, and a list that
works without it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from clausebook.core.manual import Manual, load
from clausebook.render import reports
from clausebook.render.addresses import ADDRESSES, addresses_page
from clausebook.render.labels import Labels
from clausebook.render.links import Links
from clausebook.render.pages import Renderer
from corekit import AS_OF, settings, write

HOSTILE = "</script><script>alert(1)</script> & \"quoted\" 'too'"


def manual_of(root: Path, **options: object) -> Manual:
    return load(root, settings(**options), as_of=AS_OF)


def page_of(manual: Manual) -> str:
    plan = reports.plan(Renderer(manual, Links()))
    return plan.render().files[ADDRESSES].decode("utf-8")


def targets_of(page: str) -> dict[str, str]:
    """The script's map from id to link, read back as the browser reads it."""
    found = re.search(r"var targets = (\{.*?\});\n", page)
    assert found, page
    return json.loads(found.group(1))


def entries_of(page: str) -> list[tuple[str, str, str]]:
    return re.findall(r'<li id="([^"]*)"><a href="([^"]*)">([^<]*)</a></li>', page)


def test_one_page_maps_every_id_to_its_document_in_natural_order(tmp_path: Path) -> None:
    for doc_id in ("PRO-10", "PRO-2", "pol-1"):
        write(tmp_path, doc_id)
    page = page_of(manual_of(tmp_path))
    # Upper-cased keys: the script looks an id up whatever case the link was written in.
    assert targets_of(page) == {
        "POL-1": "../procedures/pol-1/",
        "PRO-2": "../procedures/pro-2/",
        "PRO-10": "../procedures/pro-10/",
    }
    # Without scripts, the list in id order (2 before 10), each entry a target for #ID.
    assert entries_of(page) == [
        ("pol-1", "../procedures/pol-1/", "pol-1 Title pol-1"),
        ("PRO-2", "../procedures/pro-2/", "PRO-2 Title PRO-2"),
        ("PRO-10", "../procedures/pro-10/", "PRO-10 Title PRO-10"),
    ]
    assert '<meta name="robots" content="noindex">' in page
    assert '<html lang="en">' in page and "<title>Documents by id</title>" in page
    assert "not a document of this edition" in page


def test_only_the_editions_documents_are_listed(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1")
    write(tmp_path, "PRO-2", classification="confidential")  # withheld from this audience
    write(tmp_path, "PRO-3", status="draft")  # unpublished (drafts: exclude)
    page = page_of(manual_of(tmp_path))
    assert list(targets_of(page)) == ["PRO-1"]
    assert [e[0] for e in entries_of(page)] == ["PRO-1"]
    assert "PRO-2" not in page and "PRO-3" not in page
    # An audience that may read it gets it.
    wider = page_of(manual_of(tmp_path, audience="confidential"))
    assert list(targets_of(wider)) == ["PRO-1", "PRO-2"]


def test_a_hostile_title_and_link_are_text(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1")
    source = tmp_path / "procedures" / "pro-1.md"
    source.write_text(
        source.read_text("utf-8").replace("Title PRO-1", json.dumps(HOSTILE)), "utf-8"
    )
    (document,) = manual_of(tmp_path).documents
    assert document.meta.title == HOSTILE
    page = addresses_page([document], lambda uri: f"../{uri}</script>", Labels("en")).decode()
    # Nothing of the title or link closes the script or opens an element.
    assert page.count("<script>") == 1 and page.count("</script>") == 1
    assert "alert(1)</script>" not in page
    assert targets_of(page) == {"PRO-1": "../procedures/pro-1.md</script>"}
    assert '"../procedures/pro-1.md\\u003c/script>"' in page  # "<" escaped in the script
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quoted&#34;" in page
    assert "&#39;too&#39;" in page


def test_the_page_speaks_the_manuals_language(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1")
    page = page_of(manual_of(tmp_path, language="zh"))
    assert '<html lang="zh">' in page and "<title>按编号查找文件</title>" in page


def test_plain_markdown_has_no_address_page(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1")
    plan = reports.plan(Renderer(manual_of(tmp_path), Links(markdown=True)))
    assert not any(uri.startswith("id/") for uri in plan.files)
