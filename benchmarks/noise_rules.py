"""Whether the hand-written noise rules (articles/reading/noise.py) still earn their place.

Run from the project root (no database needed):

    .venv/bin/python benchmarks/noise_rules.py [page.html ...]

For each seed original (scraped text) it prints how many lines the rules remove, how many of
those trafilatura would drop if the text were given to it as a page (one paragraph per line),
and how many of the article's own lines trafilatura would drop with them. For each HTML page
named, how many lines the rules still remove after trafilatura has taken the page's main
content.
"""

import html
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comparator.test_settings")

import django  # noqa: E402

django.setup()

import trafilatura  # noqa: E402

from articles.reading.formats import html_to_markdown  # noqa: E402
from articles.reading.noise import strip_noise  # noqa: E402


def seed_original(path):
    text = path.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    page = "<html><body><article>"
    page += "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</article></body></html>"
    kept = {
        line.strip() for line in (trafilatura.extract(page, favor_recall=True) or "").split("\n")
    }
    _, removed = strip_noise(text)
    noise = {item.text.strip() for item in removed}
    caught = sum(1 for line in noise if line not in kept)
    lost = sum(1 for line in lines if line not in kept and line not in noise)
    print(
        f"{path.name}: rules remove {len(noise)} lines; trafilatura would drop {caught} of them "
        f"and {lost} of the article's own lines"
    )


def html_page(path):
    body, _ = html_to_markdown(path.read_text(encoding="utf-8"))
    _, removed = strip_noise(body)
    print(f"{path.name}: after trafilatura, rules remove {len(removed)} more lines")
    for item in removed:
        print(f"    {item.rule}: {item.text[:70]!r}")


def main():
    for path in sorted((ROOT / "fixtures" / "originals").glob("*.txt")):
        seed_original(path)
    for name in sys.argv[1:]:
        html_page(Path(name))


if __name__ == "__main__":
    main()
