"""Generate the scale corpus into a separate, empty database (never the site's own)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from articles.models import Claim, Source
from articles.scale_corpus import FULL_SIZE, article_files_write, corpus_build, corpus_write
from criteria.models import Criterion, Framework

ALIAS = "scale_corpus"


def database_identity(config):
    """What makes two database settings the same database."""
    engine, name = config.get("ENGINE", ""), str(config.get("NAME", ""))
    if engine.endswith("sqlite3"):
        return engine, str(Path(name).resolve()) if name and ":memory:" not in name else name
    return engine, name, config.get("HOST") or "localhost", str(config.get("PORT") or "")


class Command(BaseCommand):
    help = (
        "Write a generated knowledge base (by default 40 frameworks, 120 criteria, 2,000 articles "
        "and 100,000 claims, the same for the same seed) into the empty database given by "
        "--database-url, migrating it first; optionally write article files for timing "
        "load_articles. Refuses the database the site itself is configured with."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-url",
            required=True,
            help="The target, e.g. postgres://postgres@127.0.0.1/scale_bench or sqlite:////tmp/x.db",
        )
        parser.add_argument("--seed", type=int, default=2025)
        for name, default in FULL_SIZE.items():
            parser.add_argument(f"--{name}", type=int, default=default)
        parser.add_argument(
            "--articles-dir", type=Path, help="Also write article files (and vocabulary) here."
        )
        parser.add_argument("--article-files", type=int, default=1000)

    def handle(self, *args, database_url, seed, articles_dir, article_files, **options):
        sizes = {name: options[name] for name in FULL_SIZE}
        target = dj_database_url.parse(database_url)
        if database_identity(target) == database_identity(settings.DATABASES[DEFAULT_DB_ALIAS]):
            raise CommandError(
                "Refusing to write the scale corpus into the site's own database: "
                "give --database-url a separate, empty database."
            )
        self.migrate(database_url)
        connections.settings[ALIAS] = connections.configure_settings(
            {DEFAULT_DB_ALIAS: dict(settings.DATABASES[DEFAULT_DB_ALIAS]), ALIAS: target}
        )[ALIAS]
        try:
            if any(
                model.objects.using(ALIAS).exists()
                for model in (Framework, Criterion, Source, Claim)
            ):
                raise CommandError(
                    "The target database already holds a knowledge base; give an empty one."
                )
            started = time.perf_counter()
            corpus = corpus_build(seed=seed, **sizes)
            built = time.perf_counter()
            corpus_write(corpus, using=ALIAS)
            written = time.perf_counter()
        finally:
            connections[ALIAS].close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {sizes['frameworks']} frameworks, {sizes['criteria']} criteria, "
                f"{sizes['sources']} sources and {sizes['claims']} claims (seed {seed}) in "
                f"{built - started:.1f} s, written in {written - built:.1f} s."
            )
        )
        started = time.perf_counter()
        self.run_in_target(database_url, "compute_findings", "-v0")
        try:
            with connections[ALIAS].cursor() as cursor:
                # Planner statistics for the tables just filled, findings included: without
                # them PostgreSQL plans the pages' queries as if the tables were empty. On
                # PostgreSQL, VACUUM too, as autovacuum would on a live database (this one may
                # run with it off): it clears the rows the findings replaced and sets the
                # visibility map, without which no query reads an index alone (a comparison's
                # facts: 15 ms from the table, 1.6 ms from claim_public_facts).
                vacuum = "VACUUM " if connections[ALIAS].vendor == "postgresql" else ""
                cursor.execute(f"{vacuum}ANALYZE")
        finally:
            connections[ALIAS].close()
        self.stdout.write(
            self.style.SUCCESS(f"Findings computed in {time.perf_counter() - started:.1f} s.")
        )
        if articles_dir:
            count = article_files_write(
                corpus, articles_dir, count=min(article_files, sizes["sources"])
            )
            self.stdout.write(self.style.SUCCESS(f"Wrote {count} article files to {articles_dir}."))

    def migrate(self, database_url):
        self.run_in_target(database_url, "migrate", "--noinput", "-v0")

    def run_in_target(self, database_url, *command):
        """Run a management command (migrate; compute_findings, as the loader would have) in a
        child process where the target is the only database configured, so that it cannot
        touch this process's own database."""
        manage = Path(settings.BASE_DIR) / "manage.py"
        env = {**os.environ, "DATABASE_URL": database_url}
        result = subprocess.run(
            [sys.executable, str(manage), *command],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise CommandError(
                f"{command[0]} failed on the target database:\n{result.stderr[-2000:]}"
            )
