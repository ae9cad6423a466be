"""The speed benchmark: render times in-process, throughput under gunicorn and nginx, imports.

    .venv/bin/python benchmarks/run.py            # everything (about 15 minutes)
    .venv/bin/python benchmarks/run.py --quick    # fewer samples, shorter load tests

Needs PostgreSQL at --postgres (default postgres://postgres@127.0.0.1:5432, trust auth) for the
PostgreSQL figures, `wrk` and `nginx` (apt-get install -y wrk nginx) for the load tests, and
Redis (127.0.0.1:6379) for the page cache under load; each is skipped, and said so, when
missing. Results go to benchmarks/results.json and are printed as the README's tables.
"""

import argparse
import json
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.speed.common import DATA, RESULTS, ROOT, say  # noqa: E402
from benchmarks.speed.datasets import datasets, postgres_recreate  # noqa: E402
from benchmarks.speed.load import load_tests  # noqa: E402
from benchmarks.speed.render import import_speed, render_times  # noqa: E402
from benchmarks.speed.report import table  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples, shorter load tests")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the generated data")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--no-import", action="store_true", help="skip the import timing")
    options = parser.parse_args()
    options.load_seconds = 10 if options.quick else 30
    options.mixed_seconds = 10 if options.quick else 30

    results = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "render": {},
    }
    found = datasets(options)
    for label, url in found:
        samples = (
            (5 if options.quick else 15) if label.startswith("seed") else 3 if options.quick else 7
        )
        say(f"Render times: {label} ...")
        results["render"][label] = render_times(url, samples)

    results["load"] = {}
    for label, url in found:
        if label.startswith("seed"):
            say(f"Load tests: {label} ...")
            results["load"][label] = load_tests(url, options)

    if not options.no_import:
        say("Import of 1,000 article files ...")
        results["import"] = {}
        target = DATA / "import.sqlite3"
        target.unlink(missing_ok=True)
        results["import"]["SQLite"] = import_speed(f"sqlite:///{target}", DATA / "articles")
        if "scale, PostgreSQL" in dict(found):
            postgres_recreate(options.postgres, "import_bench")
            results["import"]["PostgreSQL"] = import_speed(
                f"{options.postgres}/import_bench", DATA / "articles"
            )

    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    say(f"Written to {RESULTS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
