"""The procurement app's services, one module per concern."""
