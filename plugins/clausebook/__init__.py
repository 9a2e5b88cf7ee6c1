"""clausebook: controlled management-system documents as a versioned MkDocs site.

The package is a pure core (documents, catalogues, coverage, review schedule, register,
editions) that imports nothing of MkDocs, plus two thin adapters over it: the MkDocs plugin
(:mod:`clausebook.plugin`) and the command line (:mod:`clausebook.cli`). Both call the same
core, so the site, the CLI and the exports never disagree.
"""

__version__ = "0.1.0"
