"""File formats for readers outside the site: CSV, JSON, ICS, XLSX and PDF."""
