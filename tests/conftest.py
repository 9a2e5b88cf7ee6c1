"""Fixtures shared by the test files: the site-building kit of sitekit as fixtures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from browserkit import launch_chromium
from clikit import AS_OF_ENV, SITE_DOCS, STANDARDS
from sitekit import Built, build_site, write_site


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Built]:
    """clikit's SITE_DOCS written and built with MkDocs once for every command's tests of
    the CLI and the site agreeing: (mkdocs.yml, the built site)."""
    config = write_site(
        tmp_path_factory.mktemp("manual"), SITE_DOCS, options={"standards": STANDARDS}
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(AS_OF_ENV, raising=False)
        site = build_site(config)
    return config, site


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Built]:
    """Build a manual in the test's ``tmp_path``, as ``mkdocs build`` does:
    ``make_site(documents, options=..., config=..., files=...)`` (see sitekit.write_site)."""

    def make(documents: dict[str, str], **project: Any) -> Built:
        return build_site(write_site(tmp_path, documents, **project))

    return make


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for every browser test of the session (Playwright's sync API
    runs one per thread)."""
    with launch_chromium() as chromium:
        yield chromium
