"""Demo data of the network app, one module per concern; load_demo_data() calls each."""
