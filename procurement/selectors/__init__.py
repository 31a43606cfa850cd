"""The procurement app's selectors, one module per concern."""
