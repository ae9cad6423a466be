"""A hostile article, as the open web might send one, and the checks every page must pass."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from hypothesis import HealthCheck, settings

from articles.models import Claim, Source
from tests.conftest import write_article

# Property tests stay quick and leave no example database in the working tree.
settings.register_profile(
    "security",
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("security")

HOSTILE_SLUG = "hostile-django-vs-flask"
TEMPLATE_SYNTAX = ["{{ settings.SECRET_KEY }}", "{% debug %}"]

# Every way an article could try to run code, restyle the page or reach the template engine.
IMG = 'Django ships an admin panel <img id="pwned" src=x onerror="window.pwned=1;alert(\'img\')"> that saves time.'
JS_LINK = (
    "Flask keeps things small, see [the docs](javascript:window.pwned=1;alert('link')) for more."
)
DATA_LINK = 'Django security has <a id="pwned-data" href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a data link</a> in it.'
TEMPLATE = "Flask templating shows {{ settings.SECRET_KEY }} and {% debug %} as they are."
SCRIPT = "Django routing <script>window.pwned=1;alert('script')</script> is explicit."
HOSTILE_BODY = f"""# Django <script>alert('heading')</script> vs Flask

{IMG}

{JS_LINK}

{DATA_LINK}

{TEMPLATE}

{SCRIPT}

<iframe id="pwned-frame" src="javascript:alert('frame')"></iframe>

<style>body {{ display: none !important }}</style>

<div id="pwned-div" onmouseover="alert('hover')" style="position:fixed;inset:0">Flask hover trap</div>

<svg id="pwned-svg" onload="alert('svg')"><circle r="5"></circle></svg>

<form id="pwned-form" action="javascript:alert('form')"><input autofocus onfocus="alert('focus')"></form>

<a href="JaVaScRiPt:alert('case')">mixed case</a>, <a href="&#106;avascript:alert('entity')">entity</a>,
<a href=" javascript:alert('space')">space</a> and <a href="vbscript:msgbox(1)">vbscript</a>.

<object data="data:text/html,<script>alert('object')</script>"></object>
<embed src="javascript:alert('embed')">
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=javascript:alert('meta')">
<math><mi xlink:href="javascript:alert('math')">x</mi></math>
<noscript><p title="</noscript><img src=x onerror=alert('noscript')>"></noscript>

![picture](javascript:alert('image'))

[reference link][evil]

[evil]: javascript:alert('reference')

<!-- <script>alert('comment')</script> -->

`<script>alert('code')</script>` and

```html
<script>alert('fenced')</script>
```
"""
HOSTILE_HEADER = {
    "title": "<script>alert('title')</script> Django vs Flask {{ settings.SECRET_KEY }}",
    "author": "<img src=x onerror=alert('author')>",
    "publisher": "{% debug %} Evil & Co",
    "published": "2024-05-01",
}
HOSTILE_CLAIMS = [
    {
        "framework": "django",
        "criterion": "admin-panel",
        "stance": "strength",
        "summary": "<script>alert('summary')</script> Ships an admin {{ settings.SECRET_KEY }}",
        "quote": IMG,
    },
    {
        "framework": "flask",
        "criterion": "flexibility",
        "stance": "strength",
        "summary": '=HYPERLINK("https://evil.example","click") keeps things small',
        "quote": JS_LINK,
    },
    {
        "framework": "django",
        "criterion": "security",
        "stance": "weakness",
        "summary": '<a href="javascript:alert(1)">Data</a> links in the text',
        "quote": DATA_LINK,
    },
    {
        "framework": "flask",
        "criterion": "templating",
        "stance": "neutral",
        "summary": "+cmd|' /C calc'!A0 {% debug %} shows template syntax literally",
        "quote": TEMPLATE,
    },
    {
        "framework": "django",
        "criterion": "routing",
        "stance": "neutral",
        "summary": "@SUM(1+1) Routing with a script in the middle",
        "quote": SCRIPT,
    },
]


@pytest.fixture
def hostile_folder(article_folder):
    write_article(
        article_folder, HOSTILE_SLUG, HOSTILE_BODY, header=HOSTILE_HEADER, claims=HOSTILE_CLAIMS
    )
    return article_folder


@pytest.fixture
def hostile(hostile_folder):
    """The hostile article loaded, its claims published: (source, claims in file order)."""
    call_command("load_articles", str(hostile_folder), verbosity=0)
    source = Source.objects.get(slug=HOSTILE_SLUG)
    claims = [source.claims.get(quote=item["quote"]) for item in HOSTILE_CLAIMS]
    assert all(claim.status == Claim.Status.PUBLISHED for claim in claims)
    return source, claims


SCRIPT_SCHEMES = re.compile(r"^(?:javascript|vbscript|data):", re.I)
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
}
FOREIGN_ELEMENTS = ["iframe", "frame", "object", "embed", "base", "math", "noscript", "applet"]


def scheme_of(value):
    """A URL's scheme as a browser reads it: control characters and whitespace don't count."""
    return re.sub(r"[\x00-\x20]", "", value)


def executable_parts(html, *, allowed_script=lambda tag: False):
    """Everything in a page that could run or restyle it: an empty list when the page is safe."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        if tag.name == "script" and not allowed_script(tag):
            found.append(f"script element: {str(tag)[:120]}")
        if tag.name in FOREIGN_ELEMENTS or (tag.name == "style" and tag.parent.name != "head"):
            found.append(f"{tag.name} element: {str(tag)[:120]}")
        if tag.name == "meta" and tag.get("http-equiv", "").lower() == "refresh":
            found.append(f"meta refresh: {tag}")
        if (tag.get("id") or "").startswith("pwned"):
            found.append(f"planted element: {str(tag)[:120]}")
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                found.append(f"event handler {name}={text!r} on <{tag.name}>")
            if name.lower() in URL_ATTRIBUTES and SCRIPT_SCHEMES.match(scheme_of(text)):
                found.append(f"script URL {name}={text!r} on <{tag.name}>")
            if name.lower() == "style" and "position" in text:
                found.append(f"injected style on <{tag.name}>: {text!r}")
    return found


def page_text(html):
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


LEAKY_SLUG = "leaky-django-vs-flask"
LEAKY_BODY = """Django scales for the quokkadraft teams that need it.

Flask needs extensions for the zebrarejected cases, and Django does not.

Django is batteries included for everyone who reads this.
"""
LEAKY_CLAIMS = [
    {
        "framework": "django",
        "criterion": "scalability",
        "stance": "strength",
        "summary": "Unpublished quokkadraft summary",
        "quote": "Django scales for the quokkadraft teams that need it.",
        "status": "draft",
    },
    {
        "framework": "flask",
        "criterion": "extensions",
        "stance": "weakness",
        "summary": "Withdrawn zebrarejected summary",
        "quote": "Flask needs extensions for the zebrarejected cases",
        "status": "rejected",
    },
    {
        "framework": "django",
        "criterion": "development-speed",
        "stance": "strength",
        "summary": "Batteries included, published",
        "quote": "Django is batteries included for everyone who reads this.",
    },
]
# Words only the unpublished claims' summaries carry.
SECRET_WORDS = ("Unpublished quokkadraft summary", "Withdrawn zebrarejected summary")


@pytest.fixture
def knowledge_base(hostile_folder):
    """A small knowledge base: the hostile article, and one with a draft and a rejected claim.

    Returns the unpublished claims and one published claim of the second article.
    """
    write_article(hostile_folder, LEAKY_SLUG, LEAKY_BODY, claims=LEAKY_CLAIMS)
    call_command("load_articles", str(hostile_folder), verbosity=0)
    leaky = Source.objects.get(slug=LEAKY_SLUG)
    hidden = list(leaky.claims.exclude(status=Claim.Status.PUBLISHED).order_by("pk"))
    published = leaky.claims.get(status=Claim.Status.PUBLISHED)
    return hidden, published
