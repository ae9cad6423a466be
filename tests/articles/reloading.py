"""Shared by the reload tests: a small article with curated claims, and curators' admin edits."""

from django.urls import reverse

from tests.conftest import write_article
from tests.curating import form_data

BODY = (
    "## Admin\n\n"
    "Django comes with a ready-to-use admin panel. Flask needs an extension for that.\n\n"
    "## Speed\n\n"
    "Flask is faster than Django for small apps.\n"
)
HEADER = {
    "title": "A small comparison",
    "author": "Ada Example",
    "publisher": "Example Press",
    "url": "https://example.org/compare",
    "published": "2024-05-01",
}
CLAIMS = [
    {
        "framework": "django",
        "criterion": "admin-panel",
        "stance": "strength",
        "summary": "Ships a ready-to-use admin panel.",
        "quote": "Django comes with a ready-to-use admin panel.",
    },
    {
        "framework": "flask",
        "criterion": "performance",
        "stance": "strength",
        "summary": "Faster than Django for small apps.",
        "quote": "Flask is faster than Django for small apps.",
        "status": "draft",
    },
]


def write_small(folder, slug="small-comparison", *, body=BODY, header=None, claims=CLAIMS):
    return write_article(folder, slug, body, header=header or HEADER, claims=claims)


def admin_edit(client, obj, form_id, **changes):
    """Change fields of OBJ in its admin form as a curator's browser would; the response."""
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    data = form_data(client.get(url).content.decode(), form_id)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    obj.refresh_from_db()
    return response
