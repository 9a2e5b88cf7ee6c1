"""The clausebook plugin's options in ``mkdocs.yml``, as MkDocs sees them.

The options have one schema, :class:`clausebook.core.settings.Settings`. This MkDocs schema is
derived from its fields only so that MkDocs reports an unknown option the way users expect
(a warning naming it); each value passes through as written and is validated once, by
:func:`clausebook.core.settings.configure`, exactly as the command line validates it.
``enabled: false`` is MkDocs' own: it then does not load the plugin at all.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import base

from clausebook.core.settings import Settings

#: The value of an option the user left out (``None`` is a value a user can write).
UNSET: Any = object()


class _AsWritten(base.BaseConfigOption[Any]):
    """Any value, kept as the user wrote it for :class:`Settings` to validate."""

    def __init__(self) -> None:
        super().__init__()
        self.default = UNSET

    def run_validation(self, value: object) -> object:
        return value


ClausebookConfig: type[base.Config] = type(
    "ClausebookConfig", (base.Config,), {name: _AsWritten() for name in Settings.model_fields}
)


def options_written(config: base.Config) -> dict[str, Any]:
    """The options the user wrote, for :func:`clausebook.core.settings.configure`."""
    return {name: value for name, value in config.items() if value is not UNSET}
