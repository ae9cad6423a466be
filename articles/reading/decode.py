"""Bytes to text: the encodings an article may come in, and line endings normalised once.

The text every later stage sees (and every checksum is taken of) has '\n' line endings and no
byte-order mark, so a CRLF or BOM file's stored original matches its stored checksum.
"""

import codecs
import hashlib
import re

from .errors import ArticleError

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    # UTF-32's marks before UTF-16's: UTF-32-LE's begins with UTF-16-LE's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SAMPLE = 4096  # bytes looked at to tell UTF-16 without a mark from binary
# What no database stores in text: PostgreSQL refuses NUL, and UTF-8 cannot encode a lone
# surrogate. A decoded file holds neither, but escapes in front matter or claims files, a
# reStructuredText unicode directive or a file name in another encoding can make them.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def normalise_newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_bomless_utf16(data):
    """Text in UTF-16 without a mark: every other byte NUL, the rest mostly printable."""
    sample = data[:SAMPLE]
    if len(sample) < 4:
        return False
    for offset in (0, 1):
        zeros = sample[offset::2].count(0)
        if zeros >= 0.9 * len(sample[offset::2]) and sample[1 - offset :: 2].count(0) == 0:
            return True
    return False


def decode(path, data, *, what="article", charset=None):
    """The text of an article's bytes; refuses binary, undecodable and empty files clearly."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise ArticleError(
                    path,
                    f"the {what} file starts with a {encoding.upper()} byte-order mark but is not "
                    f"valid {encoding.upper()} (undecodable byte at offset {error.start})",
                ) from None
            break
    else:
        if b"\x00" in data:
            if looks_like_bomless_utf16(data):
                raise ArticleError(
                    path,
                    f"the {what} file looks like UTF-16 text without a byte-order mark; "
                    "save it as UTF-8 (or UTF-16 with a BOM)",
                )
            raise ArticleError(path, f"the {what} file is binary (it contains NUL bytes)")
        encoding = (charset or "utf-8").lower()
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            offset = getattr(error, "start", 0)
            raise ArticleError(
                path,
                f"the {what} file is not UTF-8 text (undecodable byte at offset {offset})"
                if encoding in {"utf-8", "utf8"}
                else f"the {what} is not valid {encoding} text",
            ) from None
    if "\x00" in text:
        raise ArticleError(path, f"the {what} file is binary (it contains NUL characters)")
    if not text.strip():
        raise ArticleError(path, f"the {what} file is empty")
    return normalise_newlines(text)


def unstorable(text):
    """What in text no database can store, in words ("a NUL character"), or None."""
    match = UNSTORABLE.search(text)
    if match is None:
        return None
    if match.group() == "\x00":
        return "a NUL character"
    return f"a lone surrogate (U+{ord(match.group()):04X}), which is no character"


def sha256_of(text):
    """The checksum of a text as stored: UTF-8 bytes of its normalised form."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
