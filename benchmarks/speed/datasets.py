"""The data sets measured: the seed content and the scale corpus, on SQLite and PostgreSQL.

Generated data goes to benchmarks/.data/ (ignored by git) and the databases seed_bench and
scale_bench on PostgreSQL; the site's own database is never touched.
"""

import shutil

from .common import DATA, FIXTURES, manage, say


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
