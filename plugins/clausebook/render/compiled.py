"""Compiled templates kept from one run to the next, as Python keeps ``.pyc`` files.

Compiling clausebook's templates costs more in every build and every ``clausebook pages``
than loading the compiled code (see docs/performance.md). Jinja2's own file-system bytecode
cache keeps it in a private folder of the user's (Jinja refuses a folder another user owns
or can write to) and checks each entry against the
template's source, so an edited template is compiled afresh. What the source checksum does
not cover (Jinja's version, the environment's options) is part of the file names.
"""

from __future__ import annotations

import contextlib
import hashlib
from typing import Any

import jinja2
from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket


class _Cache(FileSystemBytecodeCache):
    def dump_bytecode(self, bucket: Bucket) -> None:
        # A cache that cannot be written (a read-only or full disk) is no cache, not an error.
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache(options: dict[str, Any], directory: str | None = None) -> _Cache | None:
    """A cache for templates compiled with ``options`` (the environment's settings), in
    ``directory`` or Jinja's private per-user temporary folder; None where there is none."""
    # Jinja's own attribute, not importlib.metadata, which scans every installed
    # distribution (tens of milliseconds in a large environment, in every build).
    jinja = getattr(jinja2, "__version__", "")
    fingerprint = hashlib.blake2b(
        repr((jinja, sorted(options.items()))).encode(), digest_size=6
    ).hexdigest()
    try:
        return _Cache(directory, pattern=f"clausebook-{fingerprint}-%s.cache")
    except (OSError, RuntimeError):  # no temporary folder, or one that is not private
        return None
