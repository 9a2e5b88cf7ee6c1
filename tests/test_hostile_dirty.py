"""``mkdocs build --dirty`` never keeps the page of a document now withheld (issue 18,
"also noted")."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from sitekit import build_site, capture_logs, document, write_site

pytestmark = pytest.mark.slow


def dirty_build(config_file: Path) -> list[str]:
    """``mkdocs build --dirty``; the messages logged (the build is expected to stop)."""
    records: list = []
    with capture_logs(records):
        config = load_config(str(config_file))
        config.plugins.on_startup(command="build", dirty=True)
        with pytest.raises(Abort):  # MkDocs turns the PluginError into Abort
            build(config, dirty=True)
    return [r.getMessage() for r in records]


@pytest.mark.parametrize("change", ["classification", "draft"])
def test_a_dirty_build_after_withholding_a_document_is_refused(tmp_path: Path, change: str) -> None:
    pages = {
        "procedures/pro-chg-01.md": document("PRO-CHG-01", "Change management"),
        "procedures/pro-sec-01.md": document("PRO-SEC-01", "Key handling SECRETCANARY"),
    }
    config = write_site(tmp_path / "sms", pages, options={"parallel": False})
    built = build_site(config)
    page = built.site / "procedures" / "pro-sec-01" / "index.html"
    assert "SECRETCANARY" in page.read_text("utf-8")
    withheld = (
        document("PRO-SEC-01", "Key handling SECRETCANARY", classification="confidential")
        if change == "classification"
        else document("PRO-SEC-01", "Key handling SECRETCANARY", status="draft")
    )
    (config.parent / "procedures" / "pro-sec-01.md").write_text(withheld, "utf-8")
    messages = dirty_build(config)
    assert any("--dirty would leave the pages of PRO-SEC-01" in m for m in messages), messages
    clean = build_site(config)
    assert not (clean.site / "procedures" / "pro-sec-01").exists()
