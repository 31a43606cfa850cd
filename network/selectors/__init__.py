"""The network app's reads (selectors), one module per concern."""
