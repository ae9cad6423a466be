"""Seeding frameworks and criteria from the project's TOML vocabulary files.

Existing rows are never overwritten: once loaded, the database (edited by curators in the
admin) is the reference, and a reload only adds what is missing.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .models import Criterion, Framework

FRAMEWORK_FIELDS = {
    "slug",
    "name",
    "language",
    "first_release_year",
    "homepage",
    "description",
    "aliases",
}
CRITERION_FIELDS = {"slug", "name", "group", "description", "keywords"}


class VocabularyError(Exception):
    def __init__(self, path, message, *, entry=None):
        self.path = Path(path)
        self.message = message
        self.entry = entry
        super().__init__(str(self))

    def __str__(self):
        where = str(self.path) + (f", entry #{self.entry}" if self.entry else "")
        return f"{where}: {self.message}"


@dataclass
class VocabularyOutcome:
    label: str
    created: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"{self.label}: {self.created} created, {self.unchanged} already present"


def read_entries(path, table):
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise VocabularyError(path, f"not valid TOML: {error}") from None
    entries = data.get(table)
    if not isinstance(entries, list) or not entries:
        raise VocabularyError(path, f"expected a non-empty array of [[{table}]] tables")
    return entries


def save_new(path, number, instance):
    """Save a row not yet in the database, refusing one that clashes with an existing row.

    False when a concurrent load saved the same slug first: that row is kept as it is.
    """
    model = type(instance)
    if model.objects.filter(slug=instance.slug).exists():
        return False
    try:
        instance.validate_unique()
        instance.validate_constraints()
    except ValidationError as error:
        # A load running at the same time may have committed the same slug since the check
        # above (read committed: each query sees what has been committed when it starts).
        if model.objects.filter(slug=instance.slug).exists():
            return False
        raise VocabularyError(
            path, f"clashes with an existing row: {error}", entry=number
        ) from None
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        # A load running at the same time saved it between the check and the insert (PostgreSQL
        # waits for that load to commit, then refuses this insert).
        if model.objects.filter(slug=instance.slug).exists():
            return False
        raise VocabularyError(
            path, "clashes with a row another load has just saved", entry=number
        ) from None
    return True


def as_lines(path, number, value):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise VocabularyError(path, "aliases and keywords must be lists of text", entry=number)
    return "\n".join(item.strip() for item in value if item.strip())


def as_list(value):
    return value if isinstance(value, list) else [value]


def build(path, number, model, entry, allowed):
    if not isinstance(entry, dict):
        raise VocabularyError(path, "each entry must be a table", entry=number)
    unknown = set(entry) - allowed
    if unknown:
        raise VocabularyError(path, f"unknown keys: {', '.join(sorted(unknown))}", entry=number)
    for key, value in entry.items():
        # A TOML escape can make a NUL, which PostgreSQL refuses and SQLite would keep.
        if any(isinstance(text, str) and "\x00" in text for text in as_list(value)):
            raise VocabularyError(path, f"'{key}' holds a NUL character", entry=number)
    for key in ("aliases", "keywords"):
        if key in entry:
            entry = {**entry, key: as_lines(path, number, entry[key])}
    instance = model(**entry)
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except (ValidationError, TypeError) as error:
        raise VocabularyError(
            path, f"invalid {model._meta.verbose_name}: {error}", entry=number
        ) from None
    return instance


@transaction.atomic
def load_frameworks(path):
    """A framework a curator renamed (slug or name) in the admin counts as present: the file's
    entry is found by its former slug or its name, so it is neither added again nor refused."""
    outcome = VocabularyOutcome("Frameworks")
    entries = [
        build(path, number, Framework, entry, FRAMEWORK_FIELDS)
        for number, entry in enumerate(read_entries(path, "frameworks"), 1)
    ]
    existing = set(Framework.objects.by_slug_or_former(f.slug for f in entries))
    for number, framework in enumerate(entries, 1):
        if framework.slug in existing:
            outcome.unchanged += 1
            continue
        if save_new(path, number, framework):
            outcome.created += 1
        else:
            outcome.unchanged += 1
        existing.add(framework.slug)
    return outcome


@transaction.atomic
def load_criteria(path):
    """Criteria keep the order they are listed in within their group."""
    outcome = VocabularyOutcome("Criteria")
    existing = set(Criterion.objects.values_list("slug", flat=True))
    positions = {}
    for number, entry in enumerate(read_entries(path, "criteria"), 1):
        criterion = build(path, number, Criterion, entry, CRITERION_FIELDS)
        positions[criterion.group] = positions.get(criterion.group, 0) + 1
        criterion.order = positions[criterion.group]
        if criterion.slug in existing:
            outcome.unchanged += 1
            continue
        if save_new(path, number, criterion):
            outcome.created += 1
        else:
            outcome.unchanged += 1
        existing.add(criterion.slug)
    return outcome
