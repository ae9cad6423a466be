"""A learned judge over the extractor's candidates, trained on curators' decisions.

The rules (proposer.py) propose at most one or two criteria per piece and framework, and pass
over many pieces. The judge widens that into candidates, for each piece (sentence, list item,
table row as the rules cut them) and each framework the piece names or inherits: every
criterion whose keyword it names, its section heading's, the "kind of thing" criterion, and the
few a text model of the curated quotes finds likeliest, each with every stance (the one the
rules read marked as such). A logistic regression scores each candidate from the piece's words
(frameworks masked: the candidate's as FW, any other as OTHER; optionally crossed with the
candidate's criterion and stance), the text models' probabilities for its criterion and its
stance, and the rules' own signals: whether they proposed it, where its criterion comes from
(keywords and how many, heading, kind, model), where its framework comes from (subject, named,
inherited), stance cues, the section's leaning, the kind of piece, the criteria named earlier
in the paragraph. A curated article's claims label its candidates: one matching a claim on
framework, criterion and stance, with overlapping quotes, is what a curator published; the
others are what a curator passed over.

Per piece and framework the best candidate is proposed when its score reaches a threshold, and
the best on another criterion above a second one; the rules' own proposals may score a bonus.
The thresholds, the bonus and the regularisation are chosen by the judge on its own training
articles, each scored by a model fitted without it (and with text models fitted without it):
those that give the most curated claims while the proposals stay at least `precision` right
(framework, stance and criterion) and `stance_precision` right (framework and stance).

Plain Python and scikit-learn (imported when a judge is fitted), no database: `Judge.fit` takes
examples as (body, title, claims[, frameworks]), claims as (framework, criterion, stance, start,
end), and `Judge.propose` returns the extractor's `Proposal` records, quoted exactly at their
offsets, at most 250 an article. It reads an article piece by piece and stops at the cap, so
its time is linear in the text. Without training data it proposes what the rules propose.
"""

import re
from dataclasses import dataclass, field, replace

from articles.extraction.attribution import Reading, compared_frameworks
from articles.extraction.blanking import blank_non_prose
from articles.extraction.comparisons import ranking_stances, verdict_stances
from articles.extraction.proposer import (
    MAX_PROPOSALS,
    VERDICT,
    best_criterion,
    clause_stances,
    is_aside,
    make_proposal,
    propose_claims,
    says_kind,
    segment_proposals,
    subjects,
)
from articles.extraction.scores import scores_compared
from articles.extraction.segments import split_segments
from articles.extraction.vocabulary import Matcher, load_cues

TOKEN = re.compile(r"[a-z][a-z0-9+#-]*|FW|OTHER")
# Candidates judged in one article at most: as the rules stop at 250 proposals, the judge stops
# reading there (the longest curated article gives about 1,500), so a huge file costs no more.
MAX_CANDIDATES = 20_000
CHUNK = 1000  # pieces scored at a time: an article stops being read once its cap is reached
TOP_K = 5  # criteria the text model adds per piece, at most
# the least probability at which the text model adds a criterion (benchmarks/learned.py's
# fallback confidence): a piece it can say nothing of costs nothing more to judge
MODEL_FLOOR = 0.1
# nor where it is not half as sure again as it is of any piece (the share of the criterion
# among the curated claims; a piece whose words say nothing gets the shares themselves), unless
# it gives the criterion half its probability
LIFT = 1.5
FOLDS = 4  # articles held out at a time when the judge chooses its thresholds
STANCES = ("strength", "weakness", "neutral")
# What a judge may add to the score of a candidate the rules proposed themselves: from nothing
# (the judge alone) to every rules proposal kept (the judge only adds).
BONUSES = (0.0, 0.15, 0.3, 1.0)


@dataclass
class Piece:
    """One sentence, item or row, with what the rules read in it."""

    segment: object
    text: str  # the reading text of the piece
    candidates: list = field(default_factory=list)  # Candidate


@dataclass
class Candidate:
    framework: str
    criterion: str
    stance: str
    features: dict
    proposal: object = None  # the rules' own proposal, when they made it


def masked_text(text, mentions, start, end, framework=None):
    """text[start:end] with the framework a claim is about as FW and every other one as OTHER
    (all of them FW when none is given); `mentions` are (start, end, slug) in it."""
    pieces, last = [], start
    for a, b, slug in mentions:
        pieces += [text[last:a], " FW " if framework in (None, slug) else " OTHER "]
        last = b
    pieces.append(text[last:end])
    return "".join(pieces)


def _masked(reading, segment, mentions, framework=None):
    return masked_text(reading.text, mentions, segment.start, segment.end, framework)


def _bucket(number, top=3):
    return str(min(number, top))


class Walk:
    """The rules' reading of an article, piece by piece: their proposals and the candidates
    around them."""

    def __init__(
        self, body, title, frameworks, criteria, cues=None, alternatives=True, crossed=False
    ):
        self.alternatives = alternatives  # every stance a candidate, not only the one read
        self.crossed = crossed  # the piece's words crossed with criterion and stance
        self.cues = cues or load_cues()
        self.segments = split_segments(body, abbreviations=self.cues.abbreviations)
        self.reading = Reading(
            body=body,
            names=Matcher.of_phrases((f.slug, f.names) for f in frameworks),
            keywords=Matcher.of_phrases(((c.slug, c.keywords) for c in criteria), plurals=True),
            criterion_names={c.slug: c.name for c in criteria},
            cues=self.cues,
            known_names=frozenset(name.lower() for f in frameworks for name in f.names),
        )
        self.reading.together = compared_frameworks(self.reading, title, self.segments)
        self.position = 0
        self.block, self.block_criteria, self.previous_criteria = None, set(), set()

    def pieces(self, count, models):
        """The pieces among the next `count` segments (fewer at the end), with their
        candidates; a piece nothing ties to a criterion (no keyword, heading or kind, and the
        text model unsure) gives none, as it gives the rules none."""
        batch = self.segments[self.position : self.position + count]
        self.position += len(batch)
        prose = [s for s in batch if s.kind in ("sentence", "item")]
        texts = [_masked(self.reading, s, self.reading.mentions(s.start, s.end)) for s in prose]
        ranked = dict(zip((s.start for s in prose), models.criterion.top(texts), strict=True))
        found = []
        for segment in batch:
            rules = segment_proposals(self.reading, segment)
            if segment.kind in ("heading", "lead"):
                continue
            piece = self.piece(segment, rules, ranked.get(segment.start, []))
            if piece is not None and piece.candidates:
                found.append(piece)
        return found

    def piece(self, segment, rules, model_criteria):
        reading = self.reading
        mentions = reading.mentions(segment.start, segment.end)
        piece = Piece(
            segment=segment,
            text=reading.text[segment.start : segment.end],
        )
        piece.mentions = mentions
        by_rules = {(p.framework, p.criterion): p for p in rules}
        rules_frameworks = {}
        for p in rules:
            rules_frameworks.setdefault(p.framework, p.stance)
        if segment.kind == "row":
            for p in rules:
                features = self.common(segment, p.framework, p.criterion, p.stance, [], mentions)
                features.update(rules=1, rules_f=1, src_row=1)
                piece.candidates.append(Candidate(p.framework, p.criterion, p.stance, features, p))
            return piece
        hits = reading.criterion_hits(segment.start, segment.end)
        verdict = self.cues.recommendations.search(reading.text, segment.start, segment.end)
        if verdict and VERDICT in reading.criterion_names:
            hits.append((verdict.start(), verdict.end(), VERDICT))
        kind = says_kind(reading, segment)
        if not (hits or reading.heading_criterion or kind or model_criteria or rules):
            return None
        piece.hits = hits
        # the criteria the earlier pieces of its paragraph or list named
        if segment.block != self.block:
            self.block, self.block_criteria = segment.block, set()
        piece.block_criteria = set(self.block_criteria)
        piece.previous_criteria = self.previous_criteria
        self.previous_criteria = {c for *_, c in hits}
        self.block_criteria |= self.previous_criteria
        piece.kind = kind
        piece.heading_criterion = reading.heading_criterion
        piece.best = best_criterion(reading, hits) if hits else None
        piece.named = {slug for *_, slug in mentions}
        piece.subjects = subjects(reading, segment)
        piece.aside = is_aside(reading, segment)
        piece.fixed = ranking_stances(reading, segment) or verdict_stances(reading, segment)
        piece.by_rules = by_rules
        piece.rules_frameworks = rules_frameworks
        piece.leaning = reading.leaning
        piece.inherited = reading.subject
        piece.stances = {}
        cue_hits = self.cues.stance.find(reading.text, segment.start, segment.end)
        piece.cue_counts = {
            label: sum(1 for *_, lab in cue_hits if lab == label)
            for label in ("positive", "negative", "neutral")
        }
        # read now: the reading's state (subject, section, leaning) is this piece's only while
        # the walk stands on it
        self.widen(piece, model_criteria)
        return piece

    def stances_for(self, piece, criterion):
        """Each framework's stance in the piece when it is about the criterion."""
        if piece.fixed is not None:
            return piece.fixed
        spans = tuple((a, b) for a, b, c in piece.hits if c == criterion)
        key = (spans, criterion in self.cues.creditable)
        if key not in piece.stances:
            piece.stances[key] = clause_stances(self.reading, piece.segment, list(spans), criterion)
        return piece.stances[key]

    def widen(self, piece, model_criteria):
        """The candidates of a sentence or item: each framework it speaks of on each criterion
        from some source."""
        if piece.segment.kind == "row":
            return
        sources = {}
        for *_, c in piece.hits:
            sources.setdefault(c, set()).add("kw")
        if piece.heading_criterion:
            sources.setdefault(piece.heading_criterion, set()).add("head")
        if piece.kind:
            sources.setdefault(piece.kind, set()).add("kind")
        for c, _probability in model_criteria:
            sources.setdefault(c, set()).add("model")
        probabilities = dict(model_criteria)
        ranks = {c: r for r, (c, _) in enumerate(model_criteria)}
        counts = {}
        for *_, c in piece.hits:
            counts[c] = counts.get(c, 0) + 1
        for criterion, source in sources.items():
            for framework, read in self.stances_for(piece, criterion).items():
                rules = piece.by_rules.get((framework, criterion))
                read = rules.stance if rules is not None else read
                for stance in STANCES if self.alternatives else (read,):
                    features = self.common(
                        piece.segment, framework, criterion, stance, piece.hits, piece.mentions
                    )
                    features.update({f"src_{s}": 1 for s in source})
                    features["src_n"] = len(source)
                    features[f"kw_n={_bucket(counts.get(criterion, 0))}"] = 1
                    features["kw_best"] = int(criterion == piece.best)
                    features["model_p"] = probabilities.get(criterion, 0.0)
                    features[f"model_rank={ranks.get(criterion, 'none')}"] = 1
                    features["rules"] = int(rules is not None and stance == read)
                    features["read"] = int(stance == read)
                    features[f"read={read}|s={stance}"] = 1
                    rules_stance = piece.rules_frameworks.get(framework)
                    features[f"rules_f={rules_stance}"] = 1
                    if rules_stance is not None:
                        features["rules_f_same_stance"] = int(rules_stance == stance)
                    features["block_c"] = int(criterion in piece.block_criteria)
                    features["previous_c"] = int(criterion in piece.previous_criteria)
                    features["subject"] = int(framework in piece.subjects)
                    features["named"] = int(framework in piece.named)
                    features["inherited"] = int(framework == piece.inherited)
                    features["aside"] = int(piece.aside)
                    features[f"leaning={piece.leaning}|s={stance}"] = 1
                    for label, number in piece.cue_counts.items():
                        features[f"cue_{label}={_bucket(number)}|s={stance}"] = 1
                    proposal = rules if rules is not None and stance == read else None
                    piece.candidates.append(
                        Candidate(framework, criterion, stance, features, proposal)
                    )

    def common(self, segment, framework, criterion, stance, hits, mentions):
        """The features every candidate has: its criterion and stance, the kind of piece, and
        the piece's words (its own framework masked as FW, others as OTHER), alone and crossed
        with the criterion and the stance."""
        features = {
            f"c={criterion}": 1,
            f"s={stance}": 1,
            f"cs={criterion}|{stance}": 1,
            f"piece={segment.kind}": 1,
            f"first={segment.first}": 1,
            f"n_fw={_bucket(len({m[2] for m in mentions}))}": 1,
            f"n_crit={_bucket(len({h[2] for h in hits}))}": 1,
        }
        words = set(TOKEN.findall(_masked(self.reading, segment, mentions, framework).lower()))
        words = {w.upper() if w in ("fw", "other") else w for w in words}
        for word in words:
            features[f"w={word}"] = 1
            if self.crossed:
                features[f"cw={criterion}|{word}"] = 1
                features[f"sw={stance}|{word}"] = 1
        return features


def candidate_pieces(walk, models, count):
    """The next pieces of the walk, every candidate in them, each with what the text models
    make of its piece."""
    pieces = walk.pieces(count, models)
    pairs = {}
    for piece in pieces:
        for candidate in piece.candidates:
            pairs.setdefault((id(piece), candidate.framework), (piece, candidate.framework))
    if pairs and models.stance.pipeline is not None:
        texts = [
            _masked(walk.reading, piece.segment, piece.mentions, framework)
            for piece, framework in pairs.values()
        ]
        probabilities = dict(zip(pairs, models.stance.pipeline.predict_proba(texts), strict=True))
        classes = list(models.stance.pipeline.classes_)
        for piece in pieces:
            for candidate in piece.candidates:
                row = probabilities[(id(piece), candidate.framework)]
                share = row[classes.index(candidate.stance)] if candidate.stance in classes else 0
                candidate.features["stance_p"] = float(share)
                candidate.features["stance_top"] = int(share == row.max())
    return pieces


class Constant:
    """What a model fitted on a single label predicts: that label, for every text."""

    def __init__(self, label):
        self.classes_ = [label]

    def predict_proba(self, texts):
        import numpy

        return numpy.ones((len(texts), 1))


class TextModels:
    """The criterion model and the stance model, fitted on the same claims."""

    def __init__(self, known, k, rows):
        """rows: (quote with every framework as FW, criterion, quote with the claim's framework
        as FW and any other as OTHER, stance)."""
        self.criterion = CriterionModel(known, k).fit([r[0] for r in rows], [r[1] for r in rows])
        self.stance = CriterionModel(STANCES, len(STANCES), 0.0).fit(
            [r[2] for r in rows], [r[3] for r in rows]
        )


class CriterionModel:
    """Which criteria a piece's words speak of: TF-IDF and logistic regression over the curated
    claims' quotes, every framework written FW."""

    def __init__(self, known, k=TOP_K, floor=MODEL_FLOOR):
        self.known = set(known)
        self.k = k
        self.floor = floor  # criteria the model is less sure of add no candidate
        self.priors = {}
        self.pipeline = None

    def fit(self, texts, labels):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.pipeline import make_pipeline

        labels = list(labels)
        self.priors = {label: labels.count(label) / len(labels) for label in set(labels)}
        if len(set(labels)) == 1:
            self.pipeline = Constant(labels[0])
        elif labels:
            self.pipeline = make_pipeline(
                TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
                OneVsRestClassifier(LogisticRegression(solver="liblinear", C=4.0)),
            ).fit(list(texts), list(labels))
        return self

    def top(self, texts):
        texts, k = list(texts), self.k
        if self.pipeline is None or not texts:
            return [[] for _ in texts]
        probabilities = self.pipeline.predict_proba(texts)
        classes = self.pipeline.classes_
        ranked = []
        for row in probabilities:
            order = row.argsort()[::-1][:k]
            ranked.append(
                [
                    (classes[i], float(row[i]))
                    for i in order
                    if classes[i] in self.known
                    and row[i] >= max(self.floor, min(LIFT * self.priors.get(classes[i], 0.0), 0.5))
                ]
            )
        return ranked


class Scorer:
    """A fitted classifier and the vectorizer of its features."""

    def __init__(self, vectorizer, classifier, prepare=None):
        self.vectorizer, self.classifier, self.prepare = vectorizer, classifier, prepare

    def scores(self, features):
        if not features:
            return []
        if self.prepare:
            matrix = self.vectorizer.transform([self.prepare(f) for f in features])
            return self.classifier.predict_proba(matrix)[:, 1]
        # DictVectorizer.transform, without its checks of every value's type: the features
        # are names with numbers
        from scipy.sparse import csr_matrix

        vocabulary, indices, values, pointers = self.vectorizer.vocabulary_, [], [], [0]
        for row in features:
            for name, value in row.items():
                column = vocabulary.get(name)
                if column is not None:
                    indices.append(column)
                    values.append(value)
            pointers.append(len(indices))
        matrix = csr_matrix(
            (values, indices, pointers), shape=(len(features), len(vocabulary)), dtype=float
        )
        return self.classifier.predict_proba(narrow(matrix))[:, 1]


def unworded(features):
    """The features without the piece's words: the text models stand for them."""
    return {k: v for k, v in features.items() if not k.startswith(("w=", "cw=", "sw="))}


def narrow(matrix):
    """The sparse matrix with 32-bit indices, as liblinear takes them."""
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    return matrix


def overlaps(candidate_start, candidate_end, claim):
    return claim[3] < candidate_end and candidate_start < claim[4]


def decode(scored, first, second, bonus=0.0, limit=MAX_PROPOSALS):
    """[(piece, candidate)] kept: per piece and framework the best candidate at `first` or
    above and, at `second` or above, the best on another criterion; at most `limit`. The rules'
    own proposals score `bonus` more."""
    kept = []
    for piece, candidates in scored:
        by_framework = {}
        for candidate, score in candidates:
            score += bonus if candidate.proposal is not None else 0.0
            by_framework.setdefault(candidate.framework, []).append((score, candidate))
        for options in by_framework.values():
            options.sort(key=lambda option: -option[0])
            best_score, best = options[0]
            if best_score < first:
                continue
            kept.append((piece, best))
            other = next((o for o in options[1:] if o[1].criterion != best.criterion), None)
            if other and other[0] >= second:
                kept.append((piece, other[1]))
        if len(kept) >= limit:
            break
    return kept[:limit]


class Judge:
    """Fitted on curated articles, proposes for new ones; see the module's docstring."""

    def __init__(
        self,
        frameworks,
        criteria,
        *,
        precision=0.6,
        stance_precision=0.75,
        C=(0.5, 2.0),
        alternatives=True,
        crossed=False,
        top_k=TOP_K,
        learner="logistic",
    ):
        self.alternatives = alternatives
        self.learner = learner
        self.crossed = crossed
        self.top_k = top_k
        self.frameworks = list(frameworks)
        self.criteria = list(criteria)
        self.precision = precision
        self.stance_precision = stance_precision
        self.Cs = tuple(C) if isinstance(C, tuple | list) else (C,)
        self.C = self.Cs[0]
        self.scorer = self.models = None
        self.thresholds = None

    # -- training ---------------------------------------------------------------------------

    def walk(self, body, title, frameworks=None):
        return Walk(
            body,
            title,
            frameworks or self.frameworks,
            self.criteria,
            alternatives=self.alternatives,
            crossed=self.crossed,
        )

    def article_candidates(self, body, title, models, frameworks=None):
        walk = self.walk(body, title, frameworks)
        pieces = []
        while batch := candidate_pieces(walk, models, CHUNK):
            pieces += batch
        return pieces

    def claim_texts(self, examples):
        """(masked quote, criterion, quote masked for its framework, stance, article index) of
        every curated claim."""
        names = Matcher.of_phrases((f.slug, f.names) for f in self.frameworks)
        rows = []
        for index, (body, _title, claims, *_) in enumerate(examples):
            text = blank_non_prose(body)
            for framework, criterion, stance, start, end in claims:
                quote = text[start:end]
                mentions = names.find(quote)
                rows.append(
                    (
                        masked_text(quote, mentions, 0, len(quote)),
                        criterion,
                        masked_text(quote, mentions, 0, len(quote), framework),
                        stance,
                        index,
                    )
                )
        return rows

    def text_models(self, rows, held=frozenset()):
        """The text models fitted on the claims of the articles not held out."""
        known = {c.slug for c in self.criteria}
        return TextModels(known, self.top_k, [r for r in rows if r[-1] not in held])

    def fit(self, examples):
        """examples: [(body, title, claims)] or [(body, title, claims, frameworks)], claims as
        (framework, criterion, stance, start, end) with body[start:end] the quote."""
        examples = [e for e in examples if e[2]]
        if not examples:
            return self
        rows = self.claim_texts(examples)
        groups = sorted({row[-1] for row in rows})
        folds = min(FOLDS, len(groups))
        # The text model's criteria for each training article come from a model fitted
        # without it, as they will for a new article.
        labelled = []
        for fold in range(folds):
            held = set(groups[fold::folds]) if folds > 1 else set()
            model = self.text_models(rows, held)
            for index, example in enumerate(examples):
                if index in held or (folds == 1 and fold == 0):
                    body, title, claims, *extra = example
                    pieces = self.article_candidates(
                        body, title, model, extra[0] if extra else None
                    )
                    labelled.append((index, pieces, claims))
        labelled.sort(key=lambda item: item[0])
        self.models = self.text_models(rows)
        data = [self.labels(pieces, claims) for _, pieces, claims in labelled]
        # the regularisation too is chosen on the training articles, as the thresholds are
        chosen = None
        for C in self.Cs:
            thresholds = self.choose_thresholds(labelled, data, folds, C)
            if chosen is None or self.selection > chosen[0]:
                chosen = (self.selection, C, thresholds)
        self.selection, self.C, self.thresholds = chosen
        self.scorer = self.train(data, self.C)
        return self

    def labels(self, pieces, claims):
        """[(features, label)] and, per candidate, the claims it matches on criterion and
        whether it matches one on stance."""
        features, targets, matched = [], [], []
        for piece in pieces:
            segment = piece.segment
            for candidate in piece.candidates:
                on_criterion = {
                    number
                    for number, claim in enumerate(claims)
                    if claim[0] == candidate.framework
                    and claim[1] == candidate.criterion
                    and claim[2] == candidate.stance
                    and overlaps(segment.start, segment.end, claim)
                }
                on_stance = any(
                    claim[0] == candidate.framework
                    and claim[2] == candidate.stance
                    and overlaps(segment.start, segment.end, claim)
                    for claim in claims
                )
                features.append(candidate.features)
                targets.append(int(bool(on_criterion)))
                matched.append((on_criterion, on_stance))
        return features, targets, matched

    def train(self, data, C):
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        features = [f for d in data for f in d[0]]
        targets = [t for d in data for t in d[1]]
        if len(set(targets)) < 2:
            return None
        if self.learner == "boosted":
            from sklearn.ensemble import HistGradientBoostingClassifier

            vectorizer = DictVectorizer(sparse=False)
            matrix = vectorizer.fit_transform([unworded(f) for f in features])
            classifier = HistGradientBoostingClassifier(
                max_iter=150, learning_rate=0.1, max_leaf_nodes=15, min_samples_leaf=40
            ).fit(matrix, targets)
            return Scorer(vectorizer, classifier, unworded)
        vectorizer = DictVectorizer()
        matrix = narrow(vectorizer.fit_transform(features))
        classifier = LogisticRegression(solver="liblinear", C=C).fit(matrix, targets)
        return Scorer(vectorizer, classifier)

    def choose_thresholds(self, labelled, data, folds, C):
        """The (first, second, bonus) that, over the training articles each scored by a judge
        fitted without it, give the most curated claims at the precision asked for (the article
        cap left aside)."""
        articles, claims_total = [], 0
        for fold in range(folds):
            held = set(range(fold, len(data), folds)) if folds > 1 else set(range(len(data)))
            train = [d for i, d in enumerate(data) if i not in held] or data
            scorer = self.train(train, C)
            for index in sorted(held):
                features, _targets, matched = data[index]
                scores = scorer.scores(features) if scorer else [0.0] * len(features)
                claims_total += len(labelled[index][2])
                articles.append((index, labelled[index][1], scores, matched))
        if not claims_total:
            return (0.5, 1.01, 0.0)
        best, best_key = (0.5, 1.01, 0.0), None
        for bonus in BONUSES:
            kept = []  # what decode could keep: (first needed, second needed, claims, stance)
            for index, pieces, scores, matched in articles:
                options = iter(zip(scores, matched, strict=True))
                for piece in pieces:
                    by_framework = {}
                    for candidate in piece.candidates:
                        score, (on_criterion, on_stance) = next(options)
                        score += bonus if candidate.proposal is not None else 0.0
                        by_framework.setdefault(candidate.framework, []).append(
                            (score, candidate.criterion, on_criterion, on_stance)
                        )
                    for options_of in by_framework.values():
                        options_of.sort(key=lambda option: -option[0])
                        top = options_of[0]
                        kept.append((top[0], -1.0, {(index, n) for n in top[2]}, top[3]))
                        other = next((o for o in options_of[1:] if o[1] != top[1]), None)
                        if other:
                            ids = {(index, n) for n in other[2]}
                            kept.append((top[0], other[0], ids, other[3]))
            for key, first, second in self.operating_points(kept, claims_total):
                if best_key is None or key > best_key:
                    best, best_key = (first, second, bonus), key
        self.selection = best_key
        return best

    def operating_points(self, kept, claims_total):
        """(key, first, second) over the grid of thresholds: key is (precision targets met,
        recall if met, else precision)."""
        import numpy

        first_needed = numpy.array([k[0] for k in kept])
        second_needed = numpy.array([k[1] for k in kept])
        right = numpy.array([bool(k[2]) for k in kept])
        right_stance = numpy.array([k[3] for k in kept])
        numbering = {}
        pairs = [
            (row, numbering.setdefault(c, len(numbering)))
            for row, k in enumerate(kept)
            for c in k[2]
        ]
        pair_rows = numpy.array([r for r, _ in pairs], dtype=int)
        pair_claims = numpy.array([c for _, c in pairs], dtype=int)
        grid = [x / 100 for x in range(5, 96, 2)]
        for first in grid:
            for second in [*(t for t in grid if t >= first), 9.0]:
                mask = (first_needed >= first) & ((second_needed < 0) | (second_needed >= second))
                proposed = int(mask.sum())
                if not proposed:
                    continue
                precision = right[mask].sum() / proposed
                stance_precision = right_stance[mask].sum() / proposed
                found = len(numpy.unique(pair_claims[mask[pair_rows]])) if pairs else 0
                ok = bool(precision >= self.precision and stance_precision >= self.stance_precision)
                yield (ok, found / claims_total if ok else precision), first, second

    # -- proposing --------------------------------------------------------------------------

    def propose(self, *, body, title, frameworks=None, criteria=None, limit=MAX_PROPOSALS):
        """Draft claims for an article, in reading order, quoted exactly at their offsets."""
        frameworks = frameworks or self.frameworks
        criteria = criteria or self.criteria
        if self.scorer is None:
            return propose_claims(
                body=body, title=title, frameworks=frameworks, criteria=criteria, limit=limit
            )
        walk = Walk(
            body, title, frameworks, criteria, alternatives=self.alternatives, crossed=self.crossed
        )
        first, second, bonus = self.thresholds
        found = []
        judged = 0
        while (
            len(found) < limit
            and judged < MAX_CANDIDATES
            and (batch := candidate_pieces(walk, self.models, CHUNK))
        ):
            options = [c.features for piece in batch for c in piece.candidates]
            judged += len(options)
            scores = iter(self.scorer.scores(options))
            scored = [
                (piece, [(c, float(next(scores))) for c in piece.candidates]) for piece in batch
            ]
            for piece, candidate in decode(scored, first, second, bonus, limit - len(found)):
                found.append(self.proposal(walk.reading, piece, candidate))
        # scores set side by side compare the frameworks they score, as the rules read them
        return scores_compared(walk.reading, walk.segments[: walk.position], found[:limit])

    @staticmethod
    def proposal(reading, piece, candidate):
        if candidate.proposal is not None:
            return replace(candidate.proposal, stance=candidate.stance)
        return make_proposal(
            reading, piece.segment, candidate.framework, candidate.criterion, candidate.stance
        )
