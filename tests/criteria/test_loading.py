import pytest

from criteria.loading import VocabularyError, load_criteria, load_frameworks
from criteria.models import Criterion, Framework
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def test_vocabulary_loads_once_and_keeps_listed_order(vocabulary):
    assert Framework.objects.filter(slug__in=["django", "flask"]).count() == 2
    admin = Criterion.objects.get(slug="admin-panel")
    orm = Criterion.objects.get(slug="orm-databases")
    assert (admin.order, orm.order) == (1, 2)
    assert "Flask-Admin" in admin.keyword_list
    again = load_frameworks(FIXTURES / "frameworks.toml")
    assert (again.created, again.unchanged) == (0, Framework.objects.count())


def test_display_order_follows_groups_then_order(vocabulary):
    ordered = list(Criterion.objects.in_display_order())
    groups = [criterion.group for criterion in ordered]
    declared = Criterion.Group.values
    assert groups == sorted(groups, key=declared.index)
    first_group = [c.order for c in ordered if c.group == declared[0]]
    assert first_group == sorted(first_group)


def test_reloading_never_overwrites_a_curated_framework(vocabulary):
    Framework.objects.filter(slug="flask").update(aliases="Flask\nPallets Flask")
    load_frameworks(FIXTURES / "frameworks.toml")
    assert Framework.objects.get(slug="flask").alias_list == ["Flask", "Pallets Flask"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[frameworks]\nslug = 1", "not valid TOML"),
        ("title = 'no frameworks here'", "expected a non-empty array"),
        (
            '[[frameworks]]\nslug = "x"\nname = "X"\ncolour = "red"',
            "entry #1: unknown keys: colour",
        ),
        ('[[frameworks]]\nslug = "not a slug!"\nname = "X"', "entry #1: invalid framework"),
        ('[[frameworks]]\nslug = "x"\nname = "X"\nfirst_release_year = 1066', "entry #1"),
        ('[[frameworks]]\nslug = "x"\nname = "X"\naliases = "X"', "must be lists of text"),
        ('[[frameworks]]\nslug = "x"\nname = "X\\u0000"', "entry #1: 'name' holds a NUL"),
        (
            '[[frameworks]]\nslug = "x"\nname = "X"\naliases = ["Y", "\\u0000"]',
            "entry #1: 'aliases' holds a NUL",
        ),
    ],
)
def test_broken_framework_files_fail_clearly_and_change_nothing(tmp_path, db, text, message):
    path = tmp_path / "frameworks.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError, match=message) as raised:
        load_frameworks(path)
    assert str(path) in str(raised.value)
    assert not Framework.objects.exists()


def test_a_second_entry_failing_rolls_back_the_first(tmp_path, db):
    path = tmp_path / "criteria.toml"
    path.write_text(
        '[[criteria]]\nslug = "a"\nname = "A"\ngroup = "fit"\n'
        '[[criteria]]\nslug = "b"\nname = "B"\ngroup = "nowhere"\n',
        encoding="utf-8",
    )
    with pytest.raises(VocabularyError, match="entry #2"):
        load_criteria(path)
    assert not Criterion.objects.exists()


def test_a_framework_another_load_commits_while_this_one_checks_it_counts_as_present(
    db, monkeypatch
):
    """The window between the check for the slug and the validation of the row: another load
    (two `load_articles` of one folder at once) commits the same framework there."""
    validate = Framework.validate_unique

    def another_load_commits_first(framework, *args, **kwargs):
        if not Framework.objects.filter(slug=framework.slug).exists():
            Framework.objects.create(slug=framework.slug, name=framework.name)
        return validate(framework, *args, **kwargs)

    monkeypatch.setattr(Framework, "validate_unique", another_load_commits_first)
    outcome = load_frameworks(FIXTURES / "frameworks.toml")
    listed = Framework.objects.count()
    assert (outcome.created, outcome.unchanged) == (0, listed) and listed > 1


def test_a_comparison_names_two_to_eight_known_frameworks_once_each(vocabulary):
    compared = Framework.objects.for_comparison(["flask", "django"])
    assert [framework.slug for framework in compared] == ["flask", "django"]
    for slugs in (["django"], ["django", "django"], ["django", "rails"], ["django", "fl\x00ask"]):
        assert Framework.objects.for_comparison(slugs) is None
    assert (
        Framework.objects.for_comparison(["django", "flask"] + [f"x{i}" for i in range(7)]) is None
    )
