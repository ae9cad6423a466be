"""Would a small learned model choose stance and criterion better than the extractor's rules?

Run from the project root (no database needed; needs scikit-learn: pip install -e ".[bench]"):

    .venv/bin/python benchmarks/learned.py

The labelled data are the curators' decisions: the published claims of the seed articles
(quote, framework, criterion, stance). A TF-IDF of the quote's words (the framework a claim is
about written as FW, any other as OTHER) feeds one logistic regression for the stance and one
for the criterion. The rules still find the pieces and the frameworks; the model only relabels
each proposal's stance, criterion or both, or, as a fallback, gives a criterion to the pieces
the rules find none for (no keyword, no section heading's, not a "kind of framework" sentence),
which the rules otherwise pass over: "model fallback" proposes such a piece on the model's
criterion when the model gives it at least FALLBACK_CONFIDENCE, and "reference fallback" on the
curated claim's own criterion (a ceiling: no criterion source can do better on those pieces).
Measured, as benchmarks/extraction.py measures, on the development articles (never trained on;
also in halves, 01-04 and 05-08) and on each seed article with a model trained on the other
four, against the rules alone on the same articles.
"""

import sys
import tomllib
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extraction as bench  # noqa: E402
from judge import masked_text  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from articles.extraction import proposer  # noqa: E402
from articles.extraction.blanking import blank_non_prose  # noqa: E402
from articles.extraction.vocabulary import CriterionTerms, Matcher  # noqa: E402

VARIANTS = ("rules", "model stance", "model criterion", "model both")
FALLBACKS = ("model fallback", "reference fallback")
# The criterion a piece naming none is proposed on, for a fallback to replace.
UNNAMED = CriterionTerms(slug="unnamed", name="Unnamed", keywords=())
# The model's probability for its criterion (of 25) below which a fallback proposes nothing
# (0.2 and above: the model is that sure of almost no development piece).
FALLBACK_CONFIDENCE = 0.1
# Where no curated claim overlaps a piece, the reference fallback still proposes it, on the
# criterion most keyword-less reference claims have.
COMMONEST = "architecture"


def masked(text, framework, names):
    """The text with the framework the claim is about as FW and every other one as OTHER."""
    return masked_text(text, names.find(text), 0, len(text), framework)


def model():
    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
        LogisticRegression(max_iter=3000, class_weight="balanced", C=4.0),
    )


@contextmanager
def unnamed_pieces_proposed():
    """The rules propose on the pieces they find no criterion for too, on UNNAMED."""
    rules = proposer.says_kind
    proposer.says_kind = lambda reading, segment: rules(reading, segment) or UNNAMED.slug
    try:
        yield
    finally:
        proposer.says_kind = rules


def both_proposals(body, title, frameworks, criteria):
    """(the rules' proposals, those with the pieces they pass over proposed on UNNAMED)."""
    with unnamed_pieces_proposed():
        widened = bench.proposals_for(body, title, frameworks, [*criteria, UNNAMED])
    return bench.proposals_for(body, title, frameworks, criteria), widened


def seed_articles(frameworks, criteria):
    """[(name, body, (proposals, widened proposals), claims)] for the seed articles."""
    articles = []
    for path in sorted((bench.FIXTURES / "articles").glob("*.md")):
        document = bench.read_article(path, max_bytes=bench.MAX_BYTES)
        claims = bench.curated_spans(path, document.body)
        proposals = both_proposals(document.body, document.metadata["title"], frameworks, criteria)
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
            (path.name, body, both_proposals(body, title, frameworks, criteria), claims)
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


def fall_back(proposals, body, names, criterion_model, variant, claims):
    """The proposals on UNNAMED given the model's criterion (dropped where it is unsure) or,
    for the ceiling, the curated claim's criterion; the others as the rules made them."""
    text = blank_non_prose(body)
    kept = []
    for proposal in proposals:
        if proposal.criterion != UNNAMED.slug:
            kept.append(proposal)
            continue
        if variant == "reference fallback":
            criterion = next(
                (c[1] for c in claims if c[3] < proposal.quote_end and proposal.quote_start < c[4]),
                COMMONEST,
            )
        else:
            piece = masked(
                text[proposal.quote_start : proposal.quote_end], proposal.framework, names
            )
            probabilities = criterion_model.predict_proba([piece])[0]
            best = probabilities.argmax()
            if probabilities[best] < FALLBACK_CONFIDENCE:
                continue
            criterion = criterion_model.classes_[best]
        kept.append(proposal.__class__(**{**proposal.__dict__, "criterion": criterion}))
    return kept


def labelled(proposals, body, names, models, variant, known, claims):
    """The proposals of one variant."""
    rules, widened = proposals
    if variant in FALLBACKS:
        return fall_back(widened, body, names, models[1], variant, claims)
    return relabel(rules, body, names, *models, variant, known)


def main():
    frameworks, criteria = bench.vocabulary()
    seeds = seed_articles(frameworks, criteria)
    dev = dev_articles(frameworks, criteria)
    known = {c.slug for c in criteria}
    extra = {p.framework for *_, (proposals, _), _ in [*seeds, *dev] for p in proposals}
    names = Matcher.of_phrases(
        [(f.slug, f.names) for f in frameworks]
        + [(slug, (slug,)) for slug in extra - {f.slug for f in frameworks}]
    )
    halves = ("dev", "dev 01-04", "dev 05-08")
    rows = {title: [] for title in (*halves, "seeds (leave one article out)")}
    models = train(seeds, names)
    for variant in (*VARIANTS, *FALLBACKS):
        tallies = [bench.Tally() for _ in halves]
        for index, (_, body, proposals, claims) in enumerate(dev):
            found = labelled(proposals, body, names, models, variant, known, claims)
            tallies[0].add(found, claims)
            tallies[1 if index < len(dev) / 2 else 2].add(found, claims)
        for title, tally in zip(halves, tallies, strict=True):
            rows[title].append(tally.row(variant))
        tally = bench.Tally()
        for index, (_, body, proposals, claims) in enumerate(seeds):
            held_out_models = train(seeds[:index] + seeds[index + 1 :], names)
            found = labelled(proposals, body, names, held_out_models, variant, known, claims)
            tally.add(found, claims)
        rows["seeds (leave one article out)"].append(tally.row(variant))
    for title, table_rows in rows.items():
        print(f"\n{title}")
        print(bench.table(table_rows, "labels"))


if __name__ == "__main__":
    main()
