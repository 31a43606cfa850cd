"""The performance harness: ``make bench`` (or ``python -m bench`` with a DATABASE_URL).

Speed and memory targets are measured here, side by side in one run, never by timed
assertions in the test suite. See bench/README.md.
"""
