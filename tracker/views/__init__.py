"""The tracker's pages, one module per feature."""
