"""``clausebook status`` as text: the dashboard's numbers on a terminal.

The numbers are those of :meth:`clausebook.core.dashboard.Status.as_dict`, the object the
dashboard page and ``status.json`` are drawn from; this module only lays them out in lines.
"""

from __future__ import annotations

from typing import Any

from clausebook.render.labels import Labels


def status_text(data: dict[str, Any], t: Labels) -> str:
    """The status, one fact a line, findings last (each with its kind)."""
    documents = f"{data['documents']} {t('documents').lower()}"
    lines = [f"{t('op.dashboard')}: {data['as_of']} ({documents})", ""]
    lines.append(f"{t('op.certification')}:")
    for cert in data["certification"]:
        lines.append(
            f"  {cert['name']}: {cert['certificate']} ({cert['body']}), "
            f"{t('op.cert.' + cert['state'])}, {t('op.expires').lower()} {cert['expires']}"
        )
        if cert["next_surveillance"]:
            lines.append(
                f"    {t('op.next_audit')}: {cert['next_surveillance']} "
                f"({t('op.surv.' + cert['surveillance_state'])})"
            )
        lines.append(
            f"    {t('op.renewal_window')}: {cert['renewal_opens']} - {cert['renewal_closes']} "
            f"({t('op.renewal.' + cert['renewal_state'])})"
        )
    if not data["certification"]:
        lines.append(f"  {t('op.none_yet')}")
    lines += ["", f"{t('op.coverage')}:"]
    required = {r["standard"]: r for r in data["required"] or []}
    for row in data["coverage"]:
        extra = ""
        if row["standard"] in required:
            r = required[row["standard"]]
            extra = f"; {t('op.required')}: {r['met']}/{r['applicable']}"
        lines.append(f"  {row['name']}: {row['percent']}%{extra}")
    reviews = data["reviews"]
    lines += [
        "",
        f"{t('op.reviews')}: "
        + t(
            "op.review_counts",
            overdue=reviews["overdue"],
            due_soon=reviews["due_soon"],
            ok=reviews["in_good_standing"],
        ),
        "",
        f"{t('op.records')}:",
    ]
    for item in data["records"]:
        last = f"{item['last_id']} {item['last']}" if item["last"] else t("op.none_yet")
        due = f", {t('op.next_due').lower()} {item['due']}" if item["due"] else ""
        lines.append(f"  {item['kind']}: {last}{due} ({t('op.rec.' + item['state'])})")
    lines += ["", f"{t('op.findings')}: {len(data['findings'])}"]
    for finding in data["findings"]:
        lines.append(f"  {finding['severity']} {finding['kind']}: {finding['message']}")
    for action in data["open_actions"]:
        lines.append(f"  {t('op.open_actions')}: {action['id']} ({action['date']})")
    return "\n".join(lines) + "\n"
