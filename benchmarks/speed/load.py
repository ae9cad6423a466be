"""Throughput under gunicorn, straight and behind nginx, measured with wrk from this machine.

Each page is set against a static file of the same bytes served by the same front: WhiteNoise
inside gunicorn, nginx from disk behind nginx. The ratio is what the targets are stated in.
gunicorn runs with Redis as the page cache when Redis answers (REDIS_URL, default
redis://127.0.0.1:6379/14, flushed first), as a deployment with more than one host would.
"""

import os
import re
import runpy
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

from .common import DATA, PYTHON, ROOT, manage, run, say

NGINX_SITE = ROOT / "deploy" / "nginx.conf"
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
SLICES = 5  # alternations of a page and its static twin in one load test
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PATHS = {
    "comparison": "/compare/django-vs-flask/",
    "static twin": "/static/benchmark/comparison.html",
    "reader": "/sources/apptension-flask-vs-django/",
    "search": "/search/?q=admin+panel",
}
MIXED_SCRIPT = """
local paths = {%s}
local index = 0
request = function()
  index = index %% #paths + 1
  return wrk.format("GET", paths[index])
end
"""
RENDER_PAGE = r"""
import os, sys
import django
django.setup()
from django.test import Client
response = Client(HTTP_HOST="localhost").get(os.environ["BENCH_PATH"])
sys.stdout.write(response.content.decode())
"""


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


def redis_available():
    try:
        import redis

        client = redis.Redis.from_url(BENCH_REDIS, socket_connect_timeout=2)
        client.flushdb()
        return True
    except Exception:
        return False


def wait_for(url):
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} never answered")


def nginx_config(*, listen, upstream, cache_dir, logs):
    """deploy/nginx.conf as a whole nginx.conf, pointed at this run's ports and folders."""
    site = NGINX_SITE.read_text(encoding="utf-8")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    site = site.replace("/var/cache/nginx/comparator", str(cache_dir))
    site = site.replace("/srv/comparator/staticfiles/", f"{ROOT / 'staticfiles'}/")
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\nworker_processes 2;\npid {logs / 'nginx.pid'};\n"
        f"error_log {logs / 'nginx-error.log'} warn;\nevents {{ worker_connections 1024; }}\n"
        "http {\n  include /etc/nginx/mime.types;\n  access_log off;\n  sendfile on;\n"
        f"  client_body_temp_path {logs / 'nginx-body'};\n  proxy_temp_path {logs / 'nginx-proxy'};\n"
        f"{site}\n}}\n"
    )


def start_nginx(*, upstream):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        say("nginx is not installed (apt-get install -y nginx): its figures are skipped.")
        return None, None
    folder = DATA / "nginx"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "cache").mkdir(parents=True)
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(
        nginx_config(listen=port, upstream=upstream, cache_dir=folder / "cache", logs=folder)
    )
    process = subprocess.Popen(
        [nginx, "-c", str(config), "-p", str(folder)], start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    return process, f"http://127.0.0.1:{port}"


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def combined(slices):
    """One wrk figure from runs of equal length: requests/s averaged, the worst p99."""
    return {
        "requests_per_second": round(sum(s["requests_per_second"] for s in slices) / len(slices)),
        "p99_ms": max(s["p99_ms"] for s in slices),
        **{key: sum(s[key] for s in slices) for key in ("requests", "non_2xx", "socket_errors")},
    }


def against_static(base, *, seconds):
    """The page and its static twin in alternating slices, so that whatever else the machine
    does at the time weighs on both alike."""
    runs = {"comparison": [], "static twin": []}
    for _ in range(SLICES):
        for name, slices in runs.items():
            slices.append(
                wrk(base + PATHS[name], seconds=max(1, seconds // SLICES), connections=64)
            )
    results = {name: combined(slices) for name, slices in runs.items()}
    results["ratio to static"] = round(
        results["comparison"]["requests_per_second"]
        / results["static twin"]["requests_per_second"],
        2,
    )
    return results


def load_tests(url, options):
    if not shutil.which("wrk"):
        say("wrk is not installed (apt-get install -y wrk): the load tests are skipped.")
        return None
    env = {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "comparator.settings"}
    cache = "locmem (Redis not reachable)"
    if redis_available():
        env["CACHE_URL"], cache = BENCH_REDIS, "Redis"
    manage("collectstatic", "--noinput", "-v0", database_url=url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    workers = runpy.run_path(str(GUNICORN_CONFIG))["workers"]
    static_dir = ROOT / "staticfiles" / "benchmark"
    server = nginx = None
    try:
        # The static twin of the comparison page: the same bytes as a file.
        probe = run(PYTHON, "-c", RENDER_PAGE, env={**env, "BENCH_PATH": PATHS["comparison"]})
        static_dir.mkdir(parents=True, exist_ok=True)
        (static_dir / "comparison.html").write_text(probe.stdout, encoding="utf-8")
        # The deployment's own settings (README, "Deploying on PostgreSQL"), on a free port.
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", f"--config={GUNICORN_CONFIG}", f"--bind=127.0.0.1:{port}",
             "--log-level=warning", "comparator.wsgi:application"],
            cwd=ROOT, env={**os.environ, **env}, start_new_session=True,
        )  # fmt: skip
        wait_for(base + "/")
        for path in PATHS.values():  # every worker renders and caches before we measure
            for _ in range(workers * 3):
                urllib.request.urlopen(base + path, timeout=30).read()
        results = {
            "workers": workers,
            "connections": 64,
            "seconds": options.load_seconds,
            "page cache": cache,
            "bytes": len(probe.stdout.encode()),
            "gunicorn": against_static(base, seconds=options.load_seconds),
        }
        script = DATA / "mixed.lua"
        mixed = ("comparison", "reader", "search")
        script.write_text(MIXED_SCRIPT % ", ".join(f'"{PATHS[name]}"' for name in mixed))
        results["gunicorn"]["comparison, reader and search"] = wrk(
            base + "/", seconds=options.mixed_seconds, connections=64, script=script
        )
        nginx, front = start_nginx(upstream=port)
        if nginx:
            wait_for(front + "/")
            with urllib.request.urlopen(front + PATHS["comparison"], timeout=10) as first:
                first.read()
            with urllib.request.urlopen(front + PATHS["comparison"], timeout=10) as again:
                status = again.headers.get("X-Cache-Status")
            results["nginx"] = against_static(front, seconds=options.load_seconds)
            results["nginx"]["cache status of a repeated page"] = status
        return results
    finally:
        stop(nginx)
        stop(server)
        shutil.rmtree(static_dir, ignore_errors=True)
