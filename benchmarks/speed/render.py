"""In-process render times: a child process per data set, with that database as its own.

Every page is timed uncached (the page cache emptied before each request) and cached, beside
Django's admin login page rendered in the same process: the ratio to it is what the targets
are stated in, since it cancels most of the machine's speed out.
"""

import json
import time

from .common import PYTHON, manage, run

RENDER_WORKER = r"""
import gzip, json, os, statistics, sys, time
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
from django.db.models import Count
longest = Source.objects.annotate(claim_count=Count("claims")).order_by("-claim_count", "slug").first()
pages = {
    "admin login": "/admin/login/",
    "two-way comparison": f"/compare/{'-vs-'.join(slugs[:2])}/",
    "three-way comparison": f"/compare/{'-vs-'.join(slugs[:3])}/",
    "five-way comparison": f"/compare/{'-vs-'.join(slugs[:5])}/",
    "framework page": f"/frameworks/{slugs[0]}/",
    "criterion page": f"/criteria/{Criterion.objects.in_display_order().first().slug}/",
    "longest article's reader": f"/sources/{longest.slug}/",
    "home": "/",
    "frameworks list": "/frameworks/",
    "criteria list": "/criteria/",
    "source list": "/sources/",
    "sitemap index": "/sitemap.xml",
    "claims sitemap (first 50,000)": "/sitemap-claims.xml",
    "search": f"/search/?q=orm",
}
local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"}
client = Client(HTTP_HOST="localhost")
results = {}


def timed(url, **headers):
    started = time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, response


def figures(values):
    values.sort()
    return {
        "p50_ms": round(statistics.median(values) * 1000, 2),
        "p95_ms": round(values[min(len(values) - 1, int(len(values) * 0.95))] * 1000, 2),
        "samples": len(values),
    }


with override_settings(CACHES={**settings.CACHES, "bench": local}, KNOWLEDGE_BASE_CACHE="bench"):
    cache = caches["bench"]
    for name, url in pages.items():
        client.get(url)  # imports, template compilation, database connection
        uncached, cached = [], []
        for _ in range(samples):
            cache.clear()
            elapsed, response = timed(url)
            uncached.append(elapsed)
        size = len(response.content)
        packed = timed(url, accept_encoding="gzip")[1]
        gzipped = len(packed.content) if packed.get("Content-Encoding") == "gzip" else None
        for _ in range(samples * 4):
            cached.append(timed(url)[0])
        results[name] = {
            "url": url, "bytes": size, "gzip_bytes": gzipped,
            "uncached": figures(uncached), "cached": figures(cached),
        }
login = results["admin login"]["uncached"]["p50_ms"]
for name, page in results.items():
    page["ratio_to_admin_login"] = round(page["uncached"]["p50_ms"] / login, 1)
print(json.dumps(results))
"""


def render_times(url, samples):
    result = run(PYTHON, "-c", RENDER_WORKER, samples, env={"DATABASE_URL": url})
    return json.loads(result.stdout.strip().splitlines()[-1])


def import_speed(url, articles):
    """The 1,000 article files of the scale corpus into an empty database."""
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
