"""``clausebook schema``: the JSON Schema of the front matter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clikit import (
    run,
)
from sitekit import document

pytestmark = pytest.mark.slow


def test_schema_is_json_schema_of_the_front_matter(tmp_path: Path) -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    properties = schema["properties"]
    assert {"id", "revision", "title", "status", "clauses", "history"} <= set(properties)
    assert properties["revision"]["type"] == "string"  # "2.1" stays text
    assert {"id", "revision"} <= set(schema["required"]) <= set(properties)
    assert schema["additionalProperties"] is False  # unknown fields are errors (CB202)
    # Every $ref points at a definition inside the schema.
    refs = re.findall(r'"\$ref": "#/\$defs/([^"]+)"', result.stdout)
    assert refs and set(refs) <= set(schema["$defs"])
    # A document that passes check uses only fields the schema knows.
    front = document("PRO-1", "X", reviewed="2026-07-01", clauses=["8.5.1.1"])
    keys = {line.split(":")[0] for line in front.splitlines() if re.match(r"^\w+:", line)}
    assert keys <= set(properties)

    target = tmp_path / "schema.json"
    assert run("schema", "-o", target).exit_code == 0
    assert target.read_bytes() == result.stdout_bytes
