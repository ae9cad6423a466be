"""A generated knowledge base for measuring speed at scale: plain functions, seeded, repeatable.

Everything comes from one random.Random(seed), so the same seed and sizes give the same
frameworks, criteria, articles and claims, character for character. Articles are sentences of
ordinary words and the frameworks' names, 1,500 to 3,000 words long with headings and lists like
real comparison articles; every claim quotes one whole sentence of its article at its exact
offsets, as curated claims do. The rows are written with bulk_create: the target is a throwaway
database, never the site's own (the management command refuses that).
"""

import datetime
import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify

from criteria.models import Criterion, CriterionGroup, Framework

from .anchoring import occurrences
from .models import Claim, Source

# Generated rows carry fixed dates, so the same seed gives the same corpus.
GENERATED_AT = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
FULL_SIZE = {"frameworks": 40, "criteria": 120, "sources": 2000, "claims": 100_000}

FRAMEWORK_NAMES = [
    ("Django", "Python"), ("Flask", "Python"), ("FastAPI", "Python"), ("Rails", "Ruby"),
    ("Laravel", "PHP"), ("Express", "JavaScript"), ("Spring Boot", "Java"),
    ("ASP.NET Core", "C#"), ("Phoenix", "Elixir"), ("Symfony", "PHP"), ("Next.js", "JavaScript"),
    ("NestJS", "TypeScript"), ("Gin", "Go"), ("Echo", "Go"), ("Fiber", "Go"), ("Pyramid", "Python"),
    ("Tornado", "Python"), ("Sanic", "Python"), ("Starlette", "Python"), ("Bottle", "Python"),
    ("CherryPy", "Python"), ("Falcon", "Python"), ("Litestar", "Python"), ("Quart", "Python"),
    ("Sinatra", "Ruby"), ("Hanami", "Ruby"), ("CodeIgniter", "PHP"), ("Yii", "PHP"),
    ("CakePHP", "PHP"), ("Koa", "JavaScript"), ("Hapi", "JavaScript"), ("AdonisJS", "TypeScript"),
    ("Micronaut", "Java"), ("Quarkus", "Java"), ("Play", "Scala"), ("Ktor", "Kotlin"),
    ("Actix Web", "Rust"), ("Axum", "Rust"), ("Rocket", "Rust"), ("Vapor", "Swift"),
    ("Remix", "JavaScript"), ("Nuxt", "JavaScript"), ("Meteor", "JavaScript"), ("Grails", "Groovy"),
]  # fmt: skip

TOPICS = [
    "admin panel", "ORM", "database migrations", "templating", "routing", "authentication",
    "authorisation", "forms", "validation", "REST APIs", "GraphQL", "WebSockets", "async support",
    "background jobs", "caching", "security", "CSRF protection", "performance", "scalability",
    "deployment", "containers", "serverless", "monitoring", "logging", "testing tools",
    "debugging", "documentation", "learning curve", "community", "third-party packages",
    "release cadence", "long-term support", "type hints", "code generation", "project layout",
    "configuration", "internationalisation", "file uploads", "email", "search", "pagination",
    "rate limiting", "dependency injection", "hot reload", "CLI tooling", "IDE support",
    "hiring", "enterprise adoption", "microservices", "monoliths", "prototyping", "licensing",
]  # fmt: skip
ASPECTS = ["", " in practice", " for large teams"]

OPENERS = [
    "In our experience", "According to the benchmarks we ran", "For most teams",
    "When the project grows", "Out of the box", "Compared with the alternatives",
    "On a greenfield project", "In production", "For a small startup", "Once you get past setup",
    "By default", "With a little configuration", "In the long run", "For newcomers",
]  # fmt: skip
VERBS = [
    "makes", "simplifies", "complicates", "handles", "supports", "ships with", "leaves out",
    "delegates", "speeds up", "slows down", "encourages", "requires", "offers", "hides",
]  # fmt: skip
FILLER = (  # noqa: SIM905 (a sentence of words reads better than a list)
    "the application code developers project team features request response model view "
    "controller database query template library extension plugin module package function class "
    "endpoint server client user session cookie token header payload schema migration field "
    "record table index cache worker queue task job process thread memory latency throughput "
    "release version upgrade path convention configuration default setting option approach "
    "pattern structure layer boundary interface contract service component middleware handler "
    "decorator annotation type error exception message log metric trace test fixture mock"
).split()
CONNECTIVES = [
    "which means", "because", "although", "so that", "while", "even though", "and therefore",
    "but in return", "as long as", "unless",
]  # fmt: skip
ADJECTIVES = [
    "solid", "mature", "lightweight", "opinionated", "flexible", "verbose", "minimal", "robust",
    "fast", "slow", "clear", "confusing", "consistent", "batteries-included", "modular",
]  # fmt: skip
FIRST_NAMES = ["Ana", "Ben", "Chen", "Dara", "Emeka", "Fatima", "Gita", "Hugo", "Ines", "Jonas",
               "Kemal", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tomas"]  # fmt: skip
LAST_NAMES = ["Novak", "Okafor", "Silva", "Tanaka", "Müller", "Haddad", "Kowalski", "Nguyen",
              "Petrov", "Rossi", "Schmidt", "Walsh", "Yilmaz", "Andersen", "Bauer", "Costa"]  # fmt: skip
PUBLISHERS = ["DevWeekly", "Code & Coffee", "The Backend Review", "StackCraft", "WebOps Journal",
              "Pragmatic Pixels", "Server Side Up", "Framework Field Notes", ""]  # fmt: skip

STANCE_WEIGHTS = (("strength", 45), ("weakness", 30), ("neutral", 25))
STATUS_WEIGHTS = (("published", 90), ("draft", 7), ("rejected", 3))


@dataclass
class GeneratedSource:
    source: Source
    frameworks: list  # Framework instances the article is about
    sentences: list  # (start, end) of every sentence in the body


def popularity(count, *, skew=0.7):
    """Mildly skewed weights: a few frameworks (or criteria) are written about far more."""
    return [1 / (rank + 3) ** skew for rank in range(count)]


def frameworks_build(count):
    if count > len(FRAMEWORK_NAMES):
        raise ValueError(f"at most {len(FRAMEWORK_NAMES)} frameworks")
    return [
        Framework(
            name=name,
            slug=slugify(name.replace(".", "-")) or f"framework-{index}",
            language=language,
            first_release_year=2000 + index % 24,
            homepage=f"https://{slugify(name)}.example.org/",
            description=f"{name}, a web framework written in {language}.",
            aliases=name,
        )
        for index, (name, language) in enumerate(FRAMEWORK_NAMES[:count])
    ]


def criteria_build(count):
    names = [f"{topic[:1].upper()}{topic[1:]}{aspect}" for aspect in ASPECTS for topic in TOPICS]
    if count > len(names):
        raise ValueError(f"at most {len(names)} criteria")
    groups = CriterionGroup.values
    return [
        Criterion(
            name=name,
            slug=slugify(name),
            group=groups[index % len(groups)],
            order=index // len(groups),
            description=f"What the sources say about {name.lower()}.",
            keywords=name.lower(),
        )
        for index, name in enumerate(names[:count])
    ]


def sentence(rng, frameworks, topics):
    """One sentence of 8 to 35 words mentioning a framework and a topic."""
    framework = rng.choice(frameworks).name
    topic = rng.choice(topics)
    words = [rng.choice(OPENERS) + ",", framework, rng.choice(VERBS), "the", topic]
    for _ in range(rng.randint(1, 4)):
        words += rng.sample(FILLER, rng.randint(1, 4))
        if rng.random() < 0.4:
            words += [rng.choice(CONNECTIVES), rng.choice(frameworks).name, "is"]
            words.append(rng.choice(ADJECTIVES))
    text = " ".join(words[:35])
    return text[0].upper() + text[1:] + rng.choice(".....!?")


def article_body(rng, frameworks, topics, *, min_words, min_sentences):
    """Markdown paragraphs under headings, with the odd list, and each sentence's span."""
    parts, spans, length, words = [], [], 0, 0

    def add(text, *, is_sentence=False):
        nonlocal length
        if is_sentence:
            spans.append((length, length + len(text)))
        parts.append(text)
        length += len(text)

    target = rng.randint(min_words, min_words * 2)
    while words < target or len(spans) < min_sentences:
        if parts:
            add("\n\n")
        if rng.random() < 0.3:
            add(f"## {rng.choice(topics).capitalize()} in {rng.choice(frameworks).name}\n\n")
        if rng.random() < 0.15:
            for index in range(rng.randint(2, 5)):
                add("\n- " if index else "- ")
                text = sentence(rng, frameworks, topics)
                add(text, is_sentence=True)
                words += text.count(" ") + 1
            continue
        for index in range(rng.randint(3, 7)):
            if index:
                add(" ")
            text = sentence(rng, frameworks, topics)
            add(text, is_sentence=True)
            words += text.count(" ") + 1
    return "".join(parts), spans


def sources_build(rng, claim_counts, frameworks, criteria):
    """One article per entry of CLAIM_COUNTS, with more sentences than it has claims."""
    weights = popularity(len(frameworks))
    topics = [criterion.name.lower() for criterion in criteria]
    generated = []
    for index, claim_count in enumerate(claim_counts):
        chosen = []
        for _ in range(rng.choice((2, 2, 2, 3, 3, 4, 5))):
            framework = rng.choices(frameworks, weights)[0]
            if framework not in chosen:
                chosen.append(framework)
        if len(chosen) < 2:
            chosen.append(next(f for f in frameworks if f not in chosen))
        body, spans = article_body(
            rng, chosen, topics, min_words=1500, min_sentences=claim_count + 10
        )
        names = " vs ".join(framework.name for framework in chosen)
        title = "" if rng.random() < 0.04 else f"{names}: {rng.choice(topics)} and more compared"
        author = (
            "" if rng.random() < 0.15 else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        )
        published = (
            None
            if rng.random() < 0.1
            else datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3650))
        )
        original = f"{title}\n\n{body}\n"
        source = Source(
            title=title,
            slug=f"scale-{index:05d}-{slugify(names)}"[:200],
            author=author,
            publisher=rng.choice(PUBLISHERS),
            url=f"https://articles.example.org/{index:05d}/{slugify(names)}/",
            published=published,
            body=body,
            original_text=original,
            original_sha256=hashlib.sha256(original.encode()).hexdigest(),
            original_filename=f"scale-{index:05d}.txt",
            imported_at=GENERATED_AT,
        )
        generated.append(GeneratedSource(source, chosen, spans))
    return generated


def claim_counts(rng, sources, total):
    """How many claims each source gets: around the mean, summing to exactly TOTAL."""
    mean = total / sources
    counts = [max(5, round(rng.gauss(mean, mean / 3))) for _ in range(sources)]
    while sum(counts) != total:
        index = rng.randrange(sources)
        step = 1 if sum(counts) < total else -1
        if counts[index] + step >= 5:
            counts[index] += step
    return counts


def summary_text(rng, framework, criterion, stance):
    verb = {
        "strength": "does well on",
        "weakness": "falls short on",
        "neutral": "takes a stance on",
    }
    text = f"{framework.name} {verb[stance]} {criterion.name.lower()}"
    extras = rng.sample(FILLER, rng.randint(2, 12))
    while extras and len(text) < rng.randint(40, 120):
        text += " " + extras.pop()
    if len(text) < 40:
        text += ", according to the article"
    return text[:119].rstrip() + "."


def claims_build(rng, generated, criteria, counts):
    """Unsaved claims: each quotes a distinct whole sentence of its source."""
    criterion_weights = popularity(len(criteria), skew=0.5)
    stances, stance_weights = zip(*STANCE_WEIGHTS, strict=True)
    statuses, status_weights = zip(*STATUS_WEIGHTS, strict=True)
    claims = []
    for item, count in zip(generated, counts, strict=True):
        body = item.source.body
        spans = rng.sample(item.sentences, count)
        for start, end in sorted(spans):
            framework = rng.choice(item.frameworks)
            criterion = rng.choices(criteria, criterion_weights)[0]
            stance = rng.choices(stances, stance_weights)[0]
            claims.append(
                Claim(
                    source=item.source,
                    framework=framework,
                    criterion=criterion,
                    stance=stance,
                    summary=summary_text(rng, framework, criterion, stance),
                    quote=body[start:end],
                    quote_start=start,
                    quote_end=end,
                    status=rng.choices(statuses, status_weights)[0],
                )
            )
    return claims


@dataclass
class Corpus:
    frameworks: list
    criteria: list
    sources: list  # GeneratedSource
    claims: list


def corpus_build(*, seed, frameworks, criteria, sources, claims):
    """The whole corpus as unsaved model instances, the same for the same seed and sizes."""
    rng = random.Random(seed)
    framework_rows = frameworks_build(frameworks)
    criterion_rows = criteria_build(criteria)
    counts = claim_counts(rng, sources, claims)
    generated = sources_build(rng, counts, framework_rows, criterion_rows)
    claim_rows = claims_build(rng, generated, criterion_rows, counts)
    return Corpus(framework_rows, criterion_rows, generated, claim_rows)


def corpus_write(corpus, *, using="default", batch_size=2000):
    """Insert the corpus with bulk_create (ids come back, so claims can point at their rows)."""
    Framework.objects.using(using).bulk_create(corpus.frameworks, batch_size=batch_size)
    Criterion.objects.using(using).bulk_create(corpus.criteria, batch_size=batch_size)
    Source.objects.using(using).bulk_create(
        [item.source for item in corpus.sources], batch_size=200
    )
    # The related instances now carry their ids, which bulk_create copies into the claims; the
    # claims must say they belong to the same database for that.
    for number, claim in enumerate(corpus.claims):
        claim._state.db = using
        # bulk_create skips save(): date publications here, deterministically.
        claim.stamp_publication(GENERATED_AT + datetime.timedelta(minutes=number))
    Claim.objects.using(using).bulk_create(corpus.claims, batch_size=batch_size)


# Article files for timing load_articles: the same articles, as curators would write them.


def toml_string(value):
    return json.dumps(value, ensure_ascii=False)


def vocabulary_files_write(corpus, folder):
    lines = []
    for framework in corpus.frameworks:
        lines += [
            "[[frameworks]]",
            f"slug = {toml_string(framework.slug)}",
            f"name = {toml_string(framework.name)}",
            f"language = {toml_string(framework.language)}",
            f"first_release_year = {framework.first_release_year}",
            f"homepage = {toml_string(framework.homepage)}",
            f"description = {toml_string(framework.description)}",
            f"aliases = [{toml_string(framework.name)}]",
            "",
        ]
    (folder / "frameworks.toml").write_text("\n".join(lines), encoding="utf-8")
    lines = []
    for criterion in corpus.criteria:
        lines += [
            "[[criteria]]",
            f"slug = {toml_string(criterion.slug)}",
            f"name = {toml_string(criterion.name)}",
            f"group = {toml_string(criterion.group)}",
            f"description = {toml_string(criterion.description)}",
            f"keywords = [{toml_string(criterion.keywords)}]",
            "",
        ]
    (folder / "criteria.toml").write_text("\n".join(lines), encoding="utf-8")


def article_files_write(corpus, folder, *, count):
    """COUNT articles as SLUG.md with a header, each with its claims in SLUG.claims.toml."""
    folder = Path(folder)
    articles = folder / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    vocabulary_files_write(corpus, folder)
    by_source = {}
    for claim in corpus.claims:
        by_source.setdefault(id(claim.source), []).append(claim)
    for item in corpus.sources[:count]:
        source = item.source
        header = [
            "---",
            f"title: {source.title}",
            f"author: {source.author}",
            f"publisher: {source.publisher}",
            f"url: {source.url}",
            f"published: {source.published.isoformat() if source.published else ''}",
            "---",
            "",
        ]
        (articles / f"{source.slug}.md").write_text(
            "\n".join(header) + source.body + "\n", encoding="utf-8"
        )
        lines = []
        for claim in by_source.get(id(source), []):
            lines += [
                "[[claims]]",
                f"framework = {toml_string(claim.framework.slug)}",
                f"criterion = {toml_string(claim.criterion.slug)}",
                f"stance = {toml_string(claim.stance)}",
                f"summary = {toml_string(claim.summary)}",
                f"quote = {toml_string(claim.quote)}",
            ]
            starts = occurrences(source.body, claim.quote)
            if len(starts) > 1:
                lines.append(f"occurrence = {starts.index(claim.quote_start) + 1}")
            if claim.status != "published":
                lines.append(f"status = {toml_string(claim.status)}")
            lines.append("")
        (articles / f"{source.slug}.claims.toml").write_text("\n".join(lines), encoding="utf-8")
    return count
