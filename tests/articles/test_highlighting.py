"""Search excerpts: markdown left out of an article's text the way one regex over it read it."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.highlighting import excerpt, without_markdown

# What without_markdown replaced: one pass of this regex, each match a space.
ONE_REGEX = re.compile(r"\]\([^)]*\)|[\[\]*_`#>]+")

markdownish = st.text(alphabet="ab ]()[*_`#>\n", max_size=60)


def words(text):
    return text.split()


@settings(max_examples=2000)
@given(markdownish)
def test_the_same_words_as_the_one_regex_left(text):
    assert words(without_markdown(text)) == words(ONE_REGEX.sub(" ", text))


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["orm", "**ORM**", "[orm](x)", "](", ")", "ab", "_b_", "\n"])))
def test_the_same_excerpt_as_the_one_regex_gave(pieces):
    text = " ".join(pieces) * 8
    assert excerpt(without_markdown(text), ["orm"], width=40) == excerpt(
        ONE_REGEX.sub(" ", text), ["orm"], width=40
    )


def test_link_targets_and_marks_are_left_out():
    text = "## Notes\n\nSee the [*ORM* guide](https://example.com/o_r_m) and `code` > quote."
    assert " ".join(words(without_markdown(text))) == "Notes See the ORM guide and code quote."
