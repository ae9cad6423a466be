"""How well the claim extractor agrees with the hand-curated claims of the seed articles.

Run from the project root (no database needed):

    .venv/bin/python benchmarks/extraction.py                   # the table
    .venv/bin/python benchmarks/extraction.py --by criterion    # also per criterion
    .venv/bin/python benchmarks/extraction.py --json out.json   # also the figures as JSON

A proposal matches a curated claim when framework, criterion and stance are the same and their
quotes overlap in the article's text. Precision is the share of proposals that match a curated
claim; recall the share of curated claims that some proposal matches. The vocabulary is read
from fixtures/frameworks.toml and fixtures/criteria.toml, as the loader seeds it.
"""

import argparse
import json
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.anchoring import locate  # noqa: E402
from articles.curated import read_curated_claims  # noqa: E402
from articles.extraction import CriterionTerms, FrameworkTerms, propose_claims  # noqa: E402
from articles.reading import read_article  # noqa: E402

FIXTURES = ROOT / "fixtures"
MAX_BYTES = 2 * 1024 * 1024


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


def curated_spans(article_path, body):
    """The curated claims as (framework, criterion, stance, start, end)."""
    claims = read_curated_claims(article_path, max_bytes=MAX_BYTES) or []
    return [
        (c.framework, c.criterion, c.stance, *locate(body, c.quote, c.occurrence)) for c in claims
    ]


def matches(proposal, claim):
    framework, criterion, stance, start, end = claim
    return (
        (proposal.framework, proposal.criterion, proposal.stance) == (framework, criterion, stance)
        and proposal.quote_start < end
        and start < proposal.quote_end
    )


class Tally:
    def __init__(self):
        self.proposed = self.proposed_matched = self.curated = self.curated_matched = 0

    def add(self, proposals, claims):
        self.proposed += len(proposals)
        self.curated += len(claims)
        self.proposed_matched += sum(any(matches(p, c) for c in claims) for p in proposals)
        self.curated_matched += sum(any(matches(p, c) for p in proposals) for c in claims)

    @property
    def precision(self):
        return self.proposed_matched / self.proposed if self.proposed else 0.0

    @property
    def recall(self):
        return self.curated_matched / self.curated if self.curated else 0.0

    @property
    def f1(self):
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def row(self, label):
        return {
            "label": label,
            "proposed": self.proposed,
            "curated": self.curated,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


def run(folder=FIXTURES, by=None):
    frameworks, criteria = vocabulary(folder)
    per_article, per_group, overall = {}, defaultdict(Tally), Tally()
    for article_path in sorted((folder / "articles").glob("*.md")):
        document = read_article(article_path, max_bytes=MAX_BYTES)
        claims = curated_spans(article_path, document.body)
        proposals = propose_claims(
            body=document.body,
            title=document.metadata["title"],
            frameworks=frameworks,
            criteria=criteria,
        )
        tally = per_article[document.slug] = Tally()
        tally.add(proposals, claims)
        overall.add(proposals, claims)
        if by:
            for key in {getattr(p, by) for p in proposals} | {c[field_index(by)] for c in claims}:
                per_group[key].add(
                    [p for p in proposals if getattr(p, by) == key],
                    [c for c in claims if c[field_index(by)] == key],
                )
    rows = [tally.row(slug) for slug, tally in per_article.items()] + [overall.row("overall")]
    groups = [per_group[key].row(key) for key in sorted(per_group)]
    return rows, groups


def field_index(by):
    return {"framework": 0, "criterion": 1, "stance": 2}[by]


def table(rows, title):
    width = max(len(row["label"]) for row in rows)
    lines = [
        f"| {title:<{width}} | proposed | curated | precision | recall |   F1 |",
        f"|{'-' * (width + 2)}|---------:|--------:|----------:|-------:|-----:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['label']:<{width}} | {row['proposed']:>8} | {row['curated']:>7} "
            f"| {row['precision']:>9.2f} | {row['recall']:>6.2f} | {row['f1']:>4.2f} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--by", choices=["criterion", "framework", "stance"], help="also break down"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    options = parser.parse_args(argv)
    rows, groups = run(by=options.by)
    print(table(rows, "article"))
    if options.by:
        print()
        print(table(groups, options.by))
    if options.json:
        Path(options.json).write_text(
            json.dumps({"articles": rows, "groups": groups}, indent=2) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
