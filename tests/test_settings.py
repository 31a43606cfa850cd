"""Settings come from the environment; a bad value stops start-up naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_django(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("EMAIL_PORT", "twenty-five"),
        ("REDIS_URL", "http://localhost:6379"),
        ("DATABASE_URL", "mysql2://nowhere/db"),
        ("SECRET_KEY", "short"),
        ("EMAIL_BACKEND", "carrier-pigeon"),
        ("SITE_URL", "ftp://example.org"),
    ],
)
def test_a_bad_value_stops_start_up_with_a_message_naming_the_variable(tmp_path, variable, value):
    result = run_django({variable: value, "VAR_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert variable in result.stderr


def test_production_values_pass_the_deployment_check(tmp_path):
    result = run_django(
        {
            "DEBUG": "false",
            "HTTPS": "true",
            "SECRET_KEY": "x7#kq" * 12,
            "ALLOWED_HOSTS": "fairtradecity.example",
            "DATABASE_URL": "postgres://portal@db.example/portal",
            "VAR_DIR": str(tmp_path),
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
