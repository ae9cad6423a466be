"""Comparison tables written as raw HTML inside a markdown reading copy (`<table>` with
`<tr>`, `<th>` and `<td>`, closing tags optional): their rows, as spans of the body.

A row becomes a piece whose quote is its first cell (the feature it names) and whose other
cells give each column's framework a stance, as the rows of a markdown table do.
"""

import re

TABLE = re.compile(r"<table\b.*?(?:</table\s*>|\Z)", re.S | re.I)
ROW = re.compile(
    r"<tr\b[^>]*>(.*?)(?=<tr\b|</tr\s*>|</t(?:head|body|foot)\b|</table\b|\Z)", re.S | re.I
)
CELL = re.compile(r"<t([dh])\b[^>]*>(.*?)(?=<t[dh]\b|</t[dh]\s*>|\Z)", re.S | re.I)
TAG = re.compile(r"<[^<>]*>")


def cell_span(body, start, end):
    """The cell's content without surrounding whitespace and tags, as (start, end)."""
    while True:
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        opening = TAG.match(body, start, end)
        if opening:
            start = opening.end()
            continue
        closing = re.search(r"<[^<>]*>\s*$", body[start:end])
        if closing:
            end = start + closing.start()
            continue
        return start, end


def html_tables(body):
    """[(table start, table end, [row cells as (start, end) spans])] for each HTML table."""
    tables = []
    for table in TABLE.finditer(body):
        rows = []
        for row in ROW.finditer(body, table.start(), table.end()):
            cells = [
                cell_span(body, cell.start(2), cell.end(2))
                for cell in CELL.finditer(body, row.start(1), row.end(1))
            ]
            if cells:
                rows.append(cells)
        tables.append((table.start(), table.end(), rows))
    return tables
