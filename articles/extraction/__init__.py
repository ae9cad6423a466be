"""Proposing draft claims for an article that has no curated claims.

The proposing itself (proposer, segments, stance, discovery) is plain Python over plain
vocabulary objects; records.py is the part that reads the vocabulary from the database and
writes the drafts.
"""

from .discovery import discover_framework_names, discover_frameworks
from .proposer import Proposal, propose_claims
from .segments import split_segments
from .vocabulary import CriterionTerms, FrameworkTerms, load_cues

__all__ = [
    "CriterionTerms",
    "FrameworkTerms",
    "Proposal",
    "discover_framework_names",
    "discover_frameworks",
    "load_cues",
    "propose_claims",
    "split_segments",
]
