"""Search on PostgreSQL through its full-text search: stored, GIN-indexed documents, ts_rank, and
the matched terms marked by ts_headline.

A public claim's document (its summary, quote, framework and criterion names) and a source's
(title, author, publisher, body) are each in a narrow table of their own, kept by triggers
(migration articles/0011). Each is ranked by reading the ids and ranks alone, best first, with
the number of matches in the same query; the rows shown are read afterwards by id, so neither
the sort nor the count carries a claim's or an article's text.
"""

from typing import NamedTuple

from django.db import connection

from . import fts

CONFIG = "english"
QUERY = f"websearch_to_tsquery('{CONFIG}'::regconfig, %s)"
HEADLINE = f"'StartSel={fts.START}, StopSel={fts.STOP}, HighlightAll=true'"


class Document(NamedTuple):
    table: str
    key: str  # the id of the row it is the document of
    vector: str
    texts: str  # the table holding the texts a search may mark


CLAIMS = Document("articles_claim_search", "claim_id", "document", texts="articles_claim")
SOURCES = Document("articles_source_search", "source_id", "document", texts="articles_source")


def ranked(document, query, limit, *, marked=()):
    """Up to LIMIT rows whose DOCUMENT matches QUERY (websearch syntax), best first (ties by
    id), as (id, each of the MARKED text columns with the matched terms between fts.START and
    fts.STOP); and the number of all matches.

    One query: the ranks, the count and the kept rows' headlines. Its innermost part ranks
    (id, vector) pairs only; OFFSET 0 keeps it from being merged into the count's window, which
    then counts pairs instead of carrying each vector along; ts_headline runs on the kept rows.
    """
    table, key, vector, texts = document
    sql = (
        f"SELECT {key}, rank, count(*) OVER () AS total FROM ("
        f"SELECT {key}, ts_rank({vector}, {QUERY}) AS rank FROM {table} "
        f"WHERE {vector} @@ {QUERY} OFFSET 0) AS matches ORDER BY rank DESC, {key} LIMIT %s"
    )
    params = [query, query, limit]
    if marked:
        headlines = "".join(
            f", ts_headline('{CONFIG}'::regconfig, texts.{column}, {QUERY}, {HEADLINE})"
            for column in marked
        )
        sql = (
            f"SELECT kept.*{headlines} FROM ({sql}) AS kept JOIN {texts} AS texts "
            f"ON texts.id = kept.{key} ORDER BY kept.rank DESC, kept.{key}"
        )
        params = [*([query] * len(marked)), *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [(pk, *marks) for pk, _, _, *marks in rows], rows[0][2] if rows else 0


def marked(texts, query):
    """TEXTS with the terms QUERY matches between fts.START and fts.STOP, by ts_headline: one
    query for them all, each text short (an excerpt), so PostgreSQL's stemming decides."""
    if not texts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ts_headline('{CONFIG}'::regconfig, text, {QUERY}, {HEADLINE}) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS excerpts(text, position) "
            "ORDER BY position",
            [query, list(texts)],
        )
        return [text for (text,) in cursor.fetchall()]
