"""The site's icon: /favicon.ico answers with an icon, and every page links its SVG and ICO."""

import pytest
from django.urls import reverse


def test_favicon_ico_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header: reserved 0, type 1 (icon)
    assert body.count(b"\x89PNG") == int.from_bytes(body[4:6], "little") >= 2


@pytest.mark.django_db
def test_pages_link_the_icons(client):
    html = client.get(reverse("articles:search")).content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    svg = html.split('type="image/svg+xml"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert svg.endswith(".svg")
    assert b"<svg" in b"".join(client.get(svg).streaming_content)
