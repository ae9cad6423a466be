"""Search on PostgreSQL through its full-text search: stored, GIN-indexed documents, ts_rank, and
the matched terms marked by ts_headline.

A claim's document (its summary, quote, framework and criterion names) is the narrow table
`articles_claim_search` of public claims (migration articles/0011); a source's is the generated
column `search_document` of its own row (migration articles/0004). Each is ranked by reading the
ids and ranks alone, best first, with the number of matches in the same query; the rows shown are
read afterwards by id, so neither the sort nor the count carries a claim's or an article's text.
"""

from django.db import connection

from . import fts

CONFIG = "english"
CLAIMS = ("articles_claim_search", "claim_id", "document")
SOURCES = ("articles_source", "id", "search_document")


def ranked(document, query, limit):
    """The ids of up to LIMIT rows whose DOCUMENT (table, id column, vector column) matches QUERY
    (websearch syntax), best first (ties by id), and the number of all matches."""
    table, key, vector = document
    search = f"websearch_to_tsquery('{CONFIG}'::regconfig, %s)"
    with connection.cursor() as cursor:
        # OFFSET 0 keeps the ranks computed below the window: it then counts (id, rank) pairs
        # instead of carrying each vector along.
        cursor.execute(
            f"SELECT {key}, count(*) OVER () FROM ("
            f"SELECT {key}, ts_rank({vector}, {search}) AS rank FROM {table} "
            f"WHERE {vector} @@ {search} OFFSET 0) AS matches "
            f"ORDER BY rank DESC, {key} LIMIT %s",
            [query, query, limit],
        )
        rows = cursor.fetchall()
    return [pk for pk, _ in rows], rows[0][1] if rows else 0


def headline(field, query):
    """FIELD with every term QUERY matches between fts.START and fts.STOP, by ts_headline."""
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

    return SearchHeadline(
        field,
        SearchQuery(query, search_type="websearch", config=CONFIG),
        highlight_all=True,
        start_sel=fts.START,
        stop_sel=fts.STOP,
        config=CONFIG,
    )


def marked(texts, query):
    """TEXTS with the terms QUERY matches between fts.START and fts.STOP, by ts_headline: one
    query for them all, each text short (an excerpt), so PostgreSQL's stemming decides."""
    if not texts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_headline(%s::regconfig, text, websearch_to_tsquery(%s::regconfig, %s), "
            "%s) FROM unnest(%s::text[]) WITH ORDINALITY AS excerpts(text, position) "
            "ORDER BY position",
            [
                CONFIG,
                CONFIG,
                query,
                f"StartSel={fts.START}, StopSel={fts.STOP}, HighlightAll=true",
                list(texts),
            ],
        )
        return [text for (text,) in cursor.fetchall()]
