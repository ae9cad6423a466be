"""On PostgreSQL, the search documents of public claims and of sources, each in a narrow table.

A claim is found by its summary and quote and by its framework's and criterion's names. Ranking
built that document for every match of every search (the claim's stored vector joined to the two
names' and concatenated: 5,600 rows for "orm" on the scale corpus), reading the wide, often
rewritten claims table to do it. `articles_claim_search` holds the same concatenation, in the
same order (so the same matches and the same ranks), for public claims only (published, not
flagged for review: Claim.objects.public()); ranking "orm" on the scale corpus went from 24 ms
to 4, and no longer needs the names looked up first.

A source's document (migration 0004) is some 6 kB, kept out of line in TOAST: ranking 1,900
sources read 14,000 buffers. `articles_source_search` holds a copy of it inline (storage MAIN,
one per page; longer ones still go out of line), outside the sources' own table, which stays
small for the pages that scan it: 11 ms to 5.

Triggers keep both current, as the SQLite FTS5 tables' do (migration 0009), on every write path:
a claim's or source's insert, delete and update of what it is found by (and a claim's status or
review flag), a rename of a framework or criterion, a TRUNCATE (a test's flush). Their GIN
indexes keep a small pending list (256 kB), which a search scans whole; a bulk import still
writes in batches. The GIN indexes on the claims' and sources' own documents are dropped: nothing
reads them any more. Other databases are left alone.
"""

from django.db import migrations

from ._statements import run_on

PUBLIC = "{row}.status = 'published' AND NOT {row}.needs_review"
DOCUMENT = "{claim}.search_document || f.search_document || c.search_document"
NAMED_BY = (("criteria_framework", "framework_id"), ("criteria_criterion", "criterion_id"))

CREATE = [
    "DROP INDEX articles_claim_search_document",
    "DROP INDEX articles_source_search_document",
    "CREATE TABLE articles_claim_search (claim_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    # A claim's row, replaced whenever what it is found by or whether it is public changes.
    f"""
    CREATE FUNCTION articles_claim_search_claim() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.search_document = OLD.search_document
                AND NEW.framework_id = OLD.framework_id AND NEW.criterion_id = OLD.criterion_id
                AND NEW.status = OLD.status AND NEW.needs_review = OLD.needs_review THEN
            RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM articles_claim_search WHERE claim_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' AND {PUBLIC.format(row="NEW")} THEN
            INSERT INTO articles_claim_search (claim_id, document)
            SELECT NEW.id, {DOCUMENT.format(claim="NEW")}
            FROM criteria_framework f, criteria_criterion c
            WHERE f.id = NEW.framework_id AND c.id = NEW.criterion_id;
        END IF;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER articles_claim_search_claim AFTER INSERT OR DELETE OR UPDATE OF summary, "
    "quote, framework_id, criterion_id, status, needs_review ON articles_claim "
    "FOR EACH ROW EXECUTE FUNCTION articles_claim_search_claim()",
    # A renamed framework or criterion: its claims' documents again.
    *(
        f"""
        CREATE FUNCTION articles_claim_search_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE articles_claim_search SET document = {DOCUMENT.format(claim="a")}
            FROM articles_claim a, criteria_framework f, criteria_criterion c
            WHERE articles_claim_search.claim_id = a.id AND a.{key} = NEW.id
                AND f.id = a.framework_id AND c.id = a.criterion_id;
            RETURN NULL;
        END $$
        """
        for table, key in NAMED_BY
    ),
    *(
        f"CREATE TRIGGER articles_claim_search_name AFTER UPDATE OF name ON {table} "
        "FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) "
        f"EXECUTE FUNCTION articles_claim_search_{table}()"
        for table, _ in NAMED_BY
    ),
    """
    CREATE FUNCTION articles_claim_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE articles_claim_search;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER articles_claim_search_truncate AFTER TRUNCATE ON articles_claim "
    "FOR EACH STATEMENT EXECUTE FUNCTION articles_claim_search_truncate()",
    # Sources: a copy of each one's stored document.
    "CREATE TABLE articles_source_search (source_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "ALTER TABLE articles_source_search ALTER COLUMN document SET STORAGE MAIN",
    """
    CREATE FUNCTION articles_source_search_source() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.search_document = OLD.search_document THEN
            RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM articles_source_search WHERE source_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO articles_source_search (source_id, document)
            VALUES (NEW.id, NEW.search_document);
        END IF;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER articles_source_search_source AFTER INSERT OR DELETE OR UPDATE OF title, "
    "author, publisher, body ON articles_source "
    "FOR EACH ROW EXECUTE FUNCTION articles_source_search_source()",
    """
    CREATE FUNCTION articles_source_search_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE articles_source_search;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER articles_source_search_truncate AFTER TRUNCATE ON articles_source "
    "FOR EACH STATEMENT EXECUTE FUNCTION articles_source_search_truncate()",
    # What is already there, then the indexes over it, each in one build.
    "INSERT INTO articles_claim_search (claim_id, document) "
    f"SELECT a.id, {DOCUMENT.format(claim='a')} FROM articles_claim a "
    "JOIN criteria_framework f ON f.id = a.framework_id "
    f"JOIN criteria_criterion c ON c.id = a.criterion_id WHERE {PUBLIC.format(row='a')}",
    "INSERT INTO articles_source_search (source_id, document) "
    "SELECT id, search_document FROM articles_source",
    *(
        f"CREATE INDEX {table}_index ON {table} "
        "USING gin (document) WITH (gin_pending_list_limit = 256)"
        for table in ("articles_claim_search", "articles_source_search")
    ),
]

DROP = [
    "DROP TRIGGER articles_source_search_truncate ON articles_source",
    "DROP TRIGGER articles_source_search_source ON articles_source",
    "DROP FUNCTION articles_source_search_truncate()",
    "DROP FUNCTION articles_source_search_source()",
    "DROP TABLE articles_source_search",
    "CREATE INDEX articles_source_search_document ON articles_source USING gin (search_document)",
    "DROP TRIGGER articles_claim_search_truncate ON articles_claim",
    "DROP TRIGGER articles_claim_search_claim ON articles_claim",
    *(f"DROP TRIGGER articles_claim_search_name ON {table}" for table, _ in NAMED_BY),
    "DROP FUNCTION articles_claim_search_truncate()",
    "DROP FUNCTION articles_claim_search_claim()",
    *(f"DROP FUNCTION articles_claim_search_{table}()" for table, _ in NAMED_BY),
    "DROP TABLE articles_claim_search",
    "CREATE INDEX articles_claim_search_document ON articles_claim USING gin (search_document)",
]


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_claim_public_counts")]

    operations = [migrations.RunPython(run_on("postgresql", CREATE), run_on("postgresql", DROP))]
