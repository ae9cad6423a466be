import pytest

from articles.anchoring import QuoteAmbiguous, QuoteNotFound, locate, occurrences, reanchor

TEXT = "Flask is small. Django is big. Flask is small."


def test_locate_finds_a_unique_quote():
    assert locate(TEXT, "Django is big.") == (16, 30)


def test_locate_refuses_an_ambiguous_quote_unless_told_which():
    with pytest.raises(QuoteAmbiguous, match="2 times"):
        locate(TEXT, "Flask is small.")
    assert locate(TEXT, "Flask is small.", occurrence=2) == (31, 46)


def test_locate_refuses_a_missing_quote_or_occurrence():
    with pytest.raises(QuoteNotFound):
        locate(TEXT, "Pyramid")
    with pytest.raises(QuoteNotFound, match="occurs 2 time"):
        locate(TEXT, "Flask is small.", occurrence=3)


def test_occurrences_include_overlapping_ones():
    assert occurrences("aaaa", "aa") == [0, 1, 2]


def test_reanchor_picks_the_occurrence_nearest_the_old_place():
    assert reanchor("xx " + TEXT, "Flask is small.", old_start=31) == (34, 49)
    assert reanchor(TEXT, "Bottle", old_start=0) is None
