"""The criteria's display order, whichever way it is read."""

import pytest

from criteria.models import Criterion

pytestmark = pytest.mark.django_db


def test_the_listed_display_order_is_the_querysets(vocabulary):
    fit = Criterion.objects.filter(group="fit").first()
    # Ties within a group fall to the name.
    Criterion.objects.create(name="Aardvark", slug="aardvark", group="fit", order=fit.order)
    Criterion.objects.create(name="Zebra", slug="zebra", group="fit", order=fit.order)
    Criterion.objects.filter(group="operations").update(order=0)

    listed = Criterion.objects.listed_in_display_order()
    assert [c.pk for c in listed] == [c.pk for c in Criterion.objects.in_display_order()]
    tied = [c.name for c in listed if c.group == "fit" and c.order == fit.order]
    assert tied == sorted(tied) and {"Aardvark", "Zebra"} <= set(tied)
    assert len({c.group for c in listed}) > 3
