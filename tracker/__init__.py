"""The tracker: residents submit and follow complaints; staff work them (see ARCHITECTURE.md)."""
