"""The reading copies under fixtures/ keep their articles' own words: nothing added, nothing edited."""

import re
import unicodedata

import pytest

from articles.reading import split_header
from tests.conftest import ARTICLES, FIXTURES

READING_COPIES = sorted(ARTICLES.glob("*.md"))
MARKDOWN_PREFIX = re.compile(r"^(#{1,6} |[-*+] |\d+\. |> )")


def normalise(text):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def prose_fragments(body):
    """The text of each line with the markdown structure around it taken off."""
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    in_code = False
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            yield line
            continue
        if not stripped or re.fullmatch(r"[|\-: ]+", stripped):
            continue
        stripped = MARKDOWN_PREFIX.sub("", stripped)
        cells = stripped.strip("|").split("|") if stripped.startswith("|") else [stripped]
        for cell in cells:
            cell = re.sub(r"\*\*|`", "", cell).strip()
            if cell:
                yield cell


def test_there_are_five_reading_copies():
    assert len(READING_COPIES) == 5


@pytest.mark.parametrize("path", READING_COPIES, ids=lambda p: p.stem)
def test_every_line_of_a_reading_copy_is_in_its_original(path):
    header, body = split_header(path, path.read_text(encoding="utf-8"))
    original = (path.parent / header["original"][0]).read_text(encoding="utf-8")
    assert (FIXTURES / "originals").samefile((path.parent / header["original"][0]).parent)
    haystack = normalise(original)
    missing = [f for f in prose_fragments(body) if normalise(f) not in haystack]
    assert missing == []
