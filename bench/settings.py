"""Production settings with the benchmark's URL configuration (bench/urls.py) on top."""

from fairtrade_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
