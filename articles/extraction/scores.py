"""Scores set side by side: a benchmark's figures read as a comparison of what they score."""

import re
from dataclasses import replace

from .stance import NEUTRAL, STRENGTH, WEAKNESS

SCORE = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:out\s+of|/)\s*(\d+(?:\.\d+)?)\b", re.I)
SCORE_GAP = 0.1  # scores closer than a tenth of the maximum are even


def score_stance(share, shares):
    """The stance of one score among those set beside it."""
    top = max(shares)
    if top - min(shares) <= SCORE_GAP:
        return NEUTRAL
    if share == top:
        return STRENGTH
    return WEAKNESS if top - share > SCORE_GAP else NEUTRAL


def scores_compared(reading, segments, proposals):
    """Scores set side by side ("X: 53 out of 100", "Y: 92 out of 100" in pieces next to each
    other) compare the frameworks they score: the highest is a strength and each one more than a
    tenth of the maximum below it a weakness; scores that close are even. A score alone
    evaluates nothing (is 90 good? only beside another)."""
    shares, run = {}, 0  # quote start -> (run of scores next to each other, share)
    for segment in segments:
        found = list(SCORE.finditer(reading.text, segment.start, segment.end))
        scored = (
            segment.kind in ("item", "sentence")
            and len(found) == 1
            and len(reading.mentions(segment.start, segment.end)) == 1
        )
        got, best = (float(n) for n in found[0].groups()) if scored else (0, 0)
        if scored and best > 0 and got <= best:
            shares[segment.start] = (run, got / best)
        else:
            run += 1
    runs = {}
    for run, share in shares.values():
        runs.setdefault(run, []).append(share)
    result = []
    for proposal in proposals:
        scored = shares.get(proposal.quote_start)
        if scored and len(runs[scored[0]]) >= 2:
            proposal = replace(proposal, stance=score_stance(scored[1], runs[scored[0]]))
        result.append(proposal)
    return result
