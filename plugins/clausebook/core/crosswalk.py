"""The clauses the three standards share, for an integrated management system.

ISO 9001, ISO/IEC 27001 and ISO/IEC 20000-1 follow the harmonized structure: clauses 4.1-4.4,
5.1-5.3, 6.1-6.2, 7.1-7.5, 8.1 and 9.1-9.3 are the same concept under the same number. Clause
10 is not: the same two concepts carry different numbers in each standard (see
ISO/IEC TR 20000-7:2019 for the full correlation), so they are listed by concept here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    title: str
    title_zh: str
    clauses: dict[str, str]  # standard id -> clause number


_SAME_NUMBER = [
    ("4.1", "Understanding the organization and its context", "理解组织及其环境"),
    ("4.2", "Needs and expectations of interested parties", "理解相关方的需求和期望"),
    ("4.3", "Scope of the management system", "确定管理体系的范围"),
    ("4.4", "The management system", "管理体系"),
    ("5.1", "Leadership and commitment", "领导作用和承诺"),
    ("5.2", "Policy", "方针"),
    ("5.3", "Roles, responsibilities and authorities", "岗位、职责和权限"),
    ("6.1", "Actions to address risks and opportunities", "应对风险和机遇的措施"),
    ("6.2", "Objectives and planning to achieve them", "目标及其实现的策划"),
    ("7.1", "Resources", "资源"),
    ("7.2", "Competence", "能力"),
    ("7.3", "Awareness", "意识"),
    ("7.4", "Communication", "沟通"),
    ("7.5", "Documented information", "成文信息"),
    ("8.1", "Operational planning and control", "运行的策划和控制"),
    ("9.1", "Monitoring, measurement, analysis and evaluation", "监视、测量、分析和评价"),
    ("9.2", "Internal audit", "内部审核"),
    ("9.3", "Management review", "管理评审"),
]
_STANDARDS = ("iso20000-1:2018", "iso9001:2015", "iso27001:2022")

CONCEPTS: list[Concept] = [
    Concept(title, zh, dict.fromkeys(_STANDARDS, number)) for number, title, zh in _SAME_NUMBER
] + [
    Concept(
        "Nonconformity and corrective action",
        "不合格和纠正措施",
        {"iso20000-1:2018": "10.1", "iso9001:2015": "10.2", "iso27001:2022": "10.2"},
    ),
    Concept(
        "Continual improvement",
        "持续改进",
        {"iso20000-1:2018": "10.2", "iso9001:2015": "10.3", "iso27001:2022": "10.1"},
    ),
]
