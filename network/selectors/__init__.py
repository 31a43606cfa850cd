"""Reads of the network app, one module per concern; object-level 404s live here."""
