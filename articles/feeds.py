"""The Atom feed of newly published claims."""

import re

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Claim, Source

FEED_SIZE = 50
# XML 1.0 cannot carry these: a stray one in an article must not break the whole feed.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    return XML_ILLEGAL.sub("", text)


class LatestClaimsFeed(Feed):
    feed_type = Atom1Feed
    title = "Framework comparison knowledge base: latest claims"
    subtitle = "Claims newly published from articles about web frameworks, each with its quote."
    link = reverse_lazy("home")
    feed_url = reverse_lazy("articles:claims-feed")

    def items(self):
        return (
            Claim.objects.public()
            .select_related("framework", "criterion")
            # Each source once and without its texts, not joined to every claim.
            .prefetch_related(Prefetch("source", queryset=Source.objects.for_listing()))
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return xml_safe(f"{item.framework.name} on {item.criterion.name}: {item.summary}")

    def item_description(self, item):
        # Atom carries the summary as HTML: escaping the plain text keeps it plain text.
        text = f"{item.get_stance_display()}. “{item.quote}” (from {item.source.display_title})"
        return escape(xml_safe(text))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return xml_safe(item.source.author) or None

    def item_categories(self, item):
        return [xml_safe(item.framework.name), xml_safe(item.criterion.name)]
