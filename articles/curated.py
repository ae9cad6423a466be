"""Hand-curated claims, kept beside their article as SLUG.claims.toml."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .reading import ArticleError, read_text_file, unstorable

CLAIM_KEYS = {"framework", "criterion", "stance", "summary", "quote", "occurrence", "status"}
REQUIRED_KEYS = ("framework", "criterion", "stance", "summary", "quote")
STANCES = ("strength", "weakness", "neutral")
STATUSES = ("draft", "published", "rejected")
SUMMARY_MAX = 300


@dataclass(frozen=True)
class CuratedClaim:
    number: int
    framework: str
    criterion: str
    stance: str
    summary: str
    quote: str
    occurrence: int | None
    status: str


def claims_path_for(article_path):
    article_path = Path(article_path)
    return article_path.with_name(f"{article_path.stem}.claims.toml")


def read_curated_claims(article_path, *, max_bytes):
    """The curated claims of an article, or None when it has no claims file."""
    path = claims_path_for(article_path)
    if not path.exists() and not path.is_symlink():
        return None  # a link that points nowhere is a claims file that cannot be read: refused
    _, text = read_text_file(path, max_bytes=max_bytes, what="claims")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ArticleError(path, f"not valid TOML: {error}") from None
    unknown = set(data) - {"claims"}
    if unknown:
        raise ArticleError(path, f"unknown top-level keys: {', '.join(sorted(unknown))}")
    entries = data.get("claims", [])
    if not isinstance(entries, list):
        raise ArticleError(path, "'claims' must be an array of tables ([[claims]])")
    return [parse_claim(path, number, entry) for number, entry in enumerate(entries, 1)]


def parse_claim(path, number, entry):
    def fail(message):
        raise ArticleError(path, message, claim=number)

    if not isinstance(entry, dict):
        fail("each claim must be a table")
    unknown = set(entry) - CLAIM_KEYS
    if unknown:
        fail(f"unknown keys: {', '.join(sorted(unknown))}")
    for key in REQUIRED_KEYS:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            fail(f"'{key}' is required and must be non-empty text")
        if what := unstorable(entry[key]):
            fail(f"'{key}' holds {what} (made by an escape?)")
    if entry["stance"] not in STANCES:
        fail(f"stance must be one of {', '.join(STANCES)}, not {entry['stance']!r}")
    status = entry.get("status", "published")
    if status not in STATUSES:
        fail(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    if len(entry["summary"]) > SUMMARY_MAX:
        fail(f"the summary is {len(entry['summary'])} characters; the limit is {SUMMARY_MAX}")
    occurrence = entry.get("occurrence")
    if occurrence is not None and (type(occurrence) is not int or occurrence < 1):
        fail("occurrence must be a whole number from 1")
    return CuratedClaim(
        number=number,
        framework=entry["framework"],
        criterion=entry["criterion"],
        stance=entry["stance"],
        summary=entry["summary"].strip(),
        quote=entry["quote"],
        occurrence=occurrence,
        status=status,
    )
