"""The starter library: data files loaded by migration 0005 (see SOURCES.md for the facts)."""
