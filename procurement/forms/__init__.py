"""The procurement app's forms, one module per concern."""
