"""The speed benchmark: render times in-process, throughput under gunicorn, import speed.

    .venv/bin/python benchmarks/run.py            # everything (about 15 minutes)
    .venv/bin/python benchmarks/run.py --quick    # fewer samples, shorter load tests

Needs PostgreSQL at --postgres (default postgres://postgres@127.0.0.1:5432, trust auth) for the
PostgreSQL figures, and `wrk` (apt-get install -y wrk) for the load tests; either is skipped,
and said so, when missing. Generated data goes to benchmarks/.data/ (ignored by git) and the
databases seed_bench and scale_bench on PostgreSQL; the site's own database is never touched.
Results go to benchmarks/results.json and are printed as the README's tables.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


# Databases: the seed content and the scale corpus, on SQLite and PostgreSQL.


def postgres_available(server):
    try:
        import psycopg

        psycopg.connect(f"{server}/postgres", connect_timeout=3).close()
        return True
    except Exception:
        return False


def postgres_recreate(server, name):
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


def postgres_has_corpus(server, name):
    import psycopg

    try:
        with psycopg.connect(f"{server}/{name}", connect_timeout=3) as connection:
            return connection.execute("SELECT count(*) FROM articles_claim").fetchone()[0] > 0
    except Exception:
        return False


def seed_database(url, *, fresh):
    if fresh:
        manage("migrate", "--noinput", "-v0", database_url=url)
        manage("load_articles", str(FIXTURES), "-v0", database_url=url)
    manage("migrate", "--noinput", "-v0", database_url=url)
    return url


def datasets(options):
    """(label, database url) of every data set to measure, generating what is missing."""
    DATA.mkdir(parents=True, exist_ok=True)
    found = []
    seed_sqlite = DATA / "seed.sqlite3"
    fresh = options.regenerate or not seed_sqlite.exists()
    if fresh:
        seed_sqlite.unlink(missing_ok=True)
    found.append(("seed, SQLite", seed_database(f"sqlite:///{seed_sqlite}", fresh=fresh)))

    scale_sqlite = DATA / "scale.sqlite3"
    articles = DATA / "articles"
    if options.regenerate or not scale_sqlite.exists() or not articles.exists():
        scale_sqlite.unlink(missing_ok=True)
        shutil.rmtree(articles, ignore_errors=True)
        say("Generating the scale corpus (SQLite) and 1,000 article files ...")
        manage(
            "generate_scale_corpus",
            f"--database-url=sqlite:///{scale_sqlite}",
            f"--articles-dir={articles}",
            database_url=f"sqlite:///{DATA / 'unused.sqlite3'}",
        )
    manage("migrate", "--noinput", "-v0", database_url=f"sqlite:///{scale_sqlite}")
    found.append(("scale, SQLite", f"sqlite:///{scale_sqlite}"))

    if not postgres_available(options.postgres):
        say(f"PostgreSQL not reachable at {options.postgres}: its figures are skipped.")
        return found
    seed_pg = f"{options.postgres}/seed_bench"
    postgres_recreate(options.postgres, "seed_bench")
    found.insert(1, ("seed, PostgreSQL", seed_database(seed_pg, fresh=True)))
    scale_pg = f"{options.postgres}/scale_bench"
    if options.regenerate or not postgres_has_corpus(options.postgres, "scale_bench"):
        say("Generating the scale corpus (PostgreSQL) ...")
        postgres_recreate(options.postgres, "scale_bench")
        manage(
            "generate_scale_corpus",
            f"--database-url={scale_pg}",
            database_url=f"sqlite:///{DATA / 'unused.sqlite3'}",
        )
    manage("migrate", "--noinput", "-v0", database_url=scale_pg)
    found.append(("scale, PostgreSQL", scale_pg))
    return found


# In-process render times: a child process per data set, with that database as its own.

RENDER_WORKER = r"""
import json, os, statistics, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comparator.test_settings")
import django
django.setup()
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.test.utils import override_settings
from articles.selectors import frameworks_with_claim_counts
from articles.models import Source
from criteria.models import Criterion

samples = int(sys.argv[1])
frameworks = list(frameworks_with_claim_counts()[:5])
slugs = [framework.slug for framework in frameworks]
pages = {
    "two-way comparison": f"/compare/{'-vs-'.join(slugs[:2])}/",
    "five-way comparison": f"/compare/{'-vs-'.join(slugs[:5])}/",
    "framework page": f"/frameworks/{slugs[0]}/",
    "criterion page": f"/criteria/{Criterion.objects.in_display_order().first().slug}/",
    "source reader": f"/sources/{Source.objects.order_by('title', 'slug').first().slug}/",
    "search": f"/search/?q={frameworks[0].name.lower()}+performance",
}
local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"}
client = Client(HTTP_HOST="localhost")
results = {}
with override_settings(CACHES={**settings.CACHES, "bench": local}, KNOWLEDGE_BASE_CACHE="bench"):
    cache = caches["bench"]
    for name, url in pages.items():
        client.get(url)  # imports, template compilation, database connection
        timings = {"uncached": [], "cached": []}
        size = 0
        for _ in range(samples):
            cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            timings["uncached"].append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
        for _ in range(samples * 4):
            started = time.perf_counter()
            client.get(url)
            timings["cached"].append(time.perf_counter() - started)
        results[name] = {"url": url, "bytes": size}
        for kind, values in timings.items():
            values.sort()
            results[name][kind] = {
                "p50_ms": round(statistics.median(values) * 1000, 2),
                "p95_ms": round(values[min(len(values) - 1, int(len(values) * 0.95))] * 1000, 2),
                "samples": len(values),
            }
print(json.dumps(results))
"""


def render_times(url, samples):
    result = run(PYTHON, "-c", RENDER_WORKER, samples, env={"DATABASE_URL": url})
    return json.loads(result.stdout.strip().splitlines()[-1])


# Import throughput: the 1,000 article files into an empty database.


def import_speed(url, articles):
    manage("migrate", "--noinput", "-v0", database_url=url)
    count = len(list((articles / "articles").glob("*.md")))
    started = time.perf_counter()
    manage("load_articles", str(articles), "-v0", database_url=url)
    elapsed = time.perf_counter() - started
    return {
        "articles": count,
        "seconds": round(elapsed, 1),
        "per_second": round(count / elapsed, 1),
    }


# Throughput under gunicorn, measured with wrk from this machine.


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wrk(url, *, seconds, connections, script=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", str(script)]
    output = run(*command).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {
        "requests_per_second": round(rps),
        "p99_ms": round(p99_ms, 1),
        "requests": requests,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }


MIXED_SCRIPT = """
local paths = {%s}
local index = 0
request = function()
  index = index %% #paths + 1
  return wrk.format("GET", paths[index])
end
"""


def load_tests(url, options):
    if not shutil.which("wrk"):
        say("wrk is not installed (apt-get install -y wrk): the load tests are skipped.")
        return None
    import urllib.request

    env = {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "comparator.settings"}
    manage("collectstatic", "--noinput", "-v0", database_url=url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    workers = (os.cpu_count() or 1) * 2 + 1
    static_dir = ROOT / "staticfiles" / "benchmark"
    server = None
    try:
        # The static twin of the comparison page: same bytes, served by WhiteNoise.
        probe = run(
            PYTHON, "-c", RENDER_PAGE, env={**env, "BENCH_PATH": "/compare/django-vs-flask/"}
        )
        static_dir.mkdir(parents=True, exist_ok=True)
        (static_dir / "comparison.html").write_text(probe.stdout, encoding="utf-8")
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "comparator.wsgi:application", f"--bind=127.0.0.1:{port}",
             f"--workers={workers}", "--log-level=warning"],
            cwd=ROOT, env={**os.environ, **env}, start_new_session=True,
        )  # fmt: skip
        paths = {
            "comparison": "/compare/django-vs-flask/",
            "static twin": "/static/benchmark/comparison.html",
            "reader": "/sources/apptension-flask-vs-django/",
            "search": "/search/?q=admin+panel",
        }
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        for path in paths.values():  # every worker renders and caches before we measure
            for _ in range(workers * 3):
                urllib.request.urlopen(base + path, timeout=30).read()
        results = {"workers": workers, "connections": 64, "seconds": options.load_seconds}
        for name in ("comparison", "static twin"):
            results[name] = wrk(base + paths[name], seconds=options.load_seconds, connections=64)
        results["comparison"]["bytes"] = len(probe.stdout.encode())
        results["ratio to static"] = round(
            results["comparison"]["requests_per_second"]
            / results["static twin"]["requests_per_second"],
            2,
        )
        script = DATA / "mixed.lua"
        mixed = ("comparison", "reader", "search")
        script.write_text(MIXED_SCRIPT % ", ".join(f'"{paths[name]}"' for name in mixed))
        results["comparison, reader and search"] = wrk(
            base + "/", seconds=options.mixed_seconds, connections=64, script=script
        )
        return results
    finally:
        if server:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(static_dir, ignore_errors=True)


RENDER_PAGE = r"""
import os, sys
import django
django.setup()
from django.test import Client
response = Client(HTTP_HOST="localhost").get(os.environ["BENCH_PATH"])
sys.stdout.write(response.content.decode())
"""


# Output.


def say(text):
    print(text, file=sys.stderr, flush=True)


def table(results):
    lines = []
    renders = results["render"]
    labels = list(renders)
    lines.append("| page | " + " | ".join(labels) + " |\n|---|" + "---|" * len(labels))
    for page in next(iter(renders.values())):
        cells = []
        for label in labels:
            figures = renders[label][page]
            cells.append(
                f"{figures['uncached']['p50_ms']:g} / {figures['uncached']['p95_ms']:g} "
                f"({figures['cached']['p50_ms']:g})"
            )
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    sizes = " · ".join(
        f"{page} {figures['bytes'] // 1024} KB" for page, figures in renders[labels[-1]].items()
    )
    lines.append(f"\nPage sizes on the scale corpus: {sizes}.")
    for label, load in (results.get("load") or {}).items():
        if not load:
            continue
        lines.append(
            f"\n| {label}: gunicorn, {load['workers']} workers; wrk, 64 connections, "
            f"{load['seconds']} s | requests/s | p99 | non-2xx | socket errors |"
            "\n|---|---|---|---|---|"
        )
        for name in ("comparison", "static twin", "comparison, reader and search"):
            figures = load[name]
            lines.append(
                f"| {name} | {figures['requests_per_second']} | {figures['p99_ms']:g} ms | "
                f"{figures['non_2xx']} | {figures['socket_errors']} |"
            )
        lines.append(
            f"\nComparison ({load['comparison']['bytes'] // 1024} KB) / its static twin: "
            f"**{load['ratio to static']}**."
        )
    imports = results.get("import")
    if imports:
        lines.append(
            "\n| import of 1,000 article files (50 claims each on average) | seconds | articles/s |"
            "\n|---|---|---|"
        )
        for label, figures in imports.items():
            lines.append(f"| {label} | {figures['seconds']:g} | {figures['per_second']:g} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples, shorter load tests")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the generated data")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
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
            say(f"Load tests under gunicorn: {label} ...")
            results["load"][label] = load_tests(url, options)

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
