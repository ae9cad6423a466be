"""Which source a file is: the same article under two names is one source, two articles with
one name are two, and renaming a source's or a framework's slug in the admin breaks no reload."""

import shutil

import pytest

from articles.models import Claim, Source
from criteria.models import Framework
from tests.articles.reloading import BODY, CLAIMS, HEADER, admin_edit, write_small
from tests.conftest import FIXTURES, knowledge_base_snapshot, load, load_failing

pytestmark = pytest.mark.django_db

OTHER_BODY = "Flask keeps the core small and lets you pick each extension yourself.\n"


@pytest.fixture
def loaded(article_folder):
    write_small(article_folder)
    load(article_folder)
    return article_folder


def copy_article(folder, old, new):
    for suffix in (".md", ".claims.toml"):
        shutil.copy(folder / f"{old}{suffix}", folder / f"{new}{suffix}")


def test_the_same_article_under_another_name_is_the_source_it_already_is(loaded):
    copy_article(loaded, "small-comparison", "copy-of-the-comparison")
    before = knowledge_base_snapshot()
    out, _ = load(loaded)
    assert knowledge_base_snapshot() == before
    assert "copy-of-the-comparison.md: the same article as small-comparison" in out
    assert "It has 2 claim(s): 1 published, 1 draft." in out
    assert "1 already loaded under another name" in out


def test_both_names_at_once_load_one_source(article_folder):
    write_small(article_folder)
    copy_article(article_folder, "small-comparison", "second-name")
    load(article_folder)
    load(article_folder)
    assert Source.objects.count() == 1
    assert Claim.objects.count() == len(CLAIMS)


def test_line_endings_do_not_make_another_article(loaded):
    text = (loaded / "small-comparison.md").read_text(encoding="utf-8")
    (loaded / "windows-copy.md").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    out, _ = load(loaded)
    assert Source.objects.count() == 1
    assert "the same article as small-comparison" in out


def test_a_different_article_with_a_taken_slug_gets_its_own(loaded, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_small(elsewhere, body=OTHER_BODY, claims=None)
    original = Source.objects.get()
    before = (original.body, original.title, original.updated_at)

    out, _ = load(elsewhere)
    load(loaded, elsewhere)  # and again: each file finds its own source
    original.refresh_from_db()
    assert (original.body, original.title, original.updated_at) == before
    other = Source.objects.get(slug="small-comparison-2")
    assert other.body == OTHER_BODY.strip()
    assert "created    small-comparison-2" in out
    assert Source.objects.count() == 2


def test_a_file_named_like_a_source_added_by_hand_leaves_it_alone(article_folder, curator_client):
    from django.urls import reverse

    from tests.curating import form_data

    url = reverse("admin:articles_source_add")
    data = form_data(curator_client.get(url).content.decode(), "source_form")
    data.update(title="Typed in", slug="small-comparison", body=OTHER_BODY)
    assert curator_client.post(url, data).status_code == 302
    write_small(article_folder)
    load(article_folder)
    assert Source.objects.get(slug="small-comparison").title == "Typed in"
    assert Source.objects.get(slug="small-comparison-2").title == HEADER["title"]


def test_a_slug_renamed_in_the_admin_is_found_again_by_the_next_reload(loaded, curator_client):
    source = Source.objects.get()
    admin_edit(curator_client, source, "source_form", slug="renamed-by-a-curator")
    claims = set(Claim.objects.values_list("pk", flat=True))

    load(loaded)  # unchanged
    write_small(loaded, body=BODY + "\nOne more sentence from the author.\n")
    out, _ = load(loaded)
    assert list(Source.objects.values_list("slug", flat=True)) == ["renamed-by-a-curator"]
    assert set(Claim.objects.values_list("pk", flat=True)) == claims
    assert "updated    renamed-by-a-curator" in out
    assert Source.objects.get().body.endswith("One more sentence from the author.")


def test_a_source_loaded_before_origins_were_kept_is_found_after_a_rename(loaded):
    """A database from before this change: no origin recorded, then a slug renamed."""
    Source.objects.update(origin="", slug="renamed-long-ago")
    load(loaded)
    source = Source.objects.get()
    assert source.slug == "renamed-long-ago"
    assert source.origin == str((loaded / "small-comparison.md").resolve())
    assert Claim.objects.count() == len(CLAIMS)


def test_a_moved_file_takes_its_source_along(loaded):
    for suffix in (".md", ".claims.toml"):
        (loaded / f"small-comparison{suffix}").rename(loaded / f"new-name{suffix}")
    out, _ = load(loaded)
    source = Source.objects.get()
    assert source.origin == str((loaded / "new-name.md").resolve())
    assert "moved here from" in out and str(loaded / "small-comparison.md") in out
    # Once moved, an edit under the new name updates the same source.
    write_small(loaded, "new-name", body=BODY + "\nEdited after the move.\n")
    load(loaded)
    assert Source.objects.get().pk == source.pk
    assert Claim.objects.count() == len(CLAIMS)


def rename_framework(curator_client, old, new):
    framework = Framework.objects.get(slug=old)
    admin_edit(curator_client, framework, "framework_form", slug=new)
    return framework


def test_a_framework_renamed_in_the_admin_breaks_no_reload(loaded, curator_client):
    framework = rename_framework(curator_client, "django", "django-web")
    assert framework.former_slugs == ["django"]
    claims = set(Claim.objects.values_list("pk", flat=True))
    frameworks = Framework.objects.count()

    # The claims file still says "django", and gains a claim that names it so.
    new_claim = {
        "framework": "django",
        "criterion": "performance",
        "stance": "weakness",
        "summary": "Slower than Flask for small apps.",
        "quote": "Flask is faster than Django for small apps.",
    }
    write_small(loaded, claims=[*CLAIMS, new_claim])
    out, _ = load(loaded)

    assert Framework.objects.count() == frameworks
    assert Claim.objects.count() == len(CLAIMS) + 1
    assert claims < set(Claim.objects.values_list("pk", flat=True))
    added = Claim.objects.exclude(pk__in=claims).get()
    assert added.framework == framework
    assert "Frameworks: 0 created" in out


def test_renaming_twice_keeps_every_former_slug(vocabulary, curator_client):
    framework = rename_framework(curator_client, "flask", "flask-web")
    rename_framework(curator_client, "flask-web", "flask-py")
    framework.refresh_from_db()
    assert framework.former_slugs == ["flask", "flask-web"]
    assert Framework.objects.by_slug_or_former(["flask", "flask-web"]) == {
        "flask": framework,
        "flask-web": framework,
    }
    # Renaming back takes the slug out of the former ones.
    rename_framework(curator_client, "flask-py", "flask")
    framework.refresh_from_db()
    assert framework.former_slugs == ["flask-web", "flask-py"]


def test_a_framework_renamed_before_former_slugs_were_kept_is_found_by_name(loaded):
    Framework.objects.filter(slug="django").update(slug="django-web")
    before = Claim.objects.count()
    load(loaded)
    assert Claim.objects.count() == before
    assert not Framework.objects.filter(slug="django").exists()


def test_the_seed_folder_reloads_unchanged_after_renames(db, curator_client, tmp_path):
    folder = tmp_path / "kb"
    shutil.copytree(FIXTURES, folder)
    load(folder)
    counts = (Source.objects.count(), Claim.objects.count(), Framework.objects.count())
    first = Source.objects.order_by("pk").first()
    admin_edit(curator_client, first, "source_form", slug="a-curators-slug")
    rename_framework(curator_client, "flask", "flask-microframework")
    out, _ = load(folder)
    assert (Source.objects.count(), Claim.objects.count(), Framework.objects.count()) == counts
    assert "Nothing changed" in out


def test_an_unknown_framework_slug_is_still_refused(loaded):
    write_small(loaded, claims=[{**CLAIMS[0], "framework": "no-such-framework"}])
    _, error = load_failing(loaded)
    assert "unknown framework slug 'no-such-framework'" in error


def test_a_dry_run_names_the_source_an_article_already_is_and_writes_nothing(loaded):
    copy_article(loaded, "small-comparison", "copy-of-the-comparison")
    write_small(loaded, "brand-new", body=OTHER_BODY, claims=None)
    before = knowledge_base_snapshot()
    out, _ = load(loaded, dry_run=True)
    assert knowledge_base_snapshot() == before
    assert "copy-of-the-comparison.md: the same article as small-comparison" in out
    assert "would create brand-new" in out
    assert "Would have loaded 2 of 3 article(s)" in out


def test_an_origin_too_long_to_keep_is_refused_clearly(article_folder):
    deep = article_folder
    while len(str(deep)) < 1000:
        deep = deep / ("d" * 200)
    deep.mkdir(parents=True)
    path = write_small(deep, "deep")
    _, error = load_failing(path)
    assert f"{path}: where it came from is" in error and "the limit is 1,000" in error
    assert not Source.objects.exists()
