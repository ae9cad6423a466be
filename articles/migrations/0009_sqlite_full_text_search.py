"""On SQLite, FTS5 full-text indexes for /search/, kept current by triggers.

PostgreSQL has its stored search vectors (migration 0004); SQLite gets the same whole-word,
stemmed, ranked search from FTS5 instead of substring scans. Both tables are maintained by the
database itself on every insert, update and delete (bulk writes and QuerySet.update included),
so no write path has to remember them. Other databases are left alone.

- `articles_claim_fts` holds a claim's summary and quote and the names of its framework and
  criterion (a claim matches on those too), rowid = the claim's id. It keeps its own copy of the
  text, so renaming a framework or criterion re-indexes their claims.
- `articles_source_fts` indexes a source's title, author, publisher and body as an external
  content table: the text stays in articles_source only.

The tokenizer (porter over unicode61, diacritics folded) matches whole words and their English
forms ("templates" for "templating"), never a word inside another ("orm" in "perform").
"""

from django.db import migrations

from ._statements import run_on

TOKENIZE = "porter unicode61 remove_diacritics 2"

CLAIM_ROW = (
    "SELECT {row}.id, {row}.summary, {row}.quote, f.name, c.name "
    "FROM criteria_framework f, criteria_criterion c "
    "WHERE f.id = {row}.framework_id AND c.id = {row}.criterion_id"
)
CLAIM_INSERT = (
    "INSERT INTO articles_claim_fts(rowid, summary, quote, framework, criterion) " + CLAIM_ROW
)
SOURCE_COLUMNS = "title, author, publisher, body"

CREATE = [
    f"CREATE VIRTUAL TABLE articles_claim_fts USING fts5("
    f"summary, quote, framework, criterion, tokenize = '{TOKENIZE}')",
    f"CREATE VIRTUAL TABLE articles_source_fts USING fts5({SOURCE_COLUMNS}, "
    f"content = 'articles_source', content_rowid = 'id', tokenize = '{TOKENIZE}')",
    # Claims
    "CREATE TRIGGER articles_claim_fts_insert AFTER INSERT ON articles_claim BEGIN "
    + CLAIM_INSERT.format(row="new")
    + "; END",
    "CREATE TRIGGER articles_claim_fts_delete AFTER DELETE ON articles_claim BEGIN "
    "DELETE FROM articles_claim_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER articles_claim_fts_update AFTER UPDATE OF summary, quote, framework_id, "
    "criterion_id ON articles_claim BEGIN "
    "DELETE FROM articles_claim_fts WHERE rowid = old.id; "
    + CLAIM_INSERT.format(row="new")
    + "; END",
    # Names a claim is found by
    "CREATE TRIGGER articles_claim_fts_framework AFTER UPDATE OF name ON criteria_framework "
    "BEGIN UPDATE articles_claim_fts SET framework = new.name "
    "WHERE rowid IN (SELECT id FROM articles_claim WHERE framework_id = new.id); END",
    "CREATE TRIGGER articles_claim_fts_criterion AFTER UPDATE OF name ON criteria_criterion "
    "BEGIN UPDATE articles_claim_fts SET criterion = new.name "
    "WHERE rowid IN (SELECT id FROM articles_claim WHERE criterion_id = new.id); END",
    # Sources: an external content table is told the old values to remove.
    "CREATE TRIGGER articles_source_fts_insert AFTER INSERT ON articles_source BEGIN "
    f"INSERT INTO articles_source_fts(rowid, {SOURCE_COLUMNS}) "
    "VALUES (new.id, new.title, new.author, new.publisher, new.body); END",
    "CREATE TRIGGER articles_source_fts_delete AFTER DELETE ON articles_source BEGIN "
    f"INSERT INTO articles_source_fts(articles_source_fts, rowid, {SOURCE_COLUMNS}) "
    "VALUES ('delete', old.id, old.title, old.author, old.publisher, old.body); END",
    "CREATE TRIGGER articles_source_fts_update AFTER UPDATE OF title, author, publisher, body "
    "ON articles_source BEGIN "
    f"INSERT INTO articles_source_fts(articles_source_fts, rowid, {SOURCE_COLUMNS}) "
    "VALUES ('delete', old.id, old.title, old.author, old.publisher, old.body); "
    f"INSERT INTO articles_source_fts(rowid, {SOURCE_COLUMNS}) "
    "VALUES (new.id, new.title, new.author, new.publisher, new.body); END",
    # What is already there
    "INSERT INTO articles_claim_fts(rowid, summary, quote, framework, criterion) "
    "SELECT a.id, a.summary, a.quote, f.name, c.name FROM articles_claim a "
    "JOIN criteria_framework f ON f.id = a.framework_id "
    "JOIN criteria_criterion c ON c.id = a.criterion_id",
    "INSERT INTO articles_source_fts(articles_source_fts) VALUES ('rebuild')",
]
DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {name}"
        for name in (
            "articles_claim_fts_insert",
            "articles_claim_fts_delete",
            "articles_claim_fts_update",
            "articles_claim_fts_framework",
            "articles_claim_fts_criterion",
            "articles_source_fts_insert",
            "articles_source_fts_delete",
            "articles_source_fts_update",
        )
    ),
    "DROP TABLE IF EXISTS articles_claim_fts",
    "DROP TABLE IF EXISTS articles_source_fts",
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_findings"),
        ("criteria", "0005_slug_validators"),
    ]

    operations = [migrations.RunPython(run_on("sqlite", CREATE), run_on("sqlite", DROP))]
