"""Paths and process helpers every part of the speed benchmark uses."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "benchmarks" / ".data"
RESULTS = ROOT / "benchmarks" / "results.json"
PYTHON = sys.executable
FIXTURES = ROOT / "fixtures"


def run(*command, env=None, check=True, **kwargs):
    result = subprocess.run(
        [str(part) for part in command],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        **kwargs,
    )
    if check and result.returncode:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{result.stderr[-3000:]}")
    return result


def manage(*arguments, database_url, check=True):
    return run(PYTHON, "manage.py", *arguments, env={"DATABASE_URL": database_url}, check=check)


def say(text):
    print(text, file=sys.stderr, flush=True)
