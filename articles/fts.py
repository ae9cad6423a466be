"""Search on SQLite through its FTS5 indexes (migration articles/0006): whole words, bm25 ranks,
and the matched terms highlighted by FTS5 itself.

A reader's query never reaches FTS5 as typed: `match_expression` rebuilds it from its words,
each one a quoted string, so quotes, `*`, `NEAR`, `:` or unbalanced parentheses are only ever
text. It keeps what the PostgreSQL side understands (websearch syntax): "a phrase", `or`
between words, and `-word` to exclude one; every other word must occur.
"""

import re

from django.db import connection
from django.db.models.expressions import RawSQL

# Where a matched term starts and ends in FTS5's highlight() and snippet(): private-use
# characters, turned into <mark> only after the text around them is escaped (search.py).
START, STOP = "\ue001", "\ue002"
TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
WORD = re.compile(r"\w+")
# bm25 weights per column, in the tables' column order: the same spirit as PostgreSQL's
# letters (summary and names over quotes; a title over a body).
CLAIM_WEIGHTS = (4.0, 1.0, 4.0, 4.0)  # summary, quote, framework, criterion
SOURCE_WEIGHTS = (4.0, 2.0, 2.0, 1.0)  # title, author, publisher, body
SNIPPET_TOKENS = 40


def phrase(words):
    return '"' + " ".join(words) + '"'


def match_expression(query, *, max_words):
    """An FTS5 query with the meaning of the reader's QUERY, or None when it has no words."""
    wanted, unwanted, any_of, count = [], [], False, 0
    for quoted, bare in TOKEN.findall(query):
        text = quoted if quoted is not None and bare == "" else bare
        if bare and bare.lower() == "or":
            any_of = True
            continue
        negative = bool(bare) and bare.startswith("-")
        words = WORD.findall(text)[: max(0, max_words - count)]
        if not words:
            continue
        count += len(words)
        (unwanted if negative else wanted).append(phrase(words))
    if not wanted:
        return None
    expression = f" {'OR' if any_of else 'AND'} ".join(wanted)
    if unwanted:
        expression = f"({expression}) NOT ({' OR '.join(unwanted)})"
    return expression


def _allowed(queryset, table):
    """QUERYSET as a condition on one FTS row: EXISTS of its row with that rowid, unordered.

    Correlated, it is a primary-key lookup per match; `rowid IN (subquery)` built the whole
    list of public claims (90,000 on the scale corpus, sorted by the model's ordering) on every
    search first: 230 ms of the scale search's 590, twice (the rank and the count).
    """
    correlated = queryset.order_by().filter(pk=RawSQL(f"{table}.rowid", [])).values("pk")
    sql, params = correlated.query.sql_with_params()
    return f"EXISTS ({sql})", list(params)


def ranked(table, weights, expression, queryset, limit, count_limit, *, whole, excerpt):
    """Rows of TABLE matching EXPRESSION that QUERYSET holds, best first, as (rowid, column
    WHOLE highlighted throughout, column EXCERPT as a snippet around the matches), with
    START/STOP around each matched term; and the number of matches, counted up to one past
    COUNT_LIMIT.

    The inner query ranks and cuts; highlight() and snippet() run on the rows kept only.
    """
    allowed, params = _allowed(queryset, table)
    # The condition is checked per match; FTS5 runs the MATCH once.
    where = f"{table} MATCH %s AND {allowed}"
    ranks = f"bm25({table}, {', '.join(str(weight) for weight in weights)})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, highlight({table}, {whole}, %s, %s), "
            f"snippet({table}, {excerpt}, %s, %s, '…', {SNIPPET_TOKENS}) "
            f"FROM {table} WHERE {table} MATCH %s AND +rowid IN ("
            f"SELECT rowid FROM {table} WHERE {where} ORDER BY {ranks}, rowid LIMIT %s"
            f") ORDER BY {ranks}, rowid",
            [START, STOP, START, STOP, expression, expression, *params, limit + 1],
        )
        rows = cursor.fetchall()
        total = len(rows)
        if total > limit:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {where} LIMIT %s)",
                [expression, *params, count_limit + 1],
            )
            total = cursor.fetchone()[0]
    return rows[:limit], total
