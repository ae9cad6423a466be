"""Front matter: the project's own reading-copy header, and the YAML/TOML front matter of blogs.

Two kinds of header open a markdown file:

- the project's header (``---`` then only ``title``, ``author``, ``publisher``, ``url``,
  ``published``, ``original``): it marks a reading copy someone prepared, is checked strictly
  (a bad value is an error with its line) and the body after it is kept exactly as written;
- any other front matter (Jekyll, Hugo, Astro, MDN, ...; YAML between ``---`` or TOML between
  ``+++``), read with python-frontmatter: the keys people use map to the source's columns, every
  other key is kept as extra metadata, and none is ever refused. The body is raw markdown.
"""

import datetime
import math
import re
import tomllib
from collections.abc import Hashable
from dataclasses import dataclass, field

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from frontmatter.default_handlers import BaseHandler, YAMLHandler

from .errors import ArticleError
from .metadata import parse_date

HEADER_FENCE = "---"
HEADER_KEYS = ("title", "author", "publisher", "url", "published", "original")
TEXT_LIMITS = {"title": 300, "author": 200, "publisher": 200, "url": 500}  # Source's columns
# Front matter keys people use, in order of preference, for each of the source's columns.
FRONT_MATTER_KEYS = {
    "title": ("title",),
    "published": ("date", "published", "pubdate", "pub_date", "publishdate", "published_at"),
    "author": ("author", "authors"),
    "url": ("canonical_url", "canonical", "url", "permalink"),
    "description": ("description",),
    "publisher": ("publisher", "site", "site_name"),
}
KEY_LINE = re.compile(r"(?P<key>[A-Za-z_][\w-]*)\s*:(?:\s|$)")


@dataclass
class Header:
    """What a header says: the columns it fills and everything else it states."""

    kind: str  # "reading-copy" (the project's) or "front-matter"
    metadata: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    original: tuple = ("", None)  # (the 'original' file named, its line)


class SafeStringDatesLoader(yaml.SafeLoader):
    """YAML's safe loader, leaving timestamps as written: a date-time keeps its own offset.

    Aliases are refused: front matter never needs them, and a few nested ones expand to
    billions of values once the metadata is copied out (the "billion laughs").
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not read in front matter", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        """A key given twice is refused, as TOML and the project's header refuse it: YAML's
        loader would keep the last silently, and the article would load with the wrong title."""
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
            if isinstance(key, Hashable):
                seen.add(key)
        return super().construct_mapping(node, deep)


SafeStringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YAMLFrontMatter(YAMLHandler):
    def load(self, fm, **kwargs):
        return yaml.load(fm, Loader=SafeStringDatesLoader)  # noqa: S506 (a safe loader)


class TOMLFrontMatter(BaseHandler):
    """TOML between '+++' fences (Hugo, Zola), parsed by the standard library."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm, **kwargs):
        return tomllib.loads(fm)

    def export(self, metadata, **kwargs):  # pragma: no cover - the loader never writes
        raise NotImplementedError


def is_web_address(value):
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True


def date_from(value):
    """The date a value states, in its own time zone: '2019-06-19T23:30:00-07:00' is 2019-06-19."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if match := re.match(r"(\d{4})-(\d{2})-(\d{2})(?![\d])", text):
        try:
            return datetime.date(*map(int, match.groups()))
        except ValueError:
            return None
    return parse_date(text)


def closing_fence(path, lines, fence):
    try:
        return next(i for i, line in enumerate(lines[1:], 1) if line.strip() == fence)
    except StopIteration:
        raise ArticleError(
            path, "the metadata header opened here is never closed", line=1
        ) from None


def split_header(path, text):
    """The project's header as {key: (value, line)} and the body after it; ({}, text) if none."""
    lines = text.split("\n")
    if lines[0].strip() != HEADER_FENCE:
        return {}, text
    end = closing_fence(path, lines, HEADER_FENCE)
    header = project_header_lines(path, lines[1:end], strict=True)
    return header, "\n".join(lines[end + 1 :])


def project_header_lines(path, lines, *, strict):
    """{key: (value, line)} when every line is 'key: value' with a key of the project's header.

    Not strict: None as soon as a line is not one (the header is some other front matter).
    """
    header = {}
    for number, line in enumerate(lines, 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or line[:1].isspace() or key not in HEADER_KEYS:
            if not strict:
                return None
            if not colon:
                raise ArticleError(
                    path, f"expected 'key: value' in the header, got {line!r}", line=number
                )
            raise ArticleError(
                path,
                f"unknown header key {key!r} (known: {', '.join(HEADER_KEYS)})",
                line=number,
            )
        if key in header:
            raise ArticleError(path, f"header key {key!r} is given twice", line=number)
        value = value.strip()
        if not strict and key == "published" and value.lower() in {"true", "false"}:
            return None  # Jekyll's draft switch: blog front matter, not the project's header
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        header[key] = (value, number)
    return header


def read_header(path, text):
    """(Header or None, body): the header a markdown text opens with, and the text after it."""
    lines = text.split("\n")
    opening = lines[0].strip()
    if opening == HEADER_FENCE:
        end = closing_fence(path, lines, HEADER_FENCE)
        header = project_header_lines(path, lines[1:end], strict=False)
        if header is not None:
            return reading_copy_header(path, header), "\n".join(lines[end + 1 :])
        handler = YAMLFrontMatter()
    elif opening == "+++":
        end = closing_fence(path, lines, "+++")
        handler = TOMLFrontMatter()
    else:
        return None, text
    raw = "\n".join(lines[1:end])
    try:
        data = handler.load(raw)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ArticleError(
            path,
            f"the front matter is not valid YAML: {error.problem or error}",
            line=mark.line + 2 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise ArticleError(path, f"the front matter is not valid YAML: {error}") from None
    except RecursionError:
        raise ArticleError(path, "the front matter is nested too deeply to read") from None
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise ArticleError(
            path,
            f"the front matter is not valid TOML: {error}",
            line=int(found.group(1)) + 1 if found else None,
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        first = next((n for n, line in enumerate(lines[1:end], 2) if line.strip()), 2)
        raise ArticleError(
            path, f"expected 'key: value' in the header, got {lines[first - 1]!r}", line=first
        )
    return front_matter_header(data), "\n".join(lines[end + 1 :])


def reading_copy_header(path, header):
    """The project's header, checked: an empty or missing value means unknown."""

    def value(key):
        return header.get(key, ("", None))

    for key, limit in TEXT_LIMITS.items():
        text, line = value(key)
        if len(text) > limit:
            raise ArticleError(
                path, f"'{key}' is {len(text)} characters; the limit is {limit}", line=line
            )
    url, url_line = value("url")
    if url and not is_web_address(url):
        raise ArticleError(path, f"'url' must be an http(s) address, not {url!r}", line=url_line)
    published, published_line = value("published")
    date = date_from(published) if published else None
    if published and (date is None or not re.match(r"\d{4}-\d{2}-\d{2}", published)):
        raise ArticleError(
            path,
            f"'published' must be a date as YYYY-MM-DD, not {published!r}",
            line=published_line,
        )
    metadata = {
        "title": value("title")[0],
        "author": value("author")[0],
        "publisher": value("publisher")[0],
        "url": url,
        "published": date,
    }
    return Header(kind="reading-copy", metadata=metadata, original=value("original"))


def as_json(value):
    """A front matter value as JSON can hold it: dates and times as ISO strings."""
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(item) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # YAML's .nan and TOML's inf: JSON has no such number
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def text_of(value):
    """A front matter value as one line of text: a list of names joined, a mapping's name."""
    if isinstance(value, list):
        return ", ".join(filter(None, (text_of(item) for item in value)))
    if isinstance(value, dict):
        return text_of(value.get("name") or value.get("title") or "")
    if value is None or isinstance(value, bool):
        return ""
    return " ".join(str(value).split())


def front_matter_header(data):
    """Blog front matter mapped to the source's columns; every other key kept as extra."""
    lowered = {str(key).lower(): key for key in data}
    metadata, used = {}, set()
    for column, keys in FRONT_MATTER_KEYS.items():
        for key in keys:
            if key not in lowered or key in used:
                continue
            raw = data[lowered[key]]
            value = date_from(raw) if column == "published" else text_of(raw)
            if column == "url" and not is_web_address(value or ""):
                continue  # a relative permalink is no address: kept as extra metadata
            if not value or len(str(value)) > TEXT_LIMITS.get(column, 10_000):
                continue
            metadata[column] = value
            used.add(key)
            break
    extra = {
        str(key): as_json(value) for key, value in data.items() if str(key).lower() not in used
    }
    # The description has no column: it is kept as extra metadata even when it was mapped.
    if "description" in metadata:
        extra.setdefault(lowered["description"], metadata.pop("description"))
    return Header(kind="front-matter", metadata=metadata, extra=extra)
