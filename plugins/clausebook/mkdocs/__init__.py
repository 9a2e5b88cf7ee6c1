"""The MkDocs adapter: the plugin, its option schema, theme overrides and assets."""
