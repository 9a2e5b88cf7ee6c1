"""Every label clausebook writes into a page, in English and Chinese.

Chinese organisations are a large share of users: the language follows ``language`` in the
plugin options, else ``theme.language``. A test keeps the two tables' keys identical.
"""

from __future__ import annotations

from collections.abc import Iterable

from clausebook.core.coverage import REASON_TEXT, ClauseCoverage, Reason
from clausebook.core.settings import Settings
from clausebook.render import labels_operation

EN: dict[str, str] = {
    "id": "ID",
    "column.file": "File",
    "column.standard": "Standard",
    "column.assessable": "Assessable",
    "column.sections": "Sections",
    "column.justification": "Justification",
    "column.variant_of": "Variant of",
    "column.why": "Note",
    "answer.yes": "yes",
    "answer.no": "no",
    "lparen": " (",
    "rparen": ")",
    "comma": ", ",
    "colon": ": ",
    "title": "Title",
    "type": "Type",
    "revision": "Revision",
    "status": "Status",
    "owner": "Owner",
    "approver": "Approver",
    "approved": "Approved",
    "approval": "Approval",
    "approved_by_on": "Approved by {by} on {date}",
    "approved_on": "Approved on {date}",
    "readers": "Readers",
    "acknowledge": "Confirm you have read revision {revision}",
    "must_read": "Must read",
    "must_read_roles": "By role",
    "must_read_for": "Must read: {role}",
    "must_read_first": (
        "This is the first edition: every document in force that {role} must read."
    ),
    "must_read_since": (
        "Documents added or revised since edition {edition} that {role} must read, "
        "with what changed."
    ),
    "every_role": "each role",
    "role": "Role",
    "what_changed": "What changed",
    "new_document": "new",
    "sign_off": "Sign-off sheet, for a name and a date on each line",
    "committed": "Made effective by commit {hash} of {author} on {date}",
    "commit_missing.shallow": "Its commit is older than this shallow clone's history",
    "commit_missing.uncommitted": "Not committed yet",
    "review_entry": "Review",
    "outcome.no change": "No change",
    "outcome.change needed": "Change needed",
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
    "unit": "Unit",
    "units": "Units",
    "units_all": "all units",
    "units_variant_of": " · local variant of ",
    "units_replaced_in": "; in {unit} replaced by ",
    "units_report": "Units",
    "units_intro": "What is in force in each unit of the group: its own documents, the group "
    "documents that apply to it, and the local variants that replace group documents there.",
    "units_documents": "Documents in force",
    "units_local": "Local documents",
    "units_variants": "Local variants",
    "units_coverage": "Coverage of {name}",
    "units_differences": "Clauses whose state differs between units",
    "units_differences_none": "Every unit has the same state for every clause.",
    "units_only": "{state} in {units} only",
    "units_in": "{state} in {units}",
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
    "state.other-party": "operated by another party",
    **{f"reason.{kind}": text for kind, text in REASON_TEXT.items()},
    "via": "via {clause}",
    "refused": "Exclusions the standard does not allow, ignored",
    "edition_named": "Edition {edition}",
    "working_copy": "Working copy (not a published edition)",
    "as_of_date": "As of {date}",
    "register_summary": "{count} documents",
    "soa": "Statement of Applicability",
    "soa_of": "Statement of Applicability: {name}",
    "soa_intro": (
        "Every control of {name}: whether it applies and why, how far "
        "it is implemented, the documents addressing it (from their mappings) "
        "and its owner."
    ),
    "soa_document": "Approved in {id} {title}, revision {revision} (approver: {approver}).",
    "soa_none": (
        "No effective Statement of Applicability declares this standard yet: a control is "
        "shown as applicable unless the exclusions option of mkdocs.yml excludes it."
    ),
    "soa_summary": "{applicable} applicable, {excluded} excluded",
    "required": "Required documented information",
    "required_of": "Required documented information: {name}",
    "required_intro": (
        "The documented information {name} requires: documents to maintain "
        "and records to retain, with the documents meeting each (named "
        "in their provides field, or mapped to the clause)."
    ),
    "required_summary": "{percent:.0f}% of {total} items met",
    "required_sources": "Sources",
    "applicable": "Applicable",
    "justification": "Justification",
    "implementation": "Implementation",
    "operated_by": "Operated by",
    "controlled_by": "Controlled through",
    "why": "Why",
    "kind": "Kind",
    "sources": "Sources",
    "yes_no.yes": "yes",
    "yes_no.no": "no",
    "implementation.implemented": "implemented",
    "implementation.partially": "partially",
    "implementation.planned": "planned",
    "implementation.not-applicable": "not applicable",
    "kind.maintain": "document (maintain)",
    "kind.retain": "record (retain)",
    "kinds.maintain": "Documents to maintain",
    "kinds.retain": "Records to retain",
    "item.met": "met",
    "item.at-risk": "at risk",
    "item.missing": "missing",
    "item.not-applicable": "not applicable",
    "other_party": "operated by {party}, controlled through {id}",
    "part.clauses": "Clauses {first}–{last}",
    "part.controls": "Controls {first}–{last} (applicable only)",
    "percent_part": "{name}: {percent:.0f}% of {applicable} covered",
    "gaps": "Gaps",
    "no_gaps": "No gaps: every applicable clause is covered by an effective document.",
    "orphans": "Documents mapped to no clause",
    "no_orphans": "Every document addresses at least one clause.",
    "percent_covered": "{percent:.0f}% of {applicable} applicable clauses covered",
    "by_group": "By clause group",
    "excluded_because": "Excluded: {why}",
    "excluded_clauses": "Excluded clauses",
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
    "review_event_overdue": "OVERDUE: review {id} {title}",
    "reviews_intro": "Periodic reviews of effective documents, as of {as_of}.",
    "reviews_recorded": (
        "Last reviews recorded in the revision history: {count} ({no_change} with no change, "
        "{change_needed} with a change needed)."
    ),
    "overdue": "Overdue",
    "due_30": "Due within 30 days",
    "due_60": "Due within 60 days",
    "due_90": "Due within 90 days",
    "due_later": "Later",
    "none": "None.",
    "owner_filter": "Owner",
    "filter_review": "Review",
    "shown_of": "{shown} of {total} documents",
    "days_overdue": "{days} days overdue",
    "one_day_overdue": "1 day overdue",
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
    "banner.overdue": (
        "Review overdue since {date} (owner {owner}). The document stays in force until it "
        "is reviewed."
    ),
    "banner.due_soon": "Review due on {date} (owner {owner}).",
    "print.uncontrolled": "Uncontrolled when printed: check the website for the current revision.",
    "print.printed_on": "Printed on {date}",
    "print.edition": "Edition {edition}",
    "print.working_copy": "Working copy, not a published edition",
    "print.as_of": "as of {date}",
    "print.page": "Page {page} of {pages}",
    "print.contents": "Contents",
    "print.manual": "Management system manual",
    "print.documents": "{count} documents in force",
    "print.start_page": "Page",
    "archive": "Archive",
    "drafts_unpublished": "{count} drafts not published (drafts: exclude); {serve} shows them",
    "reports": "Reports",
    "guides": "Guides",
    "by_id": "Documents by id",
    "by_id_unknown": "An id that is not in this list is not a document of this edition.",
    "changes": "What changed",
    "changes_in": "What changed in edition {edition}",
    "changes_since": "Compared with edition {edition}.",
    "changes_first": "This is the first edition.",
    "changes_histories": "The revisions recorded in the documents' histories:",
    "added": "Added",
    "revised": "Revised",
    "obsoleted": "Made obsolete",
    "removed": "Removed",
    "coverage_changed": "Clauses whose coverage changed",
    "redline": "redline",
    "redline_count": "{count} changes.",
    "redline_none": "The text did not change.",
    "redline_first": "Go to the first change.",
    "redline_change": "Change {number} of {total}",
    "redline_previous": "previous",
    "redline_next": "next",
    "redline_folded": "{count} unchanged paragraphs",
    "redline_fields": "Document control",
    "redline_field": "Field",
    "redline_before": "Before",
    "redline_after": "After",
    "redline_of": "Redline of {id}: {old} → {new}",
    "kind.manual": "Manual",
    "kind.policy": "Policy",
    "kind.plan": "Plan",
    "kind.soa": "Statement of Applicability",
    "kind.procedure": "Procedure",
    "kind.work-instruction": "Work instruction",
    "kind.form": "Form",
    "kind.record": "Record",
    "kind.external": "External document",
    "english_title": "no Chinese title in the sources: the English title is shown",
    "type.manual": "Manual",
    "type.policy": "Policies",
    "type.plan": "Plans",
    "type.soa": "Statements of Applicability",
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
    "classification.restricted": "restricted",
}

ZH: dict[str, str] = {
    "id": "编号",
    "column.file": "文件路径",
    "column.standard": "标准",
    "column.assessable": "可评估",
    "column.sections": "章节",
    "column.justification": "不适用理由",
    "column.variant_of": "替代的集团文件",
    "column.why": "说明",
    "answer.yes": "是",
    "answer.no": "否",
    "lparen": "（",
    "rparen": "）",
    "comma": "，",
    "colon": "：",
    "title": "标题",
    "type": "类型",
    "revision": "版本",
    "status": "状态",
    "owner": "负责人",
    "approver": "批准人",
    "approved": "批准日期",
    "approval": "批准",
    "approved_by_on": "由 {by} 于 {date} 批准",
    "approved_on": "于 {date} 批准",
    "readers": "必读角色",
    "acknowledge": "确认已阅读第 {revision} 版",
    "must_read": "必读文件",
    "must_read_roles": "按角色",
    "must_read_for": "必读文件：{role}",
    "must_read_first": "这是第一个版本：{role}必须阅读的所有现行文件。",
    "must_read_since": "自版本 {edition} 以来新增或修订、{role}必须阅读的文件及其变更内容。",
    "every_role": "各角色",
    "role": "角色",
    "what_changed": "变更内容",
    "new_document": "新增",
    "sign_off": "签收表：每行填写姓名和日期",
    "committed": "由 {author} 于 {date} 的提交 {hash} 生效",
    "commit_missing.shallow": "其提交早于此浅克隆的历史",
    "commit_missing.uncommitted": "尚未提交",
    "review_entry": "评审",
    "outcome.no change": "无需修改",
    "outcome.change needed": "需要修改",
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
    "unit": "单位",
    "units": "适用单位",
    "units_all": "全部单位",
    "units_variant_of": "·本地版本，替代 ",
    "units_replaced_in": "；{unit} 以本地版本替代：",
    "units_report": "各单位",
    "units_intro": "集团各单位现行有效的文件：本单位文件、适用于本单位的集团文件，"
    "以及替代集团文件的本地版本。",
    "units_documents": "现行文件",
    "units_local": "本单位文件",
    "units_variants": "本地版本",
    "units_coverage": "{name} 覆盖率",
    "units_differences": "各单位状态不同的条款",
    "units_differences_none": "各单位所有条款的状态相同。",
    "units_only": "仅 {units}：{state}",
    "units_in": "{units}：{state}",
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
    "state.other-party": "由其他方运行",
    "reason.draft": "草稿编写中（{id}）",
    "reason.in-review": "评审中（{id}）",
    "reason.approved": "已批准，{date} 生效（{id}）",
    "reason.overdue": "自 {date} 起评审逾期（{id}）",
    "reason.control": "控制文件未生效（{id}）",
    "reason.control-absent": "本版本中没有控制文件",
    "via": "经由 {clause}",
    "refused": "标准不允许的删减（已忽略）",
    "edition_named": "版本 {edition}",
    "working_copy": "工作副本（未发布的版本）",
    "as_of_date": "截至 {date}",
    "register_summary": "{count} 份文件",
    "soa": "适用性声明",
    "soa_of": "适用性声明：{name}",
    "soa_intro": (
        "{name} 的每项控制：是否适用及理由、实施程度、涉及的文件（来自其条款映射）及负责人。"
    ),
    "soa_document": "已在 {id} {title}（版本 {revision}）中批准（批准人：{approver}）。",
    "soa_none": (
        "尚无生效的适用性声明涉及本标准：除非 mkdocs.yml 的 exclusions 选项将其删减，"
        "所有控制均显示为适用。"
    ),
    "soa_summary": "{applicable} 项适用，{excluded} 项删减",
    "required": "要求的成文信息",
    "required_of": "要求的成文信息：{name}",
    "required_intro": (
        "{name} 要求的成文信息：需保持的文件和需保留的记录，"
        "以及满足各项的文件（在 provides 字段中注明，或映射到该条款）。"
    ),
    "required_summary": "{total} 项中已满足 {percent:.0f}%",
    "required_sources": "来源",
    "applicable": "适用",
    "justification": "理由",
    "implementation": "实施状态",
    "operated_by": "运行方",
    "controlled_by": "控制文件",
    "why": "原因",
    "kind": "类别",
    "sources": "来源",
    "yes_no.yes": "是",
    "yes_no.no": "否",
    "implementation.implemented": "已实施",
    "implementation.partially": "部分实施",
    "implementation.planned": "计划中",
    "implementation.not-applicable": "不适用",
    "kind.maintain": "文件（保持）",
    "kind.retain": "记录（保留）",
    "kinds.maintain": "需保持的文件",
    "kinds.retain": "需保留的记录",
    "item.met": "已满足",
    "item.at-risk": "有风险",
    "item.missing": "缺失",
    "item.not-applicable": "不适用",
    "other_party": "由 {party} 运行，通过 {id} 控制",
    "part.clauses": "条款 {first}–{last}",
    "part.controls": "控制 {first}–{last}（仅适用的）",
    "percent_part": "{name}：{applicable} 项中已覆盖 {percent:.0f}%",
    "gaps": "差距",
    "no_gaps": "无差距：每个适用条款均有生效文件覆盖。",
    "orphans": "未对应任何条款的文件",
    "no_orphans": "每个文件至少对应一个条款。",
    "percent_covered": "{applicable} 个适用条款中已覆盖 {percent:.0f}%",
    "by_group": "按条款组",
    "excluded_because": "不适用：{why}",
    "excluded_clauses": "不适用条款",
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
    "review_event_overdue": "已逾期：评审 {id} {title}",
    "reviews_intro": "生效文件的定期评审，截至 {as_of}。",
    "reviews_recorded": (
        "修订历史中记录的最近一次评审：{count} 次"
        "（无需修改 {no_change} 次，需要修改 {change_needed} 次）。"
    ),
    "overdue": "已逾期",
    "due_30": "30 天内到期",
    "due_60": "60 天内到期",
    "due_90": "90 天内到期",
    "due_later": "以后",
    "none": "无。",
    "owner_filter": "负责人",
    "filter_review": "评审",
    "shown_of": "显示 {shown} 份，共 {total} 份文件",
    "days_overdue": "已逾期 {days} 天",
    "one_day_overdue": "已逾期 1 天",
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
    "banner.overdue": "评审已于 {date} 逾期（负责人：{owner}）。评审完成前，本文件继续有效。",
    "banner.due_soon": "评审到期日 {date}（负责人：{owner}）。",
    "print.uncontrolled": "打印件为非受控文件：请以网站上的现行版本为准。",
    "print.printed_on": "打印日期 {date}",
    "print.edition": "版本 {edition}",
    "print.working_copy": "工作副本，非发布版本",
    "print.as_of": "截至 {date}",
    "print.page": "第 {page} 页，共 {pages} 页",
    "print.contents": "目录",
    "print.manual": "管理体系手册",
    "print.documents": "现行文件 {count} 份",
    "print.start_page": "页码",
    "archive": "归档",
    "drafts_unpublished": "{count} 份草稿未发布（drafts: exclude）；{serve} 可显示草稿",
    "reports": "报告",
    "guides": "指南",
    "by_id": "按编号查找文件",
    "by_id_unknown": "不在此列表中的编号不是本版本的文件。",
    "changes": "本版更新",
    "changes_in": "版本 {edition} 更新内容",
    "changes_since": "与版本 {edition} 比较。",
    "changes_first": "这是第一个版本。",
    "changes_histories": "各文件修订历史中记录的修订如下：",
    "added": "新增",
    "revised": "修订",
    "obsoleted": "作废",
    "removed": "删除",
    "coverage_changed": "覆盖状态发生变化的条款",
    "redline": "修订对照",
    "redline_count": "共 {count} 处修改。",
    "redline_none": "正文没有修改。",
    "redline_first": "转到第一处修改。",
    "redline_change": "第 {number} 处修改，共 {total} 处",
    "redline_previous": "上一处",
    "redline_next": "下一处",
    "redline_folded": "{count} 段未修改",
    "redline_fields": "文件控制信息",
    "redline_field": "字段",
    "redline_before": "修改前",
    "redline_after": "修改后",
    "redline_of": "{id} 修订对照：{old} → {new}",
    "kind.manual": "手册",
    "kind.policy": "方针",
    "kind.plan": "计划",
    "kind.soa": "适用性声明",
    "kind.procedure": "程序",
    "kind.work-instruction": "作业指导书",
    "kind.form": "表单",
    "kind.record": "记录",
    "kind.external": "外来文件",
    "english_title": "无中文标题来源，显示英文标题",
    "type.manual": "手册",
    "type.policy": "方针",
    "type.plan": "计划",
    "type.soa": "适用性声明",
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
    "classification.restricted": "受限",
}

# The dashboard's, the problems page's and the audit calendar's labels live beside them.
EN.update(labels_operation.EN)
ZH.update(labels_operation.ZH)

TABLES = {"en": EN, "zh": ZH}


class Labels:
    """Look up a label in one language: ``labels("coverage_of", name="ISO 9001")``.

    ``own`` holds a manual's own words (its document types and classification levels), which
    take precedence over clausebook's (see :meth:`of`).
    """

    def __init__(self, language: str, own: dict[str, str] | None = None) -> None:
        self.language = language if language in TABLES else "en"
        self.table = {**TABLES[self.language], **(own or {})}

    @classmethod
    def of(cls, settings: Settings) -> Labels:
        """The labels of a manual: its language, with the titles of its own document types
        (a renamed built-in type too) and the names of its classification levels."""
        language = settings.language or "en"
        own = {}
        for doc_type in settings.doc_types.values():
            title = doc_type.titles.get(language) or doc_type.titles.get("en")
            if title:
                own[f"type.{doc_type.id}"] = title
        for level in settings.classifications:
            if f"classification.{level}" not in EN:
                own[f"classification.{level}"] = level
        return cls(language, own)

    def __call__(self, key: str, **values: object) -> str:
        text = self.table.get(key) or EN.get(key) or _own_word(key)
        return text.format(**values) if values else text

    def cell(self, key: str) -> str:
        """A column's head in the workbooks: its label, or the key itself."""
        return self.table.get(key) or EN.get(key) or key

    def reasons(self, reasons: Iterable[Reason]) -> str:
        """Why a clause or required item is at risk, in this language."""
        return "; ".join(self(f"reason.{r.kind}", id=r.document, date=r.date) for r in reasons)

    def why(self, row: ClauseCoverage) -> str:
        """Everything a coverage row says beside its state: "via 7.5.3", the other party
        operating it, and why it is at risk."""
        parts = [self("via", clause=row.via)] if row.via else []
        if row.other_party is not None:
            party = row.other_party
            parts.append(self("other_party", party=party.operated_by, id=party.controlled_by))
        if row.reasons:
            parts.append(self.reasons(row.reasons))
        return "; ".join(parts)

    def texts(self) -> Texts:
        """Every label of the language as attributes (``L.revision``, ``L["status.draft"]``),
        for templates that run once per document, where a lookup is cheaper than a call."""
        return Texts({**EN, **{k: v for k, v in self.table.items() if v}})


class Texts:
    """Labels by name, as attributes or items (dotted names such as ``status.draft``)."""

    def __init__(self, table: dict[str, str]) -> None:
        self.__dict__.update(table)

    def __getitem__(self, key: str) -> str:
        found = self.__dict__.get(key)
        return str(found) if found is not None else _own_word(key)


def _own_word(key: str) -> str:
    """A manual's own type or level without a label of its own (labels made without the
    manual's settings): its id, as the author wrote it. Any other key is a defect."""
    kind, _, word = key.partition(".")
    if kind in ("type", "classification") and word:
        return word
    raise KeyError(key)
