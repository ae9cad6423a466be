"""Lighthouse scores for the pages a reader lands on: home, the seed comparison, the reader.

    .venv/bin/python benchmarks/lighthouse.py              # mobile and desktop
    .venv/bin/python benchmarks/lighthouse.py --mobile-only

Runs the npm `lighthouse` (node_modules/.bin; installed there on first use) with the system Chromium
(CHROME_PATH, default /usr/bin/chromium, headless, --no-sandbox) against gunicorn on 127.0.0.1
serving the seed content from a throwaway SQLite database in benchmarks/.data/ (the site's own
database is never touched), DEBUG off and static files collected, as in production.
Prints the four category scores per page and form factor and writes benchmarks/lighthouse.json.
Not a test: scores move a point or two between runs on a busy machine.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
RESULTS = ROOT / "benchmarks" / "lighthouse.json"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
VERSION = "^12.0.0"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = {
    "home": "/",
    "comparison": "/compare/django-vs-flask/",
    "reader": "/sources/trio-django-vs-flask-2024/",
}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(env):
    """A seeded database and collected static files for the server to use."""
    DATA.mkdir(parents=True, exist_ok=True)
    database = DATA / "lighthouse.sqlite3"
    database.unlink(missing_ok=True)
    env["DATABASE_URL"] = f"sqlite:///{database}"
    for command in (
        ["migrate", "-v0"],
        ["load_articles", str(ROOT / "fixtures"), "-v0"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def serve(env, port):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "comparator.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                error = server.stderr.read().decode()[-2000:]
                raise SystemExit(f"gunicorn stopped:\n{error}") from None
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer")


def audit(url, form_factor, chrome_path):
    """The four category scores (0-100) and the failing audits' titles, for one URL."""
    with tempfile.TemporaryDirectory() as profile:
        command = [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags=--headless=new --no-sandbox --disable-gpu --user-data-dir={profile}",
        ]
        if form_factor == "desktop":
            command.append("--preset=desktop")
        result = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": chrome_path},
            capture_output=True,
            text=True,
            timeout=300,
        )
    if result.returncode:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = sorted(
        {
            report["audits"][ref["id"]]["title"]
            for name in CATEGORIES
            for ref in report["categories"][name]["auditRefs"]
            if ref["weight"]
            and report["audits"][ref["id"]]["score"] is not None
            and report["audits"][ref["id"]]["score"] < 0.9
        }
    )
    return scores, failing


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mobile-only", action="store_true")
    arguments = parser.parse_args()
    chrome_path = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not LIGHTHOUSE.exists():
        # Not in package.json: the test suite needs only axe-core, and npm ci refuses
        # lighthouse's lock entries (a dependency it resolves at install time).
        subprocess.run(
            ["npm", "install", "--no-save", "--no-audit", "--no-fund", f"lighthouse@{VERSION}"],
            cwd=ROOT, check=True,
        )  # fmt: skip
    if not shutil.which(chrome_path) and not Path(chrome_path).exists():
        raise SystemExit(f"No Chromium at {chrome_path}: set CHROME_PATH")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    prepare(env)
    port = free_port()
    server = serve(env, port)
    results = {"form_factors": {}}
    try:
        for form_factor in ["mobile"] if arguments.mobile_only else ["mobile", "desktop"]:
            print(f"\n{form_factor}")
            print(f"{'page':<12}" + "".join(f"{name:>16}" for name in CATEGORIES))
            pages = results["form_factors"][form_factor] = {}
            for name, path in PAGES.items():
                scores, failing = audit(f"http://127.0.0.1:{port}{path}", form_factor, chrome_path)
                pages[name] = {"path": path, "scores": scores, "below_90": failing}
                print(f"{name:<12}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES))
                for title in failing:
                    print(f"{'':<12}  below 90: {title}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    results["lighthouse"] = subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True
    ).stdout.strip()
    results["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
