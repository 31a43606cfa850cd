"""Demo data of the network app, one module per concern (called from diplomas/demo.py)."""
