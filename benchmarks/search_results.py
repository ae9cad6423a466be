"""What /search/ answers for a set of varied queries, as JSON, to show a change kept it identical.

    .venv/bin/python benchmarks/search_results.py DATABASE_URL > before.json

Run from a checkout's root: that checkout's code searches. For each query it writes the claims'
and sources' ids in order, their counts and flags, and a SHA-256 of the whole page's HTML (every
highlight and excerpt included); two runs diff clean when a change altered neither the order,
the counts nor the page.
"""

import hashlib
import json
import os
import sys

QUERIES = [
    "orm",
    "ORM",
    "django",
    "performance",
    "templating",
    "template",
    "the",
    "the orm",
    "a",
    "admin panel",
    "flask performance",
    '"learning curve"',
    "learning curve",
    "flask or django",
    "orm -django",
    "-django",
    "migrations",
    "async support",
    "security",
    "fast",
    "xyzzy",
    "documentation quality",
    "c++",
    "orm's",
    '"',
    "rails migrations",
    "fastapi async",
    'laravel "admin panel"',
    "django orm -flask",
    "routing or templating",
    "flask orm security",
]


def names():
    """A framework's and a criterion's name from the data, so that name matching is exercised."""
    from criteria.models import Criterion, Framework

    return [
        *Framework.objects.order_by("pk").values_list("name", flat=True)[:2],
        *Criterion.objects.order_by("pk").values_list("name", flat=True)[:2],
    ]


def answers():
    from django.test import Client

    from articles.search import search_claims, search_sources

    client = Client(HTTP_HOST="localhost")
    found = {}
    for query in [*QUERIES, *names()]:
        claims, sources = search_claims(query), search_sources(query)
        page = client.get("/search/", {"q": query})
        found[query] = {
            "claims": [claim.pk for claim in claims.rows],
            "claim_counts": [claims.total, claims.capped, claims.total_capped],
            "sources": [source.pk for source in sources.rows],
            "source_counts": [sources.total, sources.capped, sources.total_capped],
            "page": hashlib.sha256(page.content).hexdigest()[:16],
        }
    return found


if __name__ == "__main__":
    os.environ["DATABASE_URL"] = sys.argv[1]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comparator.test_settings")
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    print(json.dumps(answers(), indent=1))
