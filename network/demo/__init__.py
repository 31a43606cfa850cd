"""Demo data of the intranet, one module per concern; ``diplomas.demo.load_demo_data`` calls
each module's one function."""
