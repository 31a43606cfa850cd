"""The network app's reads, one module per concern."""
