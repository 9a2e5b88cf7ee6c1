"""A manual in Chinese, as its readers meet it: paragraphs wrapped in the source read without
stray spaces, labels use full-width punctuation, "What changed" is not read as change
management, English clause titles are marked, and the exports speak Chinese."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest

from clausebook.render.cjk import join_cjk_lines
from clausebook.render.labels import ZH
from sitekit import Built, build_site, document, table, text_of, write_site

WRAPPED = (
    "## 目的\n\n为确保用户报告的事件被及时\n受理、分类和解决，尽量减少对\n"
    "业务的影响，特制定本程序。\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    documents = {
        "procedures/pro-inc-02.md": document(
            "PRO-INC-02",
            "事件管理程序",
            owner="服务台经理",
            clauses=["8.6.1", "8.5.1.1"],
            body=WRAPPED + "\n```\n第一行\n第二行\n```\n\nMixed English\nwords 和\n中文。\n",
        ),
        "procedures/pro-rel-01.md": document(
            "PRO-REL-01", "发布管理程序", status="approved", effective="2027-01-15"
        ),
    }
    root = tmp_path_factory.mktemp("zh")
    return build_site(write_site(root, documents, options={"language": "zh"}))


def test_a_wrapped_chinese_paragraph_has_no_stray_spaces(site: Built) -> None:
    page = site.page("procedures/pro-inc-02")
    assert (
        "<p>为确保用户报告的事件被及时受理、分类和解决，尽量减少对业务的影响，特制定本程序。</p>"
        in page
    )
    assert "第一行\n第二行" in page  # code keeps its lines
    assert "Mixed English\nwords 和中文。" in page  # a break next to English stays a space
    # Search excerpts read the same text.
    index = site.json("search/search_index.json")["docs"]
    text = "".join(d["text"] for d in index if d["location"].startswith("procedures/pro-inc-02"))
    assert "被及时 受理" not in text.replace("\u200b", "") and "受理" in text


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("甲\n乙", "<p>甲乙</p>"),
        ("甲，\n乙。", "<p>甲，乙。</p>"),
        ("为确保\n**及时**\n受理", "<p>为确保<strong>及时</strong>受理</p>"),
        ("English\nline", "<p>English\nline</p>"),
        ("    代码\n    保留", "<pre><code>代码\n保留\n</code></pre>"),
    ],
)
def test_the_extension_joins_only_breaks_between_cjk_characters(source: str, html: str) -> None:
    assert markdown.markdown(source, extensions=["clausebook.render.cjk"]) == html
    assert join_cjk_lines("变更\n管理") == "变更管理"


def test_chinese_labels_use_full_width_punctuation() -> None:
    # Not the placeholders, nor a setting quoted as written in mkdocs.yml.
    text = {k: re.sub(r"\{[^}]*\}|drafts: exclude", "", v) for k, v in ZH.items()}
    half_width = {k: v for k, v in text.items() if re.search(r"[(),:;!?]", v)}
    assert half_width == {}
    # "What changed" in an edition: never 变更, the word of change management.
    assert all("变更" not in ZH[key] for key in ("changes", "changes_in", "changes_since"))


def test_report_punctuation_follows_the_language(site: Built) -> None:
    reviews = text_of(site.page("reports/reviews"))
    assert "已逾期（" in reviews and "已逾期 (" not in reviews
    index = site.page("reports/iso20000-1-2018/clauses")
    assert "事件管理程序（版本 1.0）" in text_of(index)


def test_a_clause_title_without_chinese_source_is_marked(site: Built) -> None:
    index = site.page("reports/iso20000-1-2018/clauses")
    titled = re.search(r'<dt id="c-8\.6\.1"[^>]*>(.*?)</dt>', index).group(1)
    if 'lang="en"' in titled:  # the catalogue has no Chinese title for it
        assert 'title="无中文标题来源，显示英文标题"' in titled
    rows = re.findall(r'<dt id="c-[^"]+"[^>]*>(.*?)</dt>', index)
    english = [r for r in rows if 'lang="en"' in r]
    assert all("无中文标题来源" in r for r in english)


def test_exports_speak_chinese(site: Built) -> None:
    register = site.bytes("reports/register.csv").decode("utf-8-sig")
    head, *rows = list(csv.reader(io.StringIO(register)))
    assert head[:5] == ["编号", "标题", "类型", "版本", "状态"]
    by_id = {row[0]: row for row in rows}
    assert by_id["PRO-INC-02"][2:5] == ["程序", "1.0", "生效"]
    assert by_id["PRO-REL-01"][4] == "已批准"
    matrix = site.bytes("reports/iso20000-1-2018/matrix.csv").decode("utf-8-sig")
    head, *rows = list(csv.reader(io.StringIO(matrix)))
    assert head == ["标准", "条款", "标题", "可评估", "状态", "文件", "章节", "不适用理由", "说明"]
    assert {row[4] for row in rows} <= {"已覆盖", "有风险", "未覆盖", "不适用"}
    # JSON stays in the codes programs read.
    assert site.json("reports/register.json")["documents"][0]["status"] in ("effective", "approved")


def test_english_exports_keep_their_field_names(make_site: Callable[..., Built]) -> None:
    built = make_site({"procedures/pro-1.md": document("PRO-1", "Incident management")})
    head = built.bytes("reports/register.csv").decode("utf-8-sig").split("\r\n")[0]
    assert head.startswith("id,title,type,revision,status,owner")


def test_chinese_table_heads_stay_whole(site: Built) -> None:
    # The CSS keeps a head on one line (a narrow column otherwise stacks 负责人 a char a line).
    css = Path(site.site / "assets/clausebook/clausebook.css").read_text("utf-8")
    assert re.search(r"table\.cb-table th[^{]*\{[^}]*white-space: nowrap", css)
    assert table(site.page("reports/register"), "cb-register")
