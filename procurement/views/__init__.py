"""The procurement app's views, one module per concern."""
