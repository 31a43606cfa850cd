"""The network app's views, one module per concern (``network/urls.py`` names them)."""
