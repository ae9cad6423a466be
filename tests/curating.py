"""Shared by the admin tests: curators, synthetic claims, and forms submitted as a browser would."""

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from articles.curation import curator_create
from articles.models import Claim, Source, sha256_hex
from criteria.models import Criterion, Framework

CURATOR_PASSWORD = "a long enough pass phrase"


def make_curator(username="curator"):
    return curator_create(
        username=username, email=f"{username}@example.org", password=CURATOR_PASSWORD
    )


def admin_login(client, username, password):
    """Log in through the admin's login form, as a person does (django-axes counts these)."""
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )
    return response.status_code == 302 and "_auth_user_id" in client.session


def form_data(content, form_id):
    """What a browser would submit for the form as rendered (its submit buttons left out)."""
    form = BeautifulSoup(content, "html.parser").find("form", id=form_id)
    assert form is not None, f"no form #{form_id}"
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "textarea":
            # A browser drops the one line break that follows <textarea>.
            data[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            selected = field.find("option", selected=True)
            data[name] = selected["value"] if selected else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def sentence_corpus(count):
    """An article of `count` distinct sentences, and each sentence's (start, end)."""
    sentences = [f"Sentence {number} says something worth quoting." for number in range(count)]
    body = " ".join(sentences)
    spans, start = [], 0
    for sentence in sentences:
        spans.append((start, start + len(sentence)))
        start += len(sentence) + 1
    return body, spans


def source_with_body(body, **fields):
    """A source made by hand (as a curator adds one in the admin) whose text is BODY."""
    return Source.objects.create(
        body=body,
        original_text=body,
        original_sha256=sha256_hex(body.encode()),
        imported_at=timezone.now(),
        **fields,
    )


def generated_claims(count, *, status=Claim.Status.DRAFT, slug="generated"):
    """`count` valid claims on one generated article, written in one bulk insert."""
    frameworks = list(Framework.objects.order_by("pk")[:2])
    criteria = list(Criterion.objects.order_by("pk")[:2])
    body, spans = sentence_corpus(count)
    source = source_with_body(body, title="A generated article", slug=slug)
    stances = list(Claim.Stance)
    claims = [
        Claim(
            source=source,
            framework=frameworks[number % 2],
            criterion=criteria[number // 2 % 2],
            stance=stances[number % 3],
            summary=f"Generated claim {number}.",
            quote=body[start:end],
            quote_start=start,
            quote_end=end,
            status=status,
        )
        for number, (start, end) in enumerate(spans)
    ]
    now = timezone.now()
    for claim in claims:
        claim.stamp_publication(now)  # bulk_create skips save()
    Claim.objects.bulk_create(claims)
    return source


def ensure_curators_group():
    """The Curators group as its data migration makes it, after a transactional test's flush
    removed it (serialized_rollback cannot follow other transactional tests in one run)."""
    import importlib

    from django.contrib.auth.models import Group, Permission

    migration = importlib.import_module("articles.migrations.0003_curators_group")
    group, _ = Group.objects.get_or_create(name=migration.GROUP_NAME)
    for (app_label, model), actions in migration.CURATOR_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )
    # and what later migrations granted (articles 0008: findings)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles", codename__in=["view_finding", "change_finding"]
        )
    )
    return group
