"""A folder of articles never brings in a file from outside it: a symbolic link that leads out
of the folder is not followed, and a header's 'original' names a text beside the article, not
any file the loading account can read."""

import os

import pytest

from articles.models import Source
from tests.articles.reloading import write_small
from tests.conftest import load, load_failing

pytestmark = pytest.mark.django_db

SECRET = "SECRET_KEY=do-not-publish-this\n"


@pytest.fixture
def secret(tmp_path):
    """A file outside the folder being loaded, as a server's environment file would be."""
    path = tmp_path / "elsewhere" / "server.env"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


def stored_text():
    return [text for source in Source.objects.all() for text in (source.body, source.original_text)]


def test_a_symlink_in_a_folder_that_leads_out_of_it_is_not_read(article_folder, secret):
    write_small(article_folder)
    link = article_folder / "notes.md"
    os.symlink(secret, link)
    _, output = load_failing(article_folder)
    assert f"failed     {link}: a symbolic link to {secret}, outside {article_folder}" in output
    assert "Loaded 1 of 2 article(s): 1 created, 0 updated, 0 unchanged, 1 failed" in output
    assert not any("do-not-publish" in text for text in stored_text())
    # The maintainer's own choice: named on the command line, a link is followed.
    load(link)
    assert Source.objects.get(slug="notes").body == SECRET.strip()


@pytest.mark.parametrize("absolute", [True, False])
def test_a_header_original_outside_the_articles_folders_is_refused(
    article_folder, secret, absolute
):
    original = secret if absolute else os.path.relpath(secret, article_folder)
    path = write_small(article_folder, header={"title": "T", "original": original})
    _, output = load_failing(article_folder)
    assert f"{path.name}, line 3: 'original'" in output
    assert not Source.objects.exists()
    assert "do-not-publish" not in output


def test_a_header_original_is_a_text_file_beside_the_article_or_its_folder(article_folder):
    (article_folder / "settings.py").write_text("SECRET_KEY = 'x'\n", encoding="utf-8")
    path = write_small(article_folder, header={"title": "T", "original": "settings.py"})
    _, output = load_failing(article_folder)
    assert f"{path.name}, line 3: 'original' must name a text file (.htm, .html" in output
    assert not Source.objects.exists()

    originals = article_folder.parent / "originals"
    originals.mkdir()
    (originals / "small.txt").write_text("As received.\n", encoding="utf-8")
    (article_folder / "other.txt").write_text("Also as received.\n", encoding="utf-8")
    write_small(article_folder, header={"title": "T", "original": "../originals/small.txt"})
    write_small(article_folder, "second", header={"title": "U", "original": "other.txt"})
    load(article_folder)
    assert sorted(Source.objects.values_list("original_text", flat=True)) == [
        "Also as received.\n",
        "As received.\n",
    ]
