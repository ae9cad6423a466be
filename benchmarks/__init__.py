"""Benchmarks: speed (run.py) and the extractor's agreement with curated claims (extraction.py)."""
