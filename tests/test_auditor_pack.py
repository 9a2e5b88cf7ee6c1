"""``clausebook auditor-pack``: the zip an auditor receives, its MANIFEST verified by
recomputing every hash, the same bytes from the same inputs, nothing withheld inside."""

from __future__ import annotations

import hashlib
import io
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from clikit import run
from sitekit import AS_OF, build_site, document, write_site


def project(root: Path) -> Path:
    """A small ISMS in a git repository: an effective policy, a Statement of Applicability,
    a draft and a confidential procedure (both to stay out of the pack)."""
    soa = document("SOA-01", "Statement of Applicability", type="soa").replace(
        "\n---\n",
        "\napplicability:\n  iso27001:2022:\n    A.7.4:\n      applicable: no\n"
        "      justification: No premises of our own\n      status: not-applicable\n---\n",
        1,
    )
    config = write_site(
        root,
        {
            "manual/pol-01.md": document(
                "POL-01", "Information security policy", type="policy", clauses=["5.2", "A.5.1"]
            ),
            "manual/soa-01.md": soa,
            "procedures/pro-004.md": document(
                "PRO-004", "Secret draft procedure", status="draft", clauses=["8.1"]
            ),
            "procedures/pro-sec-01.md": document(
                "PRO-SEC-01",
                "Forensics procedure",
                classification="confidential",
                clauses=["A.5.26"],
            ),
        },
        options={"standards": ["iso27001:2022"]},
        config={"site_name": "Acme ISMS"},
    )
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "sources"],
    ):
        subprocess.run(["git", "-C", str(root), *command], check=True)
    return config


def manifest_of(data: bytes) -> tuple[dict[str, str], dict[str, str], dict[str, bytes]]:
    """The MANIFEST's header fields and hashes, and every other file of the zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    header, hashes = {}, {}
    for line in files.pop("MANIFEST").decode("utf-8").splitlines():
        if line.startswith("# ") and ": " in line:
            key, _, value = line[2:].partition(": ")
            header[key] = value
        elif not line.startswith("#"):
            digest, _, name = line.partition("  ")
            hashes[name] = digest
    return header, hashes, files


def test_the_manifest_lists_every_other_file_with_its_sha256(tmp_path: Path) -> None:
    config = project(tmp_path / "isms")
    target = tmp_path / "pack.zip"
    result = run("auditor-pack", "2026.4", "-f", config, "-o", target, "--documents", "html")
    assert result.exit_code == 0, result.output
    header, hashes, files = manifest_of(target.read_bytes())
    assert set(hashes) == set(files)  # each other file, and nothing else
    for name, data in files.items():
        assert hashes[name] == hashlib.sha256(data).hexdigest(), name
    commit = subprocess.run(
        ["git", "-C", str(tmp_path / "isms"), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert header == {
        "site": "Acme ISMS",
        "edition": "2026.4",
        "as-of": AS_OF,
        "git-commit": commit,
    }
    # What an auditor asks for.
    for name in (
        "README.txt",
        "register.xlsx",
        "register.csv",
        "reviews.html",
        "iso27001-2022/coverage.html",
        "iso27001-2022/matrix.html",
        "iso27001-2022/matrix.xlsx",
        "iso27001-2022/soa.html",
        "iso27001-2022/soa.xlsx",
        "iso27001-2022/soa.csv",
        "iso27001-2022/required.html",
        "iso27001-2022/required.xlsx",
        "documents/pol-01.html",
        "documents/soa-01.html",
    ):
        assert name in files, name
    # Never a draft or a confidential document; the draft is named where it puts a clause
    # at risk, never linked or included.
    assert not any("pro-004" in name or "pro-sec-01" in name for name in files)
    everything = b"".join(files.values())
    assert b"Forensics procedure" not in everything and b"PRO-SEC-01" not in everything
    assert b"Secret draft procedure" not in everything
    coverage = files["iso27001-2022/coverage.html"].decode("utf-8")
    assert "draft in progress (PRO-004)" in coverage
    assert "pro-004" not in coverage.lower().replace("(pro-004)", "")
    # 27001 coverage in two parts, never mixed.
    assert "Clauses 4–10" in coverage and "Controls A.5–A.8 (applicable only)" in coverage
    readme = files["README.txt"].decode("utf-8")
    assert "sha256sum -c MANIFEST" in readme and "2026.4" in readme
    sheet = openpyxl.load_workbook(io.BytesIO(files["iso27001-2022/soa.xlsx"])).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "Acme ISMS" in rows[0][0] and "2026.4" in rows[0][0] and AS_OF in rows[0][0]
    excluded = next(r for r in rows if r[0] == "A.7.4")
    assert excluded[2] == "no" and excluded[3] == "No premises of our own"


def test_two_runs_give_identical_zips(tmp_path: Path) -> None:
    config = project(tmp_path / "isms")
    first, second = tmp_path / "one.zip", tmp_path / "two.zip"
    for target in (first, second):
        assert run("auditor-pack", "-f", config, "-o", target).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos[:2]] == ["README.txt", "MANIFEST"]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    names = [i.filename for i in infos[2:]]
    assert names == sorted(names)
    header, _, _ = manifest_of(first.read_bytes())
    assert header["edition"] == "working copy"


def test_a_pack_needs_a_zip_name_and_pdf_needs_a_built_site(tmp_path: Path) -> None:
    config = project(tmp_path / "isms")
    result = run("auditor-pack", "-f", config, "-o", tmp_path / "pack.tar")
    assert result.exit_code == 2 and ".zip" in result.output
    result = run("auditor-pack", "-f", config, "-o", tmp_path / "p.zip", "--documents", "pdf")
    assert result.exit_code == 2 and "--documents html" in result.output
    assert not (tmp_path / "p.zip").exists()


@pytest.mark.slow
def test_effective_documents_as_reproducible_pdfs_when_chromium_is_there(tmp_path: Path) -> None:
    from clausebook.exports.chromium import find_browser

    if find_browser() is None:
        pytest.skip("no Chromium: the pack holds HTML (tested above)")
    config = project(tmp_path / "isms")
    build_site(config)
    first, second = tmp_path / "one.zip", tmp_path / "two.zip"
    for target in (first, second):
        result = run("auditor-pack", "-f", config, "-o", target, "--documents", "pdf")
        assert result.exit_code == 0, result.output
        assert "PDF not made" not in result.output  # else that document falls back to HTML
    _, hashes, files = manifest_of(first.read_bytes())
    printed = files["documents/pol-01.pdf"]
    assert hashes["documents/pol-01.pdf"] == hashlib.sha256(printed).hexdigest()
    assert len(PdfReader(io.BytesIO(printed), strict=True).pages) >= 1  # offsets still hold
    assert b"/CreationDate" not in printed
    assert "documents/pol-01.html" not in files
    assert first.read_bytes() == second.read_bytes()
