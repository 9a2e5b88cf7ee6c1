"""The pure core: the domain of controlled documents. Imports nothing of MkDocs."""
