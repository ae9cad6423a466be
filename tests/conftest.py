import shutil
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import connection

from articles.cache import PendingBump
from articles.models import Claim, Source
from criteria.models import Criterion, Framework

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARTICLES = FIXTURES / "articles"


def curated_claim_files():
    return sorted(ARTICLES.glob("*.claims.toml"))


def curated_claims(path):
    return tomllib.loads(path.read_text(encoding="utf-8"))["claims"]


def knowledge_base_snapshot():
    """Every row of the four models, to show that a failed load changed nothing."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Framework, Criterion, Source, Claim)
    }


@pytest.fixture
def seeded(db):
    call_command("load_articles", str(FIXTURES), verbosity=0)


@pytest.fixture
def curator(db):
    """A staff member in the Curators group, with only the group's permissions."""
    from tests.curating import make_curator

    return make_curator()


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def vocabulary(db):
    """Frameworks and criteria only, from the project's own vocabulary files."""
    from criteria.loading import load_criteria, load_frameworks

    load_frameworks(FIXTURES / "frameworks.toml")
    load_criteria(FIXTURES / "criteria.toml")


@pytest.fixture
def article_folder(tmp_path):
    """A folder of articles to load, with the project's vocabulary files beside them."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("frameworks.toml", "criteria.toml"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def write_article(folder, slug, body, *, header=None, claims=None):
    """Write SLUG.md (with an optional header) and SLUG.claims.toml from plain values."""
    lines = []
    if header is not None:
        lines = ["---", *(f"{key}: {value}" for key, value in header.items()), "---", ""]
    path = folder / f"{slug}.md"
    path.write_text("\n".join(lines) + body, encoding="utf-8")
    if claims is not None:
        toml = []
        for claim in claims:
            toml.append("[[claims]]")
            toml.extend(f"{key} = {toml_value(value)}" for key, value in claim.items())
            toml.append("")
        (folder / f"{slug}.claims.toml").write_text("\n".join(toml), encoding="utf-8")
    return path


def toml_value(value):
    if isinstance(value, int):
        return str(value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def load(*paths, **options):
    """Run load_articles; return what it printed to stdout and stderr."""
    out, err = StringIO(), StringIO()
    call_command("load_articles", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def load_failing(*paths, **options):
    """Run a load that must fail; return the snapshot before it and all it printed."""
    before = knowledge_base_snapshot()
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("load_articles", *map(str, paths), stdout=StringIO(), stderr=err, **options)
    return before, f"{raised.value}\n{err.getvalue()}"


@pytest.fixture
def committed(db):
    """Run the version bump that loading the fixtures left pending: outside a test, their
    transactions would have committed (a test's own never does)."""

    def commit():
        for _, callback, _ in connection.run_on_commit:
            if isinstance(callback, PendingBump) and not callback.done:
                callback()

    return commit


def fresh_local_cache(settings, alias):
    """An empty local-memory cache under ALIAS, for one test (clear it when done)."""
    settings.CACHES = {
        **settings.CACHES,
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias},
    }
    caches[alias].clear()
    return caches[alias]


@pytest.fixture
def page_cache(settings, committed):
    """A fresh local-memory page cache, as in production by default."""
    committed()
    settings.KNOWLEDGE_BASE_CACHE = "pages-under-test"
    yield fresh_local_cache(settings, "pages-under-test")
    caches["pages-under-test"].clear()
