"""The site's Content-Security-Policy middleware: django-csp's own policy, built once per kind of
page instead of per response, and django-csp's whole path for anything a view changes."""

import pytest
from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from comparator.middleware import ContentSecurityPolicyMiddleware

PAGES = ["/compare/django-vs-flask/", "/admin/", "/admin/articles/claim/", "/no-such-page/"]


class DjangoCSP(ContentSecurityPolicyMiddleware):
    """The site's policy parts, with django-csp building the header for every response."""

    process_response = CSPMiddleware.process_response


def policy(middleware, view, path):
    return middleware(view)(RequestFactory().get(path)).get("Content-Security-Policy")


def page(request):
    return HttpResponse("a page")


def directives(header):
    return sorted(part.strip() for part in header.split(";"))


@pytest.mark.parametrize("path", PAGES)
def test_the_policy_built_once_is_django_csps_own(path):
    kept = policy(ContentSecurityPolicyMiddleware, page, path)
    assert kept and directives(kept) == directives(policy(DjangoCSP, page, path))
    admin = path.startswith("/admin/")
    assert ("script-src 'self'" in kept) is admin and ("script-src 'none'" in kept) is not admin


def test_a_views_own_policy_still_goes_through_django_csp():
    updated = csp_update({"img-src": ["https://images.example.org"]})(page)
    assert "https://images.example.org" in policy(ContentSecurityPolicyMiddleware, updated, "/")
    assert policy(ContentSecurityPolicyMiddleware, csp_exempt()(page), "/") is None


def test_a_changed_setting_changes_the_policy(settings):
    before = policy(ContentSecurityPolicyMiddleware, page, "/")
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    after = policy(ContentSecurityPolicyMiddleware, page, "/")
    assert after == "default-src 'none'" and after != before


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    from csp.exceptions import CSPNonceError

    request = RequestFactory().get("/")
    ContentSecurityPolicyMiddleware(page)(request)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
