"""clausebook: controlled management-system documents as a versioned MkDocs site.

The package is layered so that each folder says what may depend on what:

- :mod:`clausebook.core`: the pure core (documents, metadata, catalogues, coverage, review
  schedule, register, editions). It imports nothing of MkDocs, so another generator can use it.
- :mod:`clausebook.render`: generated pages as Markdown (Jinja2 templates) and the HTML blocks
  of document pages, built from the core's results.
- :mod:`clausebook.exports`: file formats for people outside the site (CSV, JSON, ICS, XLSX,
  PDF).
- :mod:`clausebook.mkdocs` and :mod:`clausebook.cli`: the two thin adapters, the MkDocs plugin
  and the command line. Both call the same core, so the site, the CLI and the exports never
  disagree.

Public entry points: :func:`clausebook.core.manual.load` (load and check a manual),
:class:`clausebook.core.settings.Settings` (every option),
:class:`clausebook.render.pages.Renderer` with :mod:`clausebook.render.reports` (every
generated page: the renderer and the report catalogue),
:class:`clausebook.mkdocs.plugin.ClausebookPlugin` and :func:`clausebook.cli.commands.main`.
"""

__version__ = "0.1.0"
