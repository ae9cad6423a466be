"""Would a small learned model choose stance and criterion better than the extractor's rules?

Run from the project root (no database needed; needs scikit-learn: pip install -e ".[bench]"):

    .venv/bin/python benchmarks/learned.py

The labelled data are the curators' decisions: the published claims of the seed articles
(quote, framework, criterion, stance). A TF-IDF of the quote's words (the framework a claim is
about written as FW, any other as OTHER) feeds one logistic regression for the stance and one
for the criterion. The rules still find the pieces and the frameworks; the model only relabels
each proposal's stance, criterion or both. Measured, as benchmarks/extraction.py measures, on
the development articles (never trained on) and on each seed article with a model trained on
the other four, against the rules alone on the same articles.
"""

import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extraction as bench  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from articles.extraction.blanking import blank_non_prose  # noqa: E402
from articles.extraction.vocabulary import Matcher  # noqa: E402

VARIANTS = ("rules", "model stance", "model criterion", "model both")


def masked(text, framework, names):
    """The text with the framework the claim is about as FW and every other one as OTHER."""
    pieces, last = [], 0
    for start, end, slug in names.find(text):
        pieces += [text[last:start], " FW " if slug == framework else " OTHER "]
        last = end
    return "".join([*pieces, text[last:]])


def model():
    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
        LogisticRegression(max_iter=3000, class_weight="balanced", C=4.0),
    )


def seed_articles(frameworks, criteria):
    """[(name, body, proposals, claims)] for the seed articles."""
    articles = []
    for path in sorted((bench.FIXTURES / "articles").glob("*.md")):
        document = bench.read_article(path, max_bytes=bench.MAX_BYTES)
        claims = bench.curated_spans(path, document.body)
        proposals = bench.proposals_for(
            document.body, document.metadata["title"], frameworks, criteria
        )
        articles.append((path.stem, document.body, proposals, claims))
    return articles


def dev_articles(frameworks, criteria):
    articles = []
    for reference_path in sorted(bench.REFERENCE.glob("*.toml")):
        reference = tomllib.loads(reference_path.read_text(encoding="utf-8"))
        path = bench.DEV_FALLBACK / reference["article"]
        raw = path.read_text(encoding="utf-8")
        body, title, _ = bench.dev_document(path)
        claims = []
        for claim in reference["claims"]:
            span = bench.locate_reference(raw, body, claim["start"], claim["end"])
            if span:
                claims.append((claim["framework"], claim["criterion"], claim["stance"], *span))
        articles.append(
            (path.name, body, bench.proposals_for(body, title, frameworks, criteria), claims)
        )
    return articles


def train(articles, names):
    texts, stances, criteria = [], [], []
    for _, body, _, claims in articles:
        text = blank_non_prose(body)
        for framework, criterion, stance, start, end in claims:
            texts.append(masked(text[start:end], framework, names))
            stances.append(stance)
            criteria.append(criterion)
    return model().fit(texts, stances), model().fit(texts, criteria)


def relabel(proposals, body, names, stance_model, criterion_model, variant, known_criteria):
    if variant == "rules" or not proposals:
        return proposals
    text = blank_non_prose(body)
    inputs = [masked(text[p.quote_start : p.quote_end], p.framework, names) for p in proposals]
    stances = stance_model.predict(inputs)
    criteria = criterion_model.predict(inputs)
    relabelled = []
    for proposal, stance, criterion in zip(proposals, stances, criteria, strict=True):
        changes = {}
        if variant in ("model stance", "model both"):
            changes["stance"] = stance
        if variant in ("model criterion", "model both") and criterion in known_criteria:
            changes["criterion"] = criterion
        relabelled.append(proposal.__class__(**{**proposal.__dict__, **changes}))
    return relabelled


def main():
    frameworks, criteria = bench.vocabulary()
    seeds = seed_articles(frameworks, criteria)
    dev = dev_articles(frameworks, criteria)
    known = {c.slug for c in criteria}
    extra = {p.framework for *_, proposals, _ in [*seeds, *dev] for p in proposals}
    names = Matcher.of_phrases(
        [(f.slug, f.names) for f in frameworks]
        + [(slug, (slug,)) for slug in extra - {f.slug for f in frameworks}]
    )
    rows = {"dev": [], "seeds (leave one article out)": []}
    stance_model, criterion_model = train(seeds, names)
    for variant in VARIANTS:
        tally = bench.Tally()
        for _, body, proposals, claims in dev:
            tally.add(
                relabel(proposals, body, names, stance_model, criterion_model, variant, known),
                claims,
            )
        rows["dev"].append(tally.row(variant))
    for variant in VARIANTS:
        tally = bench.Tally()
        for index, (_, body, proposals, claims) in enumerate(seeds):
            held_out_models = train(seeds[:index] + seeds[index + 1 :], names)
            tally.add(relabel(proposals, body, names, *held_out_models, variant, known), claims)
        rows["seeds (leave one article out)"].append(tally.row(variant))
    for title, table_rows in rows.items():
        print(f"\n{title}")
        print(bench.table(table_rows, "labels"))


if __name__ == "__main__":
    main()
