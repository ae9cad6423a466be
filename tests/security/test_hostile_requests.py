"""Generated query strings, path segments, methods and headers against every public URL: the
site answers each with a page, a redirect or a 4xx, never a server error."""

from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.models import Claim, Source

from .conftest import HOSTILE_SLUG

pytestmark = pytest.mark.django_db

# Every named public route, with arguments that exist in the small knowledge base.
ROUTES = {
    "home": {},
    "sitemap": {},
    "sitemap-section": {"section": "claims"},
    "compare:form": {},
    "compare:compare": {"pair": "django-vs-flask"},
    "compare:export": {"pair": "flask-vs-django", "export_format": "csv"},
    "compare:framework-list": {},
    "compare:framework-detail": {"slug": "django"},
    "compare:criterion-list": {},
    "compare:criterion-detail": {"slug": "admin-panel"},
    "articles:source-list": {},
    "articles:source-detail": {"slug": HOSTILE_SLUG},
    "articles:claim-detail": {"pk": None},  # a published claim's, filled in at run time
    "articles:search": {},
    "articles:claims-feed": {},
}
EXTRA_URLS = ["/compare/django-vs-flask-vs-fastapi/", "/compare/django-vs-flask.json"]

# Names the site's own forms and links use, so generated values reach real parsing code.
KNOWN_KEYS = [
    "q",
    "source",
    "stance",
    "group",
    "year",
    "compare",
    "frameworks",
    "page",
    "p",
    "criterion",
    "framework",
]
CORNER_VALUES = [
    "", "\x00", "%", "%zz", "%00", "%ff%fe", "%ed%a0%80", "a" * 5000, "<script>alert(1)</script>",
    "' OR 1=1 --", "../../etc/passwd", "{{ settings.SECRET_KEY }}", "{% debug %}", "-1", "0",
    "99999999999999999999999999", "1e309", "NaN", "django-vs-flask", "django,flask", "\ufeff",
    "\u202e", "𝔇𝔧𝔞𝔫𝔤𝔬", "strength", "weakness", "built-in", "2024", "\r\nSet-Cookie: x=1",
]  # fmt: skip


def encoded(text):
    return quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe="")


values = st.one_of(
    st.sampled_from(CORNER_VALUES),
    st.text(max_size=60),  # any code point, NUL and controls included
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=3),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=20))


@st.composite
def query_strings(draw):
    """A raw query string: pairs (often repeating a key), percent-encoded or sent as raw bytes."""
    parts = []
    for key, value in draw(st.lists(st.tuples(keys, values), max_size=8)):
        if draw(st.booleans()):
            parts.append(f"{encoded(key)}={encoded(value)}")
        else:
            # As a client may send it: unencoded, the bytes read as latin-1 the way WSGI does.
            raw = f"{key}={value}".encode("utf-8", "surrogatepass").decode("latin-1")
            parts.append(raw)
    if draw(st.booleans()):
        parts.append(draw(st.binary(max_size=30)).decode("latin-1"))
    return "&".join(parts)


def public_route_names():
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name != "admin":
                    walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


@pytest.fixture
def public_urls(knowledge_base):
    claim = Claim.objects.published().order_by("pk").first()
    urls = []
    for name, kwargs in ROUTES.items():
        kwargs = {key: claim.pk if value is None else value for key, value in kwargs.items()}
        urls.append(reverse(name, kwargs=kwargs))
    return urls + EXTRA_URLS


@pytest.fixture
def anyone():
    return Client(raise_request_exception=False)


def test_every_public_route_is_exercised():
    assert public_route_names() == set(ROUTES)


def test_the_public_urls_answer_normally(anyone, public_urls):
    for url in public_urls:
        assert anyone.get(url).status_code == 200, url


def test_generated_query_strings_never_cause_a_server_error(anyone, public_urls):
    @settings(max_examples=120)
    @given(url=st.sampled_from(public_urls), query=query_strings())
    def check(url, query):
        response = anyone.get(url, QUERY_STRING=query)
        assert response.status_code < 500, (url, query)

    check()


# Path segments: anything at all, slugs that are almost real, and many-framework comparisons.
SLUGS = ["django", "flask", "fastapi", "pyramid", "admin-panel", HOSTILE_SLUG]
segments = st.one_of(
    st.text(min_size=1, max_size=80),
    st.from_regex(r"[-a-zA-Z0-9_]{1,300}", fullmatch=True),
    st.lists(st.one_of(st.sampled_from(SLUGS), st.from_regex(r"[a-z0-9_]{0,12}", fullmatch=True)),
             min_size=1, max_size=60).map("-vs-".join),
    st.sampled_from(CORNER_VALUES[1:]),
)  # fmt: skip
PREFIXES = ["compare/", "frameworks/", "criteria/", "sources/", "claims/", "feeds/", "search/", ""]


def test_generated_path_segments_never_cause_a_server_error(anyone, knowledge_base):
    @settings(max_examples=150)
    @given(
        prefix=st.sampled_from(PREFIXES),
        segment=segments,
        suffix=st.sampled_from(["/", "", ".json", ".csv", "/extra/", "//"]),
    )
    def check(prefix, segment, suffix):
        url = f"/{prefix}{encoded(segment)}{suffix}"
        response = anyone.get(url)
        assert response.status_code < 500, url

    check()


def test_huge_and_negative_claim_numbers_are_not_found(anyone, knowledge_base):
    @settings(max_examples=40)
    @given(number=st.one_of(st.integers(min_value=10**6), st.integers(max_value=-1)))
    def check(number):
        response = anyone.get(f"/claims/{number}/")
        assert response.status_code == 404, number

    check()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "head", "trace"])
def test_other_methods_on_public_urls_are_refused_or_harmless(public_urls, method):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    before = (Source.objects.count(), Claim.objects.count())
    for url in public_urls:
        response = client.generic(method.upper(), url, data="q=x&stance=strength")
        assert response.status_code < 500, (method, url)
        if method in ("post", "put", "patch", "delete"):
            assert response.status_code in (403, 405), (method, url)
    assert (Source.objects.count(), Claim.objects.count()) == before


def test_hostile_headers_never_cause_a_server_error(anyone, public_urls):
    @settings(max_examples=60)
    @given(
        url=st.sampled_from(public_urls),
        host=st.one_of(st.just("testserver"), st.text(max_size=40).map(encoded), st.text(max_size=40)),
        header=st.sampled_from(["HTTP_ACCEPT_LANGUAGE", "HTTP_REFERER", "HTTP_USER_AGENT",
                                "HTTP_X_FORWARDED_PROTO", "HTTP_IF_MODIFIED_SINCE",
                                "HTTP_IF_NONE_MATCH", "HTTP_COOKIE", "HTTP_ACCEPT"]),
        value=values,
    )  # fmt: skip
    def check(url, host, header, value):
        latin = value.encode("utf-8", "surrogatepass").decode("latin-1")
        response = anyone.get(url, HTTP_HOST=host, **{header: latin})
        assert response.status_code < 500, (url, host, header, value)

    check()
