"""axe-core, from the project's npm packages, run inside a Playwright page.

The script is evaluated through the DevTools protocol, so a page's Content-Security-Policy (which
allows no inline script on public pages) does not stop the check from running.
"""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page, *, disable=()):
    """The axe violations on the page as loaded: a list of (rule id, impact, targets)."""
    if not AXE.exists():
        raise RuntimeError("axe-core is not installed: run `npm ci` (the README's test command does)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """(disabled) => axe.run(document, {
            rules: Object.fromEntries(disabled.map((id) => [id, {enabled: false}])),
        })""",
        list(disable),
    )
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in result["violations"]
    ]
