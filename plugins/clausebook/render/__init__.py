"""Generated pages as Markdown and the HTML blocks of document pages, from core results."""
