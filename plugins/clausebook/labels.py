"""Every label clausebook writes into a page, in English and Chinese.

Chinese organisations are a large share of users: the language follows ``language`` in the
plugin options, else ``theme.language``. A test keeps the two tables' keys identical.
"""

from __future__ import annotations

EN: dict[str, str] = {
    "id": "ID",
    "title": "Title",
    "type": "Type",
    "revision": "Revision",
    "status": "Status",
    "owner": "Owner",
    "approver": "Approver",
    "approved": "Approved",
    "effective": "Effective",
    "reviewed": "Last review",
    "next_review": "Next review",
    "days": "Days",
    "clauses": "Clauses",
    "classification": "Classification",
    "history": "Revision history",
    "date": "Date",
    "author": "Author",
    "summary": "Summary",
    "document_control": "Document control",
    "referenced_by": "Referenced by",
    "register": "Document register",
    "register_intro": "The master list of controlled documents in this edition.",
    "downloads": "Download",
    "coverage": "Clause coverage",
    "coverage_of": "Coverage of {name}",
    "matrix": "Cross-reference matrix",
    "matrix_of": "Matrix: {name}",
    "clause_index": "Clause index",
    "clause_index_of": "Clause index: {name}",
    "clause": "Clause",
    "documents": "Documents",
    "section": "section",
    "state": "State",
    "state.covered": "covered",
    "state.at-risk": "at risk",
    "state.uncovered": "uncovered",
    "state.excluded": "excluded",
    "gaps": "Gaps",
    "no_gaps": "No gaps: every applicable clause is covered by an effective document.",
    "orphans": "Documents mapped to no clause",
    "no_orphans": "Every document addresses at least one clause.",
    "percent_covered": "{percent:.0f}% of {applicable} applicable clauses covered",
    "by_group": "By clause group",
    "excluded_because": "Excluded: {why}",
    "single_source": "title from a single public source; check it against the standard",
    "unverified": "title not confirmed by a public source",
    "cross_standard": "Integrated management system",
    "cross_standard_intro": (
        "Clauses the standards share (harmonized structure). A row where one standard is "
        "covered and a sibling is not shows where a document could serve both."
    ),
    "concept": "Requirement",
    "imbalance": "covered in one standard, not in another",
    "reviews": "Review schedule",
    "review_event": "Review {id} {title}",
    "reviews_intro": "Periodic reviews of effective documents, as of {as_of}.",
    "overdue": "Overdue",
    "due_30": "Due within 30 days",
    "due_60": "Due within 60 days",
    "due_90": "Due within 90 days",
    "due_later": "Later",
    "none": "None.",
    "owner_filter": "Owner",
    "all": "All",
    "calendar": "Subscribe to the review calendar",
    "filter_state": "Show",
    "filter_gaps": "Gaps only",
    "filter_group": "Clause group",
    "filter_type": "Document type",
    "banner.obsolete": "Obsolete: do not use.",
    "banner.obsolete_by": "Obsolete: do not use. Replaced by {target}.",
    "banner.draft": "DRAFT: not approved, not for use.",
    "banner.in-review": "IN REVIEW: not approved, not for use.",
    "banner.approved": "Approved, effective from {date}.",
    "banner.overdue": "Review overdue since {date} (owner {owner}).",
    "banner.due_soon": "Review due on {date} (owner {owner}).",
    "uncontrolled": (
        "Uncontrolled when printed: check the website for the current revision. Printed on"
    ),
    "archive": "Archive",
    "reports": "Reports",
    "changes": "What changed",
    "changes_in": "What changed in edition {edition}",
    "changes_since": "Compared with edition {edition}.",
    "changes_first": "This is the first edition.",
    "added": "Added",
    "revised": "Revised",
    "obsoleted": "Made obsolete",
    "removed": "Removed",
    "coverage_changed": "Clauses whose coverage changed",
    "redline": "redline",
    "redline_of": "Redline of {id}: {old} → {new}",
    "type.manual": "Manual",
    "type.policy": "Policies",
    "type.plan": "Plans",
    "type.procedure": "Procedures",
    "type.work-instruction": "Work instructions",
    "type.form": "Forms",
    "type.record": "Records",
    "type.external": "External documents",
    "status.draft": "draft",
    "status.in-review": "in review",
    "status.approved": "approved",
    "status.effective": "effective",
    "status.obsolete": "obsolete",
    "nav_status.draft": "Draft: not for use",
    "nav_status.in-review": "In review: not for use",
    "nav_status.approved": "Approved, not yet effective",
    "nav_status.effective": "Effective",
    "nav_status.obsolete": "Obsolete: do not use",
    "classification.public": "public",
    "classification.internal": "internal",
    "classification.confidential": "confidential",
}

ZH: dict[str, str] = {
    "id": "编号",
    "title": "标题",
    "type": "类型",
    "revision": "版本",
    "status": "状态",
    "owner": "负责人",
    "approver": "批准人",
    "approved": "批准日期",
    "effective": "生效日期",
    "reviewed": "上次评审",
    "next_review": "下次评审",
    "days": "天数",
    "clauses": "条款",
    "classification": "密级",
    "history": "修订历史",
    "date": "日期",
    "author": "作者",
    "summary": "摘要",
    "document_control": "文件控制信息",
    "referenced_by": "引用本文件的文件",
    "register": "受控文件清单",
    "register_intro": "本版本中受控文件的总清单。",
    "downloads": "下载",
    "coverage": "条款覆盖",
    "coverage_of": "{name} 条款覆盖",
    "matrix": "条款对照矩阵",
    "matrix_of": "对照矩阵：{name}",
    "clause_index": "条款索引",
    "clause_index_of": "条款索引：{name}",
    "clause": "条款",
    "documents": "文件",
    "section": "章节",
    "state": "状态",
    "state.covered": "已覆盖",
    "state.at-risk": "有风险",
    "state.uncovered": "未覆盖",
    "state.excluded": "不适用",
    "gaps": "差距",
    "no_gaps": "无差距：每个适用条款均有生效文件覆盖。",
    "orphans": "未对应任何条款的文件",
    "no_orphans": "每个文件至少对应一个条款。",
    "percent_covered": "{applicable} 个适用条款中已覆盖 {percent:.0f}%",
    "by_group": "按条款组",
    "excluded_because": "不适用：{why}",
    "single_source": "标题仅见于单一公开来源，请对照标准核实",
    "unverified": "标题未经公开来源确认",
    "cross_standard": "整合管理体系",
    "cross_standard_intro": (
        "各标准共有的条款（协调结构）。"
        "某一标准已覆盖而另一标准未覆盖的行，提示一份文件可同时服务两者。"
    ),
    "concept": "要求",
    "imbalance": "一个标准已覆盖，另一个未覆盖",
    "reviews": "评审计划",
    "review_event": "评审 {id} {title}",
    "reviews_intro": "生效文件的定期评审，截至 {as_of}。",
    "overdue": "已逾期",
    "due_30": "30 天内到期",
    "due_60": "60 天内到期",
    "due_90": "90 天内到期",
    "due_later": "以后",
    "none": "无。",
    "owner_filter": "负责人",
    "all": "全部",
    "calendar": "订阅评审日历",
    "filter_state": "显示",
    "filter_gaps": "仅显示差距",
    "filter_group": "条款组",
    "filter_type": "文件类型",
    "banner.obsolete": "已作废：请勿使用。",
    "banner.obsolete_by": "已作废：请勿使用。替代文件：{target}。",
    "banner.draft": "草稿：未经批准，不得使用。",
    "banner.in-review": "评审中：未经批准，不得使用。",
    "banner.approved": "已批准，自 {date} 起生效。",
    "banner.overdue": "评审已于 {date} 逾期（负责人：{owner}）。",
    "banner.due_soon": "评审到期日 {date}（负责人：{owner}）。",
    "uncontrolled": "打印件为非受控文件：请以网站上的现行版本为准。打印日期",
    "archive": "归档",
    "reports": "报告",
    "changes": "变更内容",
    "changes_in": "版本 {edition} 的变更内容",
    "changes_since": "与版本 {edition} 比较。",
    "changes_first": "这是第一个版本。",
    "added": "新增",
    "revised": "修订",
    "obsoleted": "作废",
    "removed": "删除",
    "coverage_changed": "覆盖状态发生变化的条款",
    "redline": "修订对照",
    "redline_of": "{id} 修订对照：{old} → {new}",
    "type.manual": "手册",
    "type.policy": "方针",
    "type.plan": "计划",
    "type.procedure": "程序",
    "type.work-instruction": "作业指导书",
    "type.form": "表单",
    "type.record": "记录",
    "type.external": "外来文件",
    "status.draft": "草稿",
    "status.in-review": "评审中",
    "status.approved": "已批准",
    "status.effective": "生效",
    "status.obsolete": "已作废",
    "nav_status.draft": "草稿：不得使用",
    "nav_status.in-review": "评审中：不得使用",
    "nav_status.approved": "已批准，尚未生效",
    "nav_status.effective": "生效",
    "nav_status.obsolete": "已作废：请勿使用",
    "classification.public": "公开",
    "classification.internal": "内部",
    "classification.confidential": "机密",
}

TABLES = {"en": EN, "zh": ZH}


def language_of(option: str | None, theme_language: str | None) -> str:
    """``language`` option first, then the theme's language (zh, zh-Hant, zh-TW...)."""
    for candidate in (option, theme_language):
        if candidate:
            return "zh" if candidate.lower().startswith("zh") else "en"
    return "en"


class Labels:
    """Look up a label in one language: ``labels("coverage_of", name="ISO 9001")``."""

    def __init__(self, language: str) -> None:
        self.language = language if language in TABLES else "en"
        self.table = TABLES[self.language]

    def __call__(self, key: str, **values: object) -> str:
        text = self.table.get(key) or EN[key]
        return text.format(**values) if values else text

    def texts(self) -> Texts:
        """Every label of the language as attributes (``L.revision``, ``L["status.draft"]``),
        for templates that run once per document, where a lookup is cheaper than a call."""
        return Texts({**EN, **{k: v for k, v in self.table.items() if v}})


class Texts:
    """Labels by name, as attributes or items (dotted names such as ``status.draft``)."""

    def __init__(self, table: dict[str, str]) -> None:
        self.__dict__.update(table)

    def __getitem__(self, key: str) -> str:
        return str(self.__dict__[key])
