"""Would a judge learned from curators' decisions, choosing among liberal candidates, do better
than the extractor's rules? (benchmarks/judge.py)

Run from the project root (no database needed; needs scikit-learn: pip install -e ".[bench]"):

    .venv/bin/python benchmarks/judged.py            # the tables
    .venv/bin/python benchmarks/judged.py --speed    # and the 100,000-line timing with a judge
    .venv/bin/python benchmarks/judged.py --json out.json

Thirteen curated articles: the five seeds (their curated claims) and the eight development
articles (the reference claims of benchmarks/reference), read from the files at run time. Each
article is proposed for by a judge fitted on the other twelve ("judge, leave one out"); the
development articles also by a judge fitted on the seeds alone ("judge, seeds only": what a
fresh install, holding only the seed claims, would do). The judge chooses its own thresholds on
its training articles; nothing is chosen on the article held out. Tallied as
benchmarks/extraction.py tallies, against the rules alone on the same articles, and against the
candidates' ceiling: every candidate that matches a claim (what a perfect judge would keep) and
every candidate (all of them proposed).
"""

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extraction as bench  # noqa: E402
from judge import TOP_K, Judge  # noqa: E402

GROUPS = ("dev overall", "dev 01-04", "dev 05-08", "seeds")


def articles():
    """[(name, group, body, title, claims, frameworks)] of the thirteen curated articles."""
    frameworks, _criteria = bench.vocabulary()
    found = []
    for slug, body, title, claims in bench.seed_documents():
        found.append(
            (slug, "seeds", body, title, claims, bench.frameworks_for(body, title, frameworks))
        )
    dev_folder = bench.DEV_ARTICLES if bench.DEV_ARTICLES.exists() else bench.DEV_FALLBACK
    paths = sorted(bench.REFERENCE.glob("*.toml"))
    for name, body, title, claims, index, _how, _missing in bench.dev_documents(dev_folder, paths):
        half = "dev 01-04" if index < len(paths) / 2 else "dev 05-08"
        found.append(
            (name, half, body, title, claims, bench.frameworks_for(body, title, frameworks))
        )
    return found


def tallies():
    return {group: bench.Tally() for group in GROUPS}


def add(tally, group, proposals, claims):
    if group != "seeds":
        tally["dev overall"].add(proposals, claims)
    tally[group].add(proposals, claims)


def examples(items):
    return [(body, title, claims, fws) for _, _, body, title, claims, fws in items]


def ceiling(judge, held, others):
    """(the candidates that match a claim, every candidate) of the held-out article, the text
    model fitted on the others."""
    _, _, body, title, claims, fws = held
    model = judge.text_models(judge.claim_texts(examples(others)))
    pieces = judge.article_candidates(body, title, model, fws)
    everything, right = [], []
    reading = judge.walk(body, title, fws).reading
    for piece in pieces:
        for candidate in piece.candidates:
            proposal = Judge.proposal(reading, piece, candidate)
            everything.append(proposal)
            if any(bench.matches(proposal, claim, "criterion") for claim in claims):
                right.append(proposal)
    return right, everything


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speed", action="store_true", help="also time a 100,000-line file")
    parser.add_argument("--no-ceiling", action="store_true", help="skip the candidates' ceiling")
    parser.add_argument("--top-k", type=int, default=TOP_K, help="criteria the text model adds")
    parser.add_argument(
        "--C",
        type=float,
        nargs="+",
        default=[0.5, 2.0],
        help="the judge's inverse regularisations to choose from (on its training articles)",
    )
    parser.add_argument(
        "--read-stance-only", action="store_true", help="no candidates on other stances"
    )
    parser.add_argument(
        "--crossed-words",
        action="store_true",
        help="the piece's words also crossed with each candidate's criterion and stance",
    )
    parser.add_argument("--learner", choices=["logistic", "boosted"], default="logistic")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument(
        "--curve",
        action="store_true",
        help="only the learning curve: judges fitted on 4, 8 and all 12 of the other articles",
    )
    options = parser.parse_args(argv)
    frameworks, criteria = bench.vocabulary()
    settings = {
        "top_k": options.top_k,
        "C": tuple(options.C),
        "alternatives": not options.read_stance_only,
        "crossed": options.crossed_words,
        "learner": options.learner,
    }
    items = articles()
    if options.curve:
        learning_curve(items, frameworks, criteria, settings)
        return
    variants = ["rules", "judge, leave one out", "judge, seeds only"]
    if not options.no_ceiling:
        variants += ["ceiling: candidates matching", "ceiling: every candidate"]
    results = {variant: tallies() for variant in variants}
    fit_seconds, chosen = [], []
    seeds = [item for item in items if item[1] == "seeds"]
    started = time.perf_counter()
    seed_judge = Judge(frameworks, criteria, **settings).fit(examples(seeds))
    seed_fit = time.perf_counter() - started
    for index, item in enumerate(items):
        name, group, body, title, claims, fws = item
        others = items[:index] + items[index + 1 :]
        add(results["rules"], group, bench.proposals_for(body, title, frameworks, criteria), claims)
        started = time.perf_counter()
        judge = Judge(frameworks, criteria, **settings).fit(examples(others))
        fit_seconds.append(time.perf_counter() - started)
        chosen.append((name, (judge.C, judge.thresholds, judge.selection)))
        proposals = judge.propose(body=body, title=title, frameworks=fws)
        assert all(p.quote == body[p.quote_start : p.quote_end] for p in proposals)
        add(results["judge, leave one out"], group, proposals, claims)
        if group != "seeds":
            seed_proposals = seed_judge.propose(body=body, title=title, frameworks=fws)
            add(results["judge, seeds only"], group, seed_proposals, claims)
        if not options.no_ceiling:
            right, everything = ceiling(judge, item, others)
            add(results["ceiling: candidates matching"], group, right, claims)
            add(results["ceiling: every candidate"], group, everything, claims)
    figures = {}
    for group in GROUPS:
        rows = figures[group] = [
            results[variant][group].row(variant)
            for variant in variants
            if results[variant][group].curated
        ]
        print(f"\n{group}")
        print(bench.table(rows, "variant"))
    if options.json:
        Path(options.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(
        f"\nfitting a judge: {min(fit_seconds):.1f}-{max(fit_seconds):.1f} s on twelve articles,"
        f" {seed_fit:.1f} s on the five seeds"
    )
    print(
        f"C, thresholds (first, second, rules bonus) and (targets met, recall) chosen on the"
        f" seeds: {seed_judge.C} {seed_judge.thresholds} {seed_judge.selection}"
    )
    for name, thresholds in chosen:
        print(f"chosen without {name}: {thresholds}")
    if options.speed:
        speed(Judge(frameworks, criteria, **settings).fit(examples(items)))


CURVE_SIZES = (4, 8, 12)
CURVE_DRAWS = 3  # random subsets of the other articles per size below twelve


def learning_curve(items, frameworks, criteria, settings):
    """Would more curated articles close the gap? Each article proposed for by judges fitted on
    4, 8 and 12 of the other twelve (three random draws of the smaller sizes, the same for
    every run), pooled over the draws."""
    draws = random.Random(12)
    rows = {group: [] for group in ("dev overall", "seeds")}
    for size in CURVE_SIZES:
        tally = tallies()
        for index, (_, group, body, title, claims, fws) in enumerate(items):
            others = items[:index] + items[index + 1 :]
            subsets = (
                [others]
                if size >= len(others)
                else [draws.sample(others, size) for _ in range(CURVE_DRAWS)]
            )
            for subset in subsets:
                judge = Judge(frameworks, criteria, **settings).fit(examples(subset))
                add(tally, group, judge.propose(body=body, title=title, frameworks=fws), claims)
        for group, group_rows in rows.items():
            group_rows.append(tally[group].row(f"fitted on {size} articles"))
    for group, group_rows in rows.items():
        print(f"\n{group}, learning curve")
        print(bench.table(group_rows, "judge"))


def speed(judge, lines=100_000):
    bodies = {
        "sentences": "\n".join(f"Django ORM {n:05d}." for n in range(lines)) + "\n",
        "list items": "\n".join(f"- Django {n:05d} ok" for n in range(lines)) + "\n",
    }
    for label, body in bodies.items():
        started, cpu = time.perf_counter(), time.process_time()
        proposals = judge.propose(body=body, title="Items")
        print(
            f"judge, 100,000 short lines of {label} ({len(body.encode()) / 1e6:.2f} MB): "
            f"{time.perf_counter() - started:.2f} s ({time.process_time() - cpu:.2f} s CPU),"
            f" {len(proposals)} proposals"
        )


if __name__ == "__main__":
    main()
