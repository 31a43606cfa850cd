"""Demo data of the network app's parts, each loaded by one line in diplomas.demo."""
