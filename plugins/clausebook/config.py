"""The clausebook plugin's options in ``mkdocs.yml``, as a MkDocs config schema.

This schema only lets MkDocs check types and report unknown keys the way users expect; the
values are then validated once more by :class:`clausebook.settings.Settings`, the model the
CLI uses too. ``tests/test_config.py`` keeps the two option lists identical.
"""

from __future__ import annotations

import datetime

from mkdocs.config import base
from mkdocs.config import config_options as c


class ReviewConfig(base.Config):
    default_interval = c.Type(str, default="12 months")
    intervals = c.Type(dict, default={})
    due_soon_days = c.Type(int, default=30)
    log_level = c.Choice(("info", "warn", "error"), default="warn")


class ClausebookConfig(base.Config):
    enabled = c.Type(bool, default=True)

    # Where the controlled documents are, relative to mkdocs.yml
    sources = c.ListOfItems(c.Type(str), default=["manual", "procedures"])

    # Which documents this edition shows
    drafts = c.Choice(("exclude", "include"), default="exclude")
    audience = c.Choice(("public", "internal", "confidential"), default="internal")

    # Standards in scope (built-in ids or catalogue files); the first is the default
    standards = c.ListOfItems(c.Type(str), default=["iso20000-1:2018"])
    exclusions = c.Type(dict, default={})

    # Periodic review
    review = c.SubConfig(ReviewConfig)
    as_of = c.Optional(c.Type((str, datetime.date)))

    # Output
    language = c.Optional(c.Choice(("en", "zh")))
    reports_dir = c.Type(str, default="reports")
    id_prefixes = c.Type(dict, default={})
    areas = c.Type(dict, default={})  # area code in the id -> name, for the navigation
    pdf = c.Type(bool, default=False)

    # Build: render reports and exports in a second process while MkDocs converts pages
    parallel = c.Type(bool, default=True)
