"""Problems found in a manual: one shape for every error, warning and notice.

Every problem a user can meet has a stable code (``CB104``), a severity and a one-line hint,
so that the CLI, the build log and ``docs/reference/problems.md`` speak the same language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

#: Characters a terminal acts on (C0, DEL, C1: line ends, escape sequences) and the Unicode
#: line separators: shown escaped in a problem line, so that no file name, title or value
#: can forge a line of its own or recolour the terminal.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` with each control character written as ``\\xNN`` or ``\\uNNNN``."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class Severity(StrEnum):
    """How bad a problem is: errors block a publish, warnings fail ``--strict``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Code:
    """A kind of problem, documented once in :data:`CODES`."""

    code: str
    severity: Severity
    summary: str
    hint: str


def _codes(*codes: Code) -> dict[str, Code]:
    return {c.code: c for c in codes}


E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Every problem clausebook reports. ``docs/reference/problems.md`` documents each one and a
#: test keeps the two in step.
CODES: dict[str, Code] = _codes(
    # 1xx: the file and its front matter as text
    Code(
        "CB101",
        E,
        "File is not valid UTF-8",
        "Save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8).",
    ),
    Code(
        "CB102",
        E,
        "No front matter",
        "Start the file with a '---' line, the metadata, and another '---' line.",
    ),
    Code(
        "CB103",
        E,
        "Front matter not closed",
        "Add a line with exactly '---' after the last metadata line.",
    ),
    Code(
        "CB104",
        E,
        "YAML syntax error",
        "Check indentation and quoting on the line shown; "
        "quote values that contain ': ' or start with a special character.",
    ),
    Code("CB105", E, "Front matter is not a mapping", "Write the metadata as 'key: value' lines."),
    Code(
        "CB106",
        E,
        "Duplicate key",
        "Keep one of the two lines: YAML would silently use the second.",
    ),
    Code("CB107", E, "Tab in front matter", "Indent YAML with spaces, never tabs."),
    Code("CB108", E, "Empty file", "Add front matter and content, or delete the file."),
    Code("CB109", E, "File too large", "Split the document or move attachments out of it."),
    Code(
        "CB110",
        E,
        "Link outside the repository",
        "Copy the file into the source folder instead of linking to it.",
    ),
    Code("CB111", E, "File cannot be read", "Check the file's permissions."),
    Code(
        "CB112",
        E,
        "YAML nested too deeply",
        "Flatten the lists and mappings; an alias (*name) cannot refer to the value holding it.",
    ),
    Code(
        "CB113",
        E,
        "YAML aliases expand too far",
        "Write the values out instead of repeating them through aliases (*name).",
    ),
    Code(
        "CB114",
        E,
        "Hidden line end in front matter",
        "Delete the invisible character (U+2028, U+2029 or U+0085) or replace it with a space.",
    ),
    Code(
        "CB140",
        W,
        "Text read as an HTML tag",
        "Write placeholders in square brackets ([insert email address]) or escape the angle "
        "brackets as &lt; and &gt;.",
    ),
    Code(
        "CB141",
        N,
        "Level-1 heading in the body",
        "The page's title is the document's id and title; start the body's sections at '##'.",
    ),
    Code(
        "CB142",
        W,
        "Grid table",
        "Rewrite the table as a pipe table: a header row, a '|---|---|' row, one row per line.",
    ),
    Code(
        "CB143",
        W,
        "List numbered with letters",
        "Markdown numbers lists 1., 2., 3.; write the items so (or as '-' bullets).",
    ),
    # 2xx: fields
    Code("CB201", E, "Required field missing", "Add the field to the front matter."),
    Code("CB202", E, "Unknown field", "Check the spelling; 'clausebook schema' lists every field."),
    Code("CB203", E, "Wrong type", "Write the value in the form shown."),
    Code("CB204", E, "Invalid date", "Write dates as YYYY-MM-DD, for example 2026-03-01."),
    Code("CB205", E, "Value not allowed", "Use one of the values listed."),
    Code(
        "CB206",
        E,
        "Invalid document id",
        "Use letters, digits, '.', '-' and '_' only, for example PRO-CHG-01.",
    ),
    Code("CB207", E, "Implausible date", "Check the year."),
    Code(
        "CB208",
        E,
        "Invalid review interval",
        "Write a number and a unit: '6 months', '2 years', '90 days', '8 weeks'.",
    ),
    Code("CB209", E, "Empty value", "Fill in the value or remove the field."),
    Code(
        "CB210",
        E,
        "Control character in a one-line field",
        "Write the value on one line, without tabs, line breaks or other control characters.",
    ),
    Code(
        "CB250",
        E,
        "Record field on a document that is not a record",
        "Remove the field, or make the document 'type: record'.",
    ),
    # 3xx: rules within one document
    Code("CB301", E, "Approver missing", "Approved and effective documents name their approver."),
    Code(
        "CB302",
        E,
        "Effective date missing",
        "Approved, effective and obsolete documents carry their effective date.",
    ),
    Code(
        "CB303",
        E,
        "Current revision not in history",
        "Add a history entry for the current revision, newest first.",
    ),
    Code("CB304", E, "History out of order", "List history entries newest first."),
    Code("CB305", E, "Duplicate revision in history", "Each revision appears once in the history."),
    Code(
        "CB306", E, "Dates out of order", "A document is approved, then effective, then reviewed."
    ),
    Code(
        "CB330",
        E,
        "Applicability outside a Statement of Applicability",
        "Only a document of type 'soa' declares applicability: change its type or move "
        "the entries into the Statement of Applicability.",
    ),
    Code(
        "CB331",
        E,
        "Not applicable without a justification",
        "Write why the requirement does not apply in 'justification'.",
    ),
    Code(
        "CB332",
        W,
        "Implementation status contradicts applicability",
        "A not-applicable control has status 'not-applicable'; an applicable one is "
        "implemented, partially or planned.",
    ),
    Code(
        "CB360",
        E,
        "Approved after it took effect",
        "A revision is approved before its effective date: correct 'approved' or 'effective'.",
    ),
    Code(
        "CB361",
        E,
        "Approved before it was written",
        "A revision is approved on or after the date of its history entry.",
    ),
    Code(
        "CB362",
        W,
        "Approval date missing",
        "Write the date the current revision was approved in 'approved'.",
    ),
    Code(
        "CB363",
        E,
        "Approval recorded twice, differently",
        "Keep one record of the current approval, or make the two agree.",
    ),
    Code(
        "CB364",
        N,
        "Review asked for a change",
        "Raise a new revision with the change the review asked for.",
    ),
    Code(
        "CB350",
        E,
        "Record with review fields",
        "Records are kept, not reviewed: remove 'reviewed', 'review_interval' and review "
        "entries of the history.",
    ),
    Code(
        "CB351",
        E,
        "Record without kind or date",
        "Give every record 'record_of' (what it is evidence of) and 'date' (when it was held).",
    ),
    Code(
        "CB352",
        E,
        "Record dated in the future",
        "Date a record on the day it was held; plan future audits outside the manual.",
    ),
    Code(
        "CB353",
        E,
        "Unknown record kind",
        "Use a built-in kind or declare the kind under operation.records in mkdocs.yml.",
    ),
    Code(
        "CB354",
        E,
        "Unknown management review input",
        "Use the ids of the catalogue's review inputs (the operation guide lists them).",
    ),
    Code("CB355", E, "Closed before it was opened", "A record is closed on or after its date."),
    # 4xx: rules across documents
    Code(
        "CB401",
        E,
        "Duplicate id",
        "Give one of the documents a new id ('clausebook new' picks the next free one).",
    ),
    Code("CB402", E, "Ids differ only in case", "Ids are compared without case: rename one."),
    Code(
        "CB403",
        E,
        "Standard not in scope",
        "Add the standard to 'standards' under the clausebook plugin in mkdocs.yml.",
    ),
    Code(
        "CB404",
        E,
        "Unknown clause",
        "Use a clause number from the catalogue ('clausebook matrix --format table' lists them).",
    ),
    Code(
        "CB405",
        E,
        "Section not found",
        "Point the mapping at an existing heading, or remove the '#section'.",
    ),
    Code("CB406", E, "Unknown cross-reference", "Check the id in [[...]]."),
    Code(
        "CB407",
        W,
        "Cross-reference to a document not in force",
        "Point the reference at the effective document that replaces it.",
    ),
    Code("CB408", W, "Clause mapped twice", "Remove the duplicate clause from the list."),
    Code(
        "CB409",
        W,
        "Unknown replacement",
        "Name in 'superseded_by' the id of the document that replaces this one.",
    ),
    Code(
        "CB440",
        W,
        "Broken relative link",
        "Link to a document with [[ID]], or add the file the link names to the repository.",
    ),
    Code(
        "CB441",
        N,
        "Link to a document's file",
        "Write [[ID]]: the link then survives a renamed file and shows the current title.",
    ),
    Code(
        "CB442",
        W,
        "ISO/IEC 27001:2013 control number",
        "Use the ISO/IEC 27001:2022 control shown (ISO/IEC 27002:2022 Annex B).",
    ),
    Code(
        "CB490",
        E,
        "Unknown unit",
        "Name in 'units' the code of a unit declared under 'units' of the clausebook plugin.",
    ),
    Code(
        "CB491",
        E,
        "Variant of an unknown document",
        "Name in 'variant_of' the id of the group document this local variant replaces.",
    ),
    Code(
        "CB492",
        E,
        "Two variants of one group document",
        "A unit keeps one local variant of a group document: make the other obsolete or merge.",
    ),
    Code(
        "CB493",
        W,
        "Local variant behind its group document",
        "Review the variant against the group document's new revision, then approve it again.",
    ),
    Code(
        "CB494",
        E,
        "Misplaced unit field",
        "'variant_of' belongs to documents in a unit's folder; 'units' to group documents.",
    ),
    Code(
        "CB430",
        E,
        "Exclusion the standard forbids",
        "Remove the exclusion: the standard's rule is quoted in the message. A process run "
        "by a supplier is declared with operated_by and controlled_by, not excluded.",
    ),
    Code(
        "CB431",
        W,
        "Not applicable where conformity is affected",
        "Check the justification: the standard's rule is quoted in the message.",
    ),
    Code(
        "CB432",
        E,
        "Invalid 'operated by another party'",
        "Name the party in operated_by and the controlling document's id in controlled_by, "
        "on a clause the standard lets another party operate.",
    ),
    Code(
        "CB433",
        E,
        "Two Statements of Applicability for one standard",
        "Keep one effective Statement of Applicability per standard; make the other obsolete.",
    ),
    Code(
        "CB434",
        W,
        "Required documented information missing",
        "Write the document (or record) and name what it provides in 'provides', or map it "
        "to the clause.",
    ),
    Code(
        "CB435",
        W,
        "Unknown required-information key",
        "Use a key of a required list ('clausebook required' lists them).",
    ),
    Code(
        "CB410",
        W,
        "Excluded clause addressed",
        "Remove the exclusion if the clause applies, or the clause from the document.",
    ),
    Code(
        "CB450",
        E,
        "Unknown controlling procedure",
        "Name in 'procedure' the id of the procedure that controls the record.",
    ),
    Code(
        "CB460",
        E,
        "Unknown reader role",
        "Use a role declared under 'roles' in mkdocs.yml, or declare it there.",
    ),
    # 5xx: configuration
    Code(
        "CB501", E, "Source folder not found", "Create the folder or fix 'sources' in mkdocs.yml."
    ),
    Code("CB502", E, "Invalid catalogue", "Fix the catalogue file at the place shown."),
    Code(
        "CB503",
        E,
        "Unknown standard",
        "Use a built-in id (iso20000-1:2018, iso9001:2015, "
        "iso27001:2022) or the path of a catalogue YAML file.",
    ),
    Code("CB504", E, "Invalid exclusion", "Exclude clauses that exist, each with a justification."),
    Code("CB505", E, "Invalid configuration", "Fix the clausebook options in mkdocs.yml."),
    Code(
        "CB590",
        E,
        "Invalid unit",
        "Give every unit a code of its own, a name and source folders of its own.",
    ),
    Code(
        "CB530",
        W,
        "Exclusions in mkdocs.yml",
        "Move them into a Statement of Applicability (a controlled document of type 'soa', "
        "field 'applicability'), so that changing one is a revision with an approver.",
    ),
    Code(
        "CB550",
        E,
        "Certification of a standard not in scope",
        "Certify a standard listed in 'standards', or add the standard there.",
    ),
    Code(
        "CB551",
        E,
        "Certificate expires before it is issued",
        "Copy 'issued' and 'expires' from the certificate, or leave 'expires' out "
        "(issue date + 3 years).",
    ),
    Code(
        "CB552",
        E,
        "Audit dated in the future",
        "List under 'audits' only audits held; planned ones go under 'surveillance'.",
    ),
    Code(
        "CB553",
        E,
        "Surveillance date outside the certificate's cycle",
        "Agreed surveillance dates fall between issue and expiry, in order.",
    ),
    Code(
        "CB554",
        E,
        "Renewal window closes before it opens",
        "'renewal.opens' is the longer time before expiry, such as 6 months; 'closes' the "
        "shorter, such as 3 months.",
    ),
    # 6xx: review schedule
    Code(
        "CB601",
        W,
        "Review overdue",
        "Review the document, then update 'reviewed' (and the revision, if anything changed).",
    ),
    Code("CB602", N, "Review due soon", "Plan the review with the owner."),
    Code(
        "CB610",
        E,
        "Generated page collides",
        "Rename or move the file, or change reports_dir.",
    ),
    # 62x: printed copies (PDF, Word, single-file HTML)
    Code(
        "CB620",
        W,
        "Copy not made",
        "Fix the cause shown and run the command again; the copies already written are kept.",
    ),
    Code(
        "CB621",
        W,
        "Nothing can be printed",
        "Install Debian's chromium (or set CLAUSEBOOK_CHROMIUM) and the pdf extra "
        "(playwright); for Word copies, the docx extra (python-docx).",
    ),
    # 7xx: editions
    Code(
        "CB701", E, "Changed without a new revision", "Raise the revision and add a history entry."
    ),
    Code("CB702", E, "Revision went backwards", "Revisions only ever increase."),
    Code("CB703", E, "New revision without history", "Add a history entry for the new revision."),
    Code(
        "CB704",
        E,
        "Edition already published",
        "Choose a new edition name, or pass --replace for a deliberate correction.",
    ),
    Code("CB705", E, "Publishing failed", "Fix the cause shown; nothing was deployed."),
    Code(
        "CB711",
        E,
        "Another publish is running",
        "Wait for the other publish to finish, then run this one again.",
    ),
    Code(
        "CB712",
        E,
        "Uncommitted changes",
        "Commit the changes (or stash them) before publishing, or pass --allow-dirty.",
    ),
    Code(
        "CB713",
        E,
        "Invalid edition, alias or branch name",
        "Name editions like 2026.1 or 2026-03, aliases like latest; publish to gh-pages.",
    ),
    Code(
        "CB710",
        W,
        "Published record unreadable",
        "Restore the file on the editions branch from its history (git log -p on the branch), "
        "or upgrade clausebook when a newer one wrote it.",
    ),
    # 8xx: the management system in operation (certification cycle, records)
    Code(
        "CB850",
        W,
        "Surveillance audit overdue",
        "Agree the audit date with the certification body and record it under 'audits'.",
    ),
    Code("CB851", N, "Surveillance audit due soon", "Prepare the audit with the process owners."),
    Code("CB852", N, "Renewal window open", "Apply to the certification body for recertification."),
    Code(
        "CB853",
        W,
        "Renewal window closing",
        "Apply for recertification now and write the date under 'applied'.",
    ),
    Code(
        "CB854",
        W,
        "Renewal window missed",
        "Contact the certification body at once: the certificate may lapse.",
    ),
    Code("CB855", N, "Certificate expiring", "Make sure the recertification audit is booked."),
    Code(
        "CB856",
        W,
        "Certificate expired",
        "Record the new certificate's dates, or remove the expired certification.",
    ),
    Code(
        "CB857",
        W,
        "No recent record",
        "Hold the audit or review and add its record, or change the rule in operation.records.",
    ),
    Code(
        "CB858",
        W,
        "Management review misses inputs",
        "Cover the missing inputs (list them in 'inputs') at this or the next review.",
    ),
    Code(
        "CB859",
        N,
        "Record past its retention period",
        "Dispose of the record as its procedure says, or extend 'retain'.",
    ),
    # 8xx: evidence of approvals (git)
    Code(
        "CB860",
        W,
        "Approval and commit disagree",
        "Check the recorded approval date against the commit that made the revision effective.",
    ),
    Code(
        "CB861",
        N,
        "Git evidence incomplete",
        "Build from a full clone with git installed (git fetch --unshallow) to see every commit.",
    ),
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth knowing) about a manual, located as precisely as we can."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    suggestion: str | None = None
    severity: Severity = Severity.ERROR

    @classmethod
    def of(
        cls,
        code: str,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        suggestion: str | None = None,
        severity: Severity | None = None,
    ) -> Problem:
        """Build a problem whose severity defaults to the one documented for its code."""
        return cls(
            code=code,
            message=message,
            file=file,
            line=line,
            field=field,
            suggestion=suggestion,
            severity=severity or CODES[code].severity,
        )

    @property
    def hint(self) -> str:
        return CODES[self.code].hint

    @property
    def location(self) -> str:
        """``file:line`` as editors and terminals make clickable."""
        if self.file is None:
            return "mkdocs.yml"
        return f"{self.file}:{self.line}" if self.line else self.file

    def render(self) -> str:
        """One line a person can act on: where, what, and what to do."""
        what = f"{self.field}: {self.message}" if self.field else self.message
        tip = f" (did you mean {self.suggestion}?)" if self.suggestion else ""
        where = f"{self.location}: " if self.file or self.field else ""
        return printable(f"{where}{self.severity} {self.code}: {what}{tip}")

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "suggestion": self.suggestion,
            "hint": self.hint,
        }


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """File, then line, then code: the order an editor walks through them."""
    return sorted(problems, key=lambda p: (p.file or "", p.line or 0, p.code, p.message))
