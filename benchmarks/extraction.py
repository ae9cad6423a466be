"""How well the claim extractor agrees with hand-curated claims, at three levels.

Run from the project root (no database needed):

    .venv/bin/python benchmarks/extraction.py                   # seed and development tables
    .venv/bin/python benchmarks/extraction.py --by criterion    # also per criterion (seeds)
    .venv/bin/python benchmarks/extraction.py --json out.json   # also the figures as JSON
    .venv/bin/python benchmarks/extraction.py --speed           # also time a 100,000-line file

Two sets: the seed articles (fixtures/articles, curated claims beside each) and the development
articles (../shared/dev-articles, or --dev PATH) against the reference claims curated by hand in
benchmarks/reference/*.toml (offsets into the raw file; each quote is found again in the reading
copy by its words, whatever whitespace and markup stand between them, and those that cannot be
found are listed).

A proposal matches a curated claim at level "framework" when the framework is the same and the
quotes overlap in the article's text; at "stance" when the stance is the same too; at
"criterion" when the criterion is the same as well. Precision is the share of proposals that
match some curated claim; recall the share of curated claims that some proposal matches.
The vocabulary is read from fixtures/frameworks.toml and fixtures/criteria.toml, as the loader
seeds it; frameworks an article names that it lacks are discovered as the loader does.
"""

import argparse
import functools
import json
import re
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django.utils.text import slugify  # noqa: E402

from articles.anchoring import locate  # noqa: E402
from articles.curated import read_curated_claims  # noqa: E402
from articles.extraction import (  # noqa: E402
    CriterionTerms,
    FrameworkTerms,
    discover_framework_names,
    propose_claims,
)
from articles.reading import ArticleError, read_article  # noqa: E402

FIXTURES = ROOT / "fixtures"
REFERENCE = ROOT / "benchmarks" / "reference"
DEV_ARTICLES = ROOT.parent.parent / "shared" / "dev-articles"
DEV_FALLBACK = Path("/work/shared/dev-articles")
MAX_BYTES = 2 * 1024 * 1024
LEVELS = ("framework", "stance", "criterion")


def vocabulary(folder=FIXTURES):
    frameworks = tomllib.loads((folder / "frameworks.toml").read_text(encoding="utf-8"))
    criteria = tomllib.loads((folder / "criteria.toml").read_text(encoding="utf-8"))
    return (
        [
            FrameworkTerms(slug=f["slug"], names=(f["name"], *f.get("aliases", [])))
            for f in frameworks["frameworks"]
        ],
        [
            CriterionTerms(slug=c["slug"], name=c["name"], keywords=tuple(c.get("keywords", [])))
            for c in criteria["criteria"]
        ],
    )


def frameworks_for(body, title, frameworks):
    """The frameworks as the loader has them for an article: unknown ones discovered first."""
    found = discover_framework_names(body=body, title=title, frameworks=frameworks)
    known = {f.slug for f in frameworks}
    extra = [
        FrameworkTerms(slug=slugify(name), names=(name, *aliases))
        for name, aliases in found
        if slugify(name) and slugify(name) not in known
    ]
    return [*frameworks, *extra]


def proposals_for(body, title, frameworks, criteria):
    """The proposals as the loader makes them: unknown frameworks discovered first."""
    return propose_claims(
        body=body,
        title=title,
        frameworks=frameworks_for(body, title, frameworks),
        criteria=criteria,
    )


def curated_spans(article_path, body):
    """The curated claims of a seed article as (framework, criterion, stance, start, end)."""
    claims = read_curated_claims(article_path, max_bytes=MAX_BYTES) or []
    return [
        (c.framework, c.criterion, c.stance, *locate(body, c.quote, c.occurrence)) for c in claims
    ]


def matches(proposal, claim, level):
    framework, criterion, stance, start, end = claim
    if proposal.framework != framework:
        return False
    if level in ("stance", "criterion") and proposal.stance != stance:
        return False
    if level == "criterion" and proposal.criterion != criterion:
        return False
    return proposal.quote_start < end and start < proposal.quote_end


class Tally:
    def __init__(self):
        self.proposed = self.curated = 0
        self.proposed_matched = dict.fromkeys(LEVELS, 0)
        self.curated_matched = dict.fromkeys(LEVELS, 0)

    def add(self, proposals, claims):
        self.proposed += len(proposals)
        self.curated += len(claims)
        for level in LEVELS:
            self.proposed_matched[level] += sum(
                any(matches(p, c, level) for c in claims) for p in proposals
            )
            self.curated_matched[level] += sum(
                any(matches(p, c, level) for p in proposals) for c in claims
            )

    def precision(self, level="criterion"):
        return self.proposed_matched[level] / self.proposed if self.proposed else 0.0

    def recall(self, level="criterion"):
        return self.curated_matched[level] / self.curated if self.curated else 0.0

    def row(self, label):
        row = {"label": label, "proposed": self.proposed, "curated": self.curated}
        for level in LEVELS:
            row[f"p_{level}"] = round(self.precision(level), 3)
            row[f"r_{level}"] = round(self.recall(level), 3)
        return row


def seed_documents(folder=FIXTURES):
    """(slug, body, title, curated claims) of each seed article."""
    for article_path in sorted((folder / "articles").glob("*.md")):
        document = read_article(article_path, max_bytes=MAX_BYTES)
        claims = curated_spans(article_path, document.body)
        yield document.slug, document.body, document.metadata["title"], claims


def run_seeds(folder=FIXTURES, by=None):
    frameworks, criteria = vocabulary(folder)
    per_article, per_group, overall = {}, defaultdict(Tally), Tally()
    for slug, body, title, claims in seed_documents(folder):
        proposals = proposals_for(body, title, frameworks, criteria)
        tally = per_article[slug] = Tally()
        tally.add(proposals, claims)
        overall.add(proposals, claims)
        if by:
            index = {"framework": 0, "criterion": 1, "stance": 2}[by]
            for key in {getattr(p, by) for p in proposals} | {c[index] for c in claims}:
                per_group[key].add(
                    [p for p in proposals if getattr(p, by) == key],
                    [c for c in claims if c[index] == key],
                )
    rows = [tally.row(slug) for slug, tally in per_article.items()] + [overall.row("overall")]
    groups = [per_group[key].row(key) for key in sorted(per_group)]
    return rows, groups


def dev_document(path):
    """(body, title, how): the reading copy as the loader makes it; when the loader cannot
    read the format yet, the raw text and its first heading-like line."""
    header_title = re.search(
        r"^title\s*[=:]\s*[\"']?(.+?)[\"']?\s*$", path.read_text(encoding="utf-8"), re.M
    )
    try:
        document = read_article(path, max_bytes=MAX_BYTES)
        title = header_title.group(1) if header_title else document.metadata.get("title") or ""
        return document.body, title, "reading copy"
    except ArticleError as error:
        text = path.read_text(encoding="utf-8")
        title = (
            header_title.group(1)
            if header_title
            else next((line.strip("# =-") for line in text.splitlines() if line.strip("# =-")), "")
        )
        return text, title, f"raw text ({str(error).split(': ', 1)[-1][:60]})"


# What is markup rather than words, blanked (same length) before words are read: HTML tags and
# entities, a link's destination after "](", an MDN-style macro's name ("{{glossary(" of
# {{glossary("JSON")}}), an rst role (":ref:") and URLs written out.
MARKUP = re.compile(
    r"<[^<>\n]*>|&#?\w+;|\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)|\{\{\s*[\w-]+\s*\(?"
    r"|:[\w-]+:(?=`)|https?://\S+"
)
# A word: letters and digits only, so the underscore of an rst reference ("WSGI_") and the
# backticks and asterisks of inline markup fall between words.
WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=32)
def words(text):
    """[(word in lower case, start, end)] of the text's words outside markup."""
    blanked = MARKUP.sub(lambda m: " " * len(m.group()), text)
    return [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(blanked)]


def find_words(stream, wanted):
    """Indexes in the word stream where the wanted words start, in order."""
    if not wanted:
        return []
    first, size = wanted[0], len(wanted)
    return [
        i
        for i, (word, _, _) in enumerate(stream)
        if word == first and [w for w, _, _ in stream[i : i + size]] == wanted
    ]


def locate_reference(raw, body, start, end):
    """(start, end) in the body of the words of raw[start:end], whatever whitespace and markup
    stand between them in either text (hard wraps, rst references and link targets, inline
    tags, Markdown links and macros); the occurrence with the same rank as in the raw text,
    mapped back to the body's offsets from its first word to its last. None when the words are
    not there in that order."""
    raw_stream, body_stream = words(raw), words(body)
    wanted = [w for w, s, e in raw_stream if s >= start and e <= end]
    if not wanted:
        return None
    found = find_words(body_stream, wanted)
    if not found:
        return None
    rank = sum(1 for i in find_words(raw_stream, wanted) if raw_stream[i][1] < start)
    first = found[min(rank, len(found) - 1)]
    return body_stream[first][1], body_stream[first + len(wanted) - 1][2]


def dev_documents(dev_folder, paths):
    """(file name, body, title, reference claims located in the body, index of its reference
    file, how it was read, the claims not located) of each development article on disk."""
    for number_of_article, reference_path in enumerate(paths):
        reference = tomllib.loads(reference_path.read_text(encoding="utf-8"))
        path = dev_folder / reference["article"]
        if not path.exists():
            continue
        raw = path.read_text(encoding="utf-8")
        body, title, how = dev_document(path)
        claims, missing = [], []
        for number, claim in enumerate(reference.get("claims", []), 1):
            span = locate_reference(raw, body, claim["start"], claim["end"])
            if span is None:
                missing.append((path.name, number, claim["framework"], claim["criterion"]))
                continue
            claims.append((claim["framework"], claim["criterion"], claim["stance"], *span))
        yield path.name, body, title, claims, number_of_article, how, missing


def run_dev(dev_folder, reference_folder=REFERENCE):
    frameworks, criteria = vocabulary()
    per_article, overall, missing, notes = {}, Tally(), [], {}
    paths = sorted(reference_folder.glob("*.toml"))
    # Two halves for a held-out check: what is tuned on one should hold on the other.
    halves = (
        {
            f"articles {paths[0].name[:2]}-{paths[(len(paths) - 1) // 2].name[:2]}": Tally(),
            f"articles {paths[len(paths) // 2].name[:2]}-{paths[-1].name[:2]}": Tally(),
        }
        if paths
        else {}
    )
    for name, body, title, claims, number_of_article, how, unlocated in dev_documents(
        dev_folder, paths
    ):
        notes[name] = how
        missing += unlocated
        proposals = proposals_for(body, title, frameworks, criteria)
        tally = per_article[name] = Tally()
        tally.add(proposals, claims)
        overall.add(proposals, claims)
        list(halves.values())[number_of_article >= len(paths) / 2].add(proposals, claims)
    rows = [tally.row(name) for name, tally in per_article.items()]
    rows += [tally.row(label) for label, tally in halves.items()] + [overall.row("overall")]
    return rows, missing, notes


# One pattern repeated through a file of about 1 MB: each was once retried from every repeat.
RUNS = ["[x](", "![x](", "<https:", "{{", "<!--", "<pre>", "Flask-", "|x|\n" + " " * 1_000_000]


def speed(lines=100_000):
    """For files of 100,000 short lines (about 1.8 MB), one of sentences, one a list, and for
    files of about 1 MB that repeat one pattern (RUNS), unknown frameworks discovered as the
    loader does: (label, megabytes, seconds of wall clock, seconds of CPU, proposals) each."""
    frameworks, criteria = vocabulary()
    bodies = {
        "100,000 short lines of sentences": "\n".join(f"Django ORM {n:05d}." for n in range(lines))
        + "\n",
        "100,000 short lines of list items": "\n".join(f"- Django {n:05d} ok" for n in range(lines))
        + "\n",
    }
    for run in RUNS:
        bodies[f"{run[:8]!r} repeated"] = "Django vs Flask\n\n" + run * max(
            1, 1_000_000 // len(run)
        )
    figures = []
    for label, body in bodies.items():
        started, cpu = time.perf_counter(), time.process_time()
        proposals = proposals_for(body, "Items", frameworks, criteria)
        figures.append(
            (
                label,
                round(len(body.encode()) / 1e6, 2),
                round(time.perf_counter() - started, 2),
                round(time.process_time() - cpu, 2),
                len(proposals),
            )
        )
    return figures


def table(rows, title):
    width = max(len(row["label"]) for row in rows)
    head = " | ".join(f"P {level[:4]} | R {level[:4]}" for level in LEVELS)
    lines = [
        f"| {title:<{width}} | prop | cur | {head} |",
        f"|{'-' * (width + 2)}|-----:|----:|" + "-------:|-------:|" * len(LEVELS),
    ]
    for row in rows:
        cells = " | ".join(
            f"{row[f'p_{level}']:>6.2f} | {row[f'r_{level}']:>6.2f}" for level in LEVELS
        )
        lines.append(
            f"| {row['label']:<{width}} | {row['proposed']:>4} | {row['curated']:>3} | {cells} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--by", choices=["criterion", "framework", "stance"], help="also break down"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--dev", metavar="PATH", help="the development articles' folder")
    parser.add_argument(
        "--speed", action="store_true", help="also time 100,000-line and repetitive files"
    )
    options = parser.parse_args(argv)
    figures = {}
    rows, groups = run_seeds(by=options.by)
    figures["seeds"] = rows
    print("Seed articles (levels: framework; + stance; + stance and criterion)")
    print(table(rows, "article"))
    if options.by:
        print()
        print(table(groups, options.by))
        figures["groups"] = groups
    dev_folder = Path(options.dev) if options.dev else DEV_ARTICLES
    dev_folder = dev_folder if dev_folder.exists() else DEV_FALLBACK
    if dev_folder.exists() and REFERENCE.exists():
        dev_rows, missing, notes = run_dev(dev_folder)
        figures["dev"] = dev_rows
        figures["dev_unlocated"] = missing
        print()
        print("Development articles against benchmarks/reference")
        print(table(dev_rows, "article"))
        for name, how in notes.items():
            if how != "reading copy":
                print(f"  {name}: read as {how}")
        print(f"  references not located in the reading copy: {len(missing)}")
        for name, number, framework, criterion in missing:
            print(f"    {name} claim {number} ({framework}, {criterion})")
    if options.speed:
        figures["speed"] = []
        print()
        for label, size, seconds, cpu, count in speed():
            figures["speed"].append(
                {"file": label, "mb": size, "seconds": seconds, "cpu": cpu, "proposals": count}
            )
            print(f"{label} ({size} MB): {seconds:.2f} s ({cpu:.2f} s CPU), {count} proposals")
    if options.json:
        Path(options.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
