"""The command-line adapter: commands, reading mkdocs.yml, publishing, scaffolding."""
