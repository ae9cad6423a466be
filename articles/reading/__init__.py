"""Reading an article, stage by stage: one module per stage, one entry point.

    fetch.py     a file's or a URL's bytes, never more than the size limit
    decode.py    bytes to text (UTF-8, UTF-16/32 with a BOM), line endings normalised once
    header.py    the project's reading-copy header, YAML and TOML front matter
    formats.py   format detection; HTML (trafilatura, nh3, markdownify), plain text
    rst.py       reStructuredText through docutils, Sphinx markup degraded to its text
    dialects.py  markdown dialects rewritten as the markdown the reader renders
    unwrap.py    hard-wrapped paragraphs joined
    noise.py     scrape noise removed as whole lines
    metadata.py  title, author and date from the text itself
    pipeline.py  read_article(): the stages in order, an ArticleDocument out

The command, the services, URL loading and the benchmarks all call read_article().
"""

from .decode import unstorable
from .document import ArticleDocument, is_url, slug_for
from .errors import ArticleError
from .formats import SUFFIXES
from .header import TEXT_LIMITS, is_web_address, split_header
from .pipeline import read_article, read_text_file, referenced_originals

__all__ = [
    "SUFFIXES",
    "TEXT_LIMITS",
    "ArticleDocument",
    "ArticleError",
    "is_url",
    "is_web_address",
    "read_article",
    "read_text_file",
    "referenced_originals",
    "slug_for",
    "split_header",
    "unstorable",
]
