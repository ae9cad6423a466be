"""The reader renders Python-Markdown's dialect extensions, and nh3 keeps only what is safe."""

from articles.rendering import render_markdown


def test_admonitions_render_as_boxes_with_their_titles():
    html = str(render_markdown('!!! warning "Mind the GIL"\n    Threads share one lock.\n'))
    assert '<div class="admonition warning">' in html
    assert '<p class="admonition-title">Mind the GIL</p>' in html
    assert "<p>Threads share one lock.</p>" in html


def test_abbreviations_keep_their_expansion():
    html = str(render_markdown("WSGI servers differ.\n\n*[WSGI]: Web Server Gateway Interface\n"))
    assert '<abbr title="Web Server Gateway Interface">WSGI</abbr> servers differ.' in html


def test_footnotes_and_definition_lists():
    html = str(
        render_markdown("Quart is async.[^a]\n\nASGI\n: The async gateway.\n\n[^a]: Since 0.1.\n")
    )
    assert '<sup id="fnref:a"><a class="footnote-ref" href="#fn:a"' in html
    assert '<li id="fn:a">' in html and "Since 0.1." in html
    assert "<dl>\n<dt>ASGI</dt>\n<dd>The async gateway.</dd>\n</dl>" in html


def test_attribute_lists_set_only_known_classes_and_no_other_attribute():
    html = str(
        render_markdown(
            'Boxed text.\n{: .note .site-header #main onclick="x()" style="color:red" }\n'
        )
    )
    assert '<p class="note">Boxed text.</p>' in html
    for unsafe in ("site-header", "main", "onclick", "style"):
        assert unsafe not in html


def test_markdown_inside_html_blocks_and_hostile_attributes_on_them():
    html = str(
        render_markdown(
            '<div markdown="1" class="grid evil" id="x" onmouseover="alert(1)">\n'
            "**Tornado** is older.\n</div>\n"
        )
    )
    assert "<strong>Tornado</strong> is older." in html
    for unsafe in ("evil", 'id="x"', "onmouseover", "grid"):
        assert unsafe not in html


def test_a_page_id_cannot_be_forged_through_a_footnote_like_id():
    html = str(render_markdown("Text.\n{: #claim-1 }\n\nMore.\n{: #fn:ok }\n"))
    assert "claim-1" not in html
