"""The network app's selectors (what reads data, and answers 404 to outsiders), one module per
concern."""
