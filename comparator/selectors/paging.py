"""The comparison's evidence in pages of criteria, so a page's weight stays bounded at scale.

The verdict grid lists every criterion on every page; the evidence and the sources it cites
come a page of criteria at a time. A page holds whole rows in display order, as many as keep
its citations within CITATIONS_PER_PAGE (at least one row): the evidence and the references
list grow with the citations, not with the number of criteria. The seed content's comparisons
(about 190 citations) stay on one page. 120 criteria, two frameworks: 9 pages of about 250 KB
in all, where one page of everything was 800 KB (README, "Speed").
"""

from dataclasses import dataclass, field

# The most claims a page of the comparison's evidence cites; a row that alone cites more is a
# page of its own.
CITATIONS_PER_PAGE = 250


@dataclass
class EvidencePage:
    number: int
    rows: list = field(default_factory=list)
    href: str = ""  # set by link_pages: its address, the other filters kept

    @property
    def first(self):
        return self.rows[0].criterion

    @property
    def last(self):
        return self.rows[-1].criterion


def split_into_pages(rows, citations, limit=None):
    """Rows (in display order) in pages of whole rows citing at most `limit` claims each
    (CITATIONS_PER_PAGE by default); `citations(row)` counts a row's. Sets each row's `page`
    number."""
    limit = CITATIONS_PER_PAGE if limit is None else limit
    pages, cited = [], 0
    for row in rows:
        weight = citations(row)
        if not pages or (cited + weight > limit and pages[-1].rows):
            pages.append(EvidencePage(number=len(pages) + 1))
            cited = 0
        pages[-1].rows.append(row)
        row.page = pages[-1].number
        cited += weight
    return pages or [EvidencePage(number=1)]


def page_number(value, page_count):
    """The page a `page` parameter asks for, or None when it names none that exists ("abc",
    "0", "-1", "999"): the page then shows the first page, and says so."""
    if value is None or value == "":
        return 1
    if not (value.isascii() and value.isdigit()):
        return None
    # Past the last page's digits it names none; Python refuses to read past 4,300 (a 500).
    digits = value.lstrip("0")
    if len(digits) > len(str(page_count)):
        return None
    number = int(digits or "0")
    return number if 1 <= number <= page_count else None


def link_pages(pages, current, address):
    """Give each page its address (`address(number)`) and each row the address of its evidence
    ("" on the page shown, where its cells are in this very page)."""
    for page in pages:
        page.href = address(page.number)
        for row in page.rows:
            row.evidence_at = "" if page is current else page.href
