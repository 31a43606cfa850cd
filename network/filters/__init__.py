"""The network app's filter sets (django-filter), one module per concern."""
