"""The verdict of the sources, per framework per criterion (a cell of the grid).

The verdict of a framework on a criterion (one grid cell), from its claims there:

1. Each source that says anything about it leans *for* it (more strengths than weaknesses),
   *against* it (more weaknesses), or neither (as many of each, or facts only).
2. The cell is **favoured** when more sources lean for it than against, **weak** when more
   lean against, **mixed** when as many lean each way (or sources only weigh both sides),
   **neutral** when the sources only state facts, and **no evidence** without a claim.
3. It is **contested** when different sources lean opposite ways: its findings are then shown
   for and against side by side, with their quotes. Neither "mixed" nor "even" is an alarm.
"""

STANCE_SCORE = {"strength": 1, "neutral": 0, "weakness": -1}

# A verdict's shape (never colour alone) and word.
VERDICTS = {
    "favoured": ("▲", "favoured"),
    "weak": ("▼", "weak"),
    "mixed": ("◆", "mixed"),
    "neutral": ("●", "neutral"),
    "none": ("○", "no evidence"),
}


def source_leaning(stances):
    """How one source's claims on one framework and criterion lean: "for", "against", "both"
    (as many strengths as weaknesses) or "facts" (neutral claims only)."""
    score = sum(STANCE_SCORE[stance] for stance in stances)
    return leaning(score, weighs=any(stance != "neutral" for stance in stances))


def leaning(score, *, weighs):
    """source_leaning from its figures: strengths minus weaknesses, and whether any claim is
    other than neutral (a comparison tallies these as it reads its claims)."""
    if score > 0:
        return "for"
    if score < 0:
        return "against"
    return "both" if weighs else "facts"


def cell_verdict(leanings):
    """The verdict from each source's leaning (the rule in this module's docstring)."""
    return verdict_from_counts(
        leanings.count("for"), leanings.count("against"), "both" in leanings, len(leanings)
    )


def verdict_from_counts(pro, con, any_both, sources):
    """cell_verdict from its counts: the sources leaning for and against, whether any leans
    both ways, and the sources in all (a comparison counts these rather than list leanings)."""
    if not sources:
        return "none"
    if pro > con:
        return "favoured"
    if con > pro:
        return "weak"
    if pro or any_both:
        return "mixed"
    return "neutral"


def source_verdict(scores):
    """What one source says on one row across frameworks: ("favours", slug), ("even", None) or
    None. `scores` maps each framework the source speaks about to strengths minus weaknesses."""
    if not scores:
        return None
    if len(scores) == 1:  # most sources speak of one framework on a criterion: the rule below
        ((slug, score),) = scores.items()
        return ("favours", slug) if score > 0 else None
    best = max(scores.values())
    leaders = [slug for slug, score in scores.items() if score == best]
    if len(leaders) == 1 and (best > 0 or len(scores) > 1):
        return ("favours", leaders[0])
    if len(leaders) > 1:
        return ("even", None)
    return None
