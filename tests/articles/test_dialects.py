"""Markdown dialects rewritten at import into the markdown the reader renders, and rendered."""

import re

import pytest

from articles.reading import read_article
from articles.reading.dialects import convert_dialects
from articles.reading.unwrap import is_hard_wrapped, unwrap_markdown
from articles.rendering import render_markdown

LIMIT = 1_000_000

MIXED = """# Quart or Sanic

{{NavigationMacro("Previous_page", "Next_page")}}

Both speak {{glossary("ASGI")}} and return {{glossary("JSON", "JSON documents")}}.

> [!WARNING]
> Sanic's own server
> is not Uvicorn.

:::tip[Worth knowing]
Quart mirrors the Flask API.
:::

=== "Quart"

    ```python
    app = Quart(__name__)  # :x: stays in code
    ```

=== "Sanic"

    Sanic needs an app name.

{% highlight python %}
app = Sanic("demo")
{% endhighlight %}

{% include footer.html %}
See {{< ref "routing.md" >}} and {{< relref "/docs/views" >}}.
{{% notice info %}}Hugo notice text.{{% /notice %}}

| Feature | Quart | Sanic |
|---|---|---|
| WebSockets | :white_check_mark: | :white_check_mark: |
| Blueprints | :heavy_check_mark: | :x: |

```yaml
port: {{/* get_env(name="PORT") */}}
```

Inline `{{ template }}` and `:x:` stay as written; `\\{{ escaped }}` is unescaped.
"""

LEFTOVERS = re.compile(r"!!!|===|\[!\w+\]|:::|\{%|\{\{|:[a-z_]+:|\{: ")


@pytest.fixture
def converted():
    return convert_dialects(MIXED)


def test_alerts_and_directives_become_admonitions(converted):
    assert "!!! warning\n    Sanic's own server\n    is not Uvicorn." in converted
    assert '!!! tip "Worth knowing"\n    Quart mirrors the Flask API.' in converted


def test_content_tabs_become_labelled_sections_with_their_content(converted):
    assert "**Quart**\n\n```python\napp = Quart(__name__)  # :x: stays in code\n```" in converted
    assert "**Sanic**\n\nSanic needs an app name." in converted


def test_liquid_hugo_and_macros(converted):
    assert '```python\napp = Sanic("demo")\n```' in converted
    assert "footer.html" not in converted and "Navigation" not in converted
    assert "Both speak ASGI and return JSON documents." in converted
    assert "See routing.md and /docs/views." in converted
    assert "Hugo notice text." in converted and "notice" not in converted.replace("notice text", "")
    assert "port: \n" in converted  # the Tera comment goes, even inside code


def test_emoji_shortcodes_become_emoji_outside_code(converted):
    assert "| WebSockets | ✅ | ✅ |" in converted
    assert "| Blueprints | ✔️ | ❌ |" in converted
    assert "Inline `{{ template }}` and `:x:` stay as written; `{{ escaped }}` is unescaped." in (
        converted
    )


def test_the_rendered_reader_page_shows_no_dialect_markup(tmp_path):
    path = tmp_path / "quart-or-sanic.md"
    path.write_text(MIXED, encoding="utf-8")
    html = str(render_markdown(read_article(path, max_bytes=LIMIT).body))
    assert '<div class="admonition warning">' in html
    assert '<p class="admonition-title">Worth knowing</p>' in html
    prose = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", html, flags=re.S)
    assert LEFTOVERS.findall(re.sub(r"<[^>]+>", " ", prose)) == []


WRAPPED = """Bottle and Falcon
=================

Bottle fits in a single file and
needs nothing but the standard
library.\\
Falcon is built for APIs.

- Falcon routes are compiled
  into a tree.
- Bottle has templates.

> A quoted sentence that
> wraps in the quote.

    indented code line one
    indented code line two

| a | b |
|---|---|
| 1 | 2 |
"""


def test_wrapped_paragraphs_are_joined_and_nothing_else(tmp_path):
    unwrapped = unwrap_markdown(WRAPPED)
    assert (
        unwrapped
        == """Bottle and Falcon
=================

Bottle fits in a single file and needs nothing but the standard library.

Falcon is built for APIs.

- Falcon routes are compiled into a tree.
- Bottle has templates.

> A quoted sentence that wraps in the quote.

    indented code line one
    indented code line two

| a | b |
|---|---|
| 1 | 2 |
"""
    )


def test_plain_text_is_joined_only_when_an_editor_wrapped_it():
    wrapped = (
        "Falcon is a minimalist framework for building web APIs and\n"
        "app backends, with a focus on reliability and speed of the\n"
        "request path.\n\n"
        "Bottle is a fast and simple micro framework that is shipped\n"
        "as a single module, with no dependencies other than the\n"
        "standard library of Python.\n"
    )
    scraped = "Blog Home\nFalcon vs Bottle\n\nFalcon is fast.\nBottle is small.\nShare\n"
    assert is_hard_wrapped(wrapped)
    assert not is_hard_wrapped(scraped)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # A comment in an indented code block is no heading.
        (
            "Intro line one.\n\n    # install it\n    pip install falcon\n\n# Real Title\n",
            "Real Title",
        ),
        # Nor is one in a fenced block.
        ("```sh\n# not a title\n```\n\nFalcon Compared\n===============\n", "Falcon Compared"),
        # A wrapped sentence's second line, underlined, is the whole heading once joined.
        (
            "Why we moved from Bottle\nto Falcon\n=========\n\nText.\n",
            "Why we moved from Bottle to Falcon",
        ),
    ],
)
def test_titles_come_from_headings_never_from_code_or_half_a_sentence(tmp_path, text, title):
    path = tmp_path / "titled.md"
    path.write_text(text, encoding="utf-8")
    assert read_article(path, max_bytes=LIMIT).metadata["title"] == title
