"""Would a pretrained text model tell which criterion a piece is about better than keywords?
(issue 12, round 7)

The extractor's rules give a piece the criterion whose keywords it names most; where it names
none they pass over it, and where it names several they may pick the wrong one. A pretrained
model reads meaning the keywords miss. The one this machine can reach with its weights is
WordLlama (PyPI's `wordllama`: a large language model's token embeddings, 256 dimensions,
16 MB, shipped inside the wheel; Hugging Face itself is out of reach here), so it is measured
two ways on the thirteen curated articles (five seeds, eight development), each article scored
by a model fitted on the other twelve:

1. **Criterion from the quote alone**: a logistic regression over the embeddings of the curated
   quotes (frameworks masked, as the judge masks them) predicts each held-out claim's criterion;
   compared with the majority criterion, with the criterion nearest the embedding of its own
   name and keywords (no training: what the model knows by itself), and with the rules, on the
   claims the rules propose for at all (same framework, overlapping quote), where the share
   they file under the curated criterion is theirs to beat.
2. **The rules re-ranked**: where a piece and framework got one proposal and the piece names
   keywords of two criteria or more, the criterion with the most keywords plus `weight` times
   the model's log-probability; tallied as benchmarks/extraction.py tallies.

Run from the project root (no database; needs the bench dependencies: pip install -e ".[bench]"):

    .venv/bin/python benchmarks/embedded.py
    .venv/bin/python benchmarks/embedded.py --weight 0.3 1 3 --C 1 10
"""

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extraction as bench  # noqa: E402
from judge import masked_text  # noqa: E402
from judged import articles  # noqa: E402

from articles.extraction.attribution import Reading  # noqa: E402
from articles.extraction.vocabulary import Matcher, load_cues  # noqa: E402


def load_model():
    """WordLlama's default model from the files its wheel ships: version 0.4 looks for its
    tokenizer in a folder named differently from the one it installs, then downloads, so the
    package folder is given as its cache and downloads are refused."""
    import wordllama

    return wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )


def reading_of(body, frameworks, criteria):
    return Reading(
        body=body,
        names=Matcher.of_phrases((f.slug, f.names) for f in frameworks),
        keywords=Matcher.of_phrases(((c.slug, c.keywords) for c in criteria), plurals=True),
        criterion_names={c.slug: c.name for c in criteria},
        cues=load_cues(),
        known_names=frozenset(name.lower() for f in frameworks for name in f.names),
    )


def quote_text(reading, start, end):
    """The prose of text[start:end], every framework masked as FW: the criterion is in the
    other words."""
    mentions = reading.mentions(start, end)
    return " ".join(masked_text(reading.text, mentions, start, end).split())


class Article:
    """One curated article as this benchmark needs it: the rules' proposals, and the embedded
    text of each curated quote and each proposal's quote."""

    def __init__(self, item, model, criteria):
        self.name, self.group, body, title, self.claims, frameworks = item
        self.reading = reading_of(body, frameworks, criteria)
        self.proposals = bench.propose_claims(
            body=body, title=title, frameworks=frameworks, criteria=criteria
        )
        self.claim_vectors = model.embed(
            [quote_text(self.reading, c[3], c[4]) for c in self.claims] or [""]
        )[: len(self.claims)]
        self.proposal_vectors = model.embed(
            [quote_text(self.reading, p.quote_start, p.quote_end) for p in self.proposals] or [""]
        )[: len(self.proposals)]


def fit(others, C):
    """A logistic regression from quote embeddings to criteria, on the other articles."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    vectors = np.vstack([a.claim_vectors for a in others if a.claims])
    labels = [c[1] for a in others for c in a.claims]
    return LogisticRegression(C=C, max_iter=3000).fit(vectors, labels)


def zero_shot(model, criteria):
    """For each criterion, the embedding of its name and keywords."""
    slugs = [c.slug for c in criteria]
    texts = [" ".join([c.name, *(k.rstrip("*") for k in c.keywords)]) for c in criteria]
    return slugs, model.embed(texts)


def quote_accuracy(items, C, slugs, names):
    """Per group: claims, and how many each predictor files under the curated criterion."""
    import numpy as np

    counts = {}
    for index, article in enumerate(items):
        if not article.claims:
            continue
        others = items[:index] + items[index + 1 :]
        classifier = fit(others, C)
        majority = Counter(c[1] for a in others for c in a.claims).most_common(1)[0][0]
        probabilities = classifier.predict_proba(article.claim_vectors)
        ranked = np.argsort(-probabilities, axis=1)
        nearest = np.argmax(article.claim_vectors @ names.T, axis=1)
        for group in groups_of(article):
            tally = counts.setdefault(group, Counter())
            for claim, order, near in zip(article.claims, ranked, nearest, strict=True):
                top = [classifier.classes_[k] for k in order[:3]]
                tally["claims"] += 1
                tally["model, first"] += top[0] == claim[1]
                tally["model, among its first 3"] += claim[1] in top
                tally["majority criterion"] += majority == claim[1]
                tally["nearest name and keywords"] += slugs[near] == claim[1]
                proposed = [p for p in article.proposals if bench.matches(p, claim, "framework")]
                if proposed:
                    tally["proposed for by the rules"] += 1
                    tally["rules, on those"] += any(p.criterion == claim[1] for p in proposed)
                    tally["model, on those"] += top[0] == claim[1]
    return counts


def reranked(article, classifier, weight):
    """The rules' proposals, each single proposal of a piece and framework moved to the
    criterion its keywords and the model together favour."""
    import numpy as np

    classes = list(classifier.classes_)
    per_piece = Counter((p.framework, p.quote_start) for p in article.proposals)
    moved = {}
    probabilities = classifier.predict_proba(article.proposal_vectors) if article.proposals else []
    for proposal, probability in zip(article.proposals, probabilities, strict=True):
        hits = article.reading.criterion_hits(proposal.quote_start, proposal.quote_end)
        keywords = Counter(c for *_, c in hits)
        if len(keywords) < 2 or per_piece[(proposal.framework, proposal.quote_start)] > 1:
            moved.setdefault(
                (proposal.framework, proposal.criterion, proposal.quote_start), proposal
            )
            continue
        keywords[proposal.criterion] += 0.5  # the rules' choice breaks a tie

        def score(criterion, keywords=keywords, probability=probability):
            p = probability[classes.index(criterion)] if criterion in classes else 0.0
            return keywords[criterion] + weight * np.log(p + 1e-6)

        best = max(keywords, key=score)
        changed = replace(proposal, criterion=best)
        moved.setdefault((changed.framework, best, changed.quote_start), changed)
    return list(moved.values())


def groups_of(article):
    return ("seeds",) if article.group == "seeds" else ("dev overall", article.group)


GROUPS = ("dev overall", "dev 01-04", "dev 05-08", "seeds")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--C", type=float, nargs="+", default=[1.0], help="inverse regularisations")
    parser.add_argument(
        "--weight", type=float, nargs="+", default=[0.3, 1.0], help="weights of the model's vote"
    )
    options = parser.parse_args(argv)
    model = load_model()
    _frameworks, criteria = bench.vocabulary()
    items = [Article(item, model, criteria) for item in articles()]
    slugs, names = zero_shot(model, criteria)
    for C in options.C:
        counts = quote_accuracy(items, C, slugs, names)
        print(f"\nCriterion of the curated claims from their quote alone (C={C})")
        keys = [k for k in counts["seeds"] if k != "claims"]
        print("| predictor | " + " | ".join(GROUPS) + " |")
        print("|---|" + "---:|" * len(GROUPS))
        for key in ["claims", *keys]:
            cells = []
            for group in GROUPS:
                tally = counts.get(group, Counter())
                if key == "claims":
                    cells.append(str(tally["claims"]))
                else:
                    base = "proposed for by the rules" if key.endswith("on those") else "claims"
                    value = tally[key]
                    share = value / tally[base] if tally[base] else 0.0
                    cells.append(f"{share:.2f}" if key != base else str(value))
            print(f"| {key} | " + " | ".join(cells) + " |")
        print(f"\nThe rules re-ranked by the model (C={C}); P/R framework, +stance, +criterion")
        print("| variant | " + " | ".join(GROUPS) + " |")
        print("|---|" + "---|" * len(GROUPS))
        rows = {"rules": {g: bench.Tally() for g in GROUPS}}
        for weight in options.weight:
            rows[f"re-ranked, weight {weight}"] = {g: bench.Tally() for g in GROUPS}
        for index, article in enumerate(items):
            classifier = fit(items[:index] + items[index + 1 :], C)
            for group in groups_of(article):
                rows["rules"][group].add(article.proposals, article.claims)
                for weight in options.weight:
                    rows[f"re-ranked, weight {weight}"][group].add(
                        reranked(article, classifier, weight), article.claims
                    )
        for label, tallies in rows.items():
            cells = []
            for group in GROUPS:
                t = tallies[group]
                cells.append(
                    f"{t.proposed}: "
                    + " ".join(
                        f"{t.precision(level):.3f}/{t.recall(level):.3f}"
                        for level in ("framework", "stance", "criterion")
                    )
                )
            print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
