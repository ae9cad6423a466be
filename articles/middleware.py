"""Kept public pages answered before the session, CSRF, user, messages and axes are built.

A public page is the same for every visitor (articles/cache.py), so building a session, a user
and a CSRF check to hand out its kept copy is work for nothing: under gunicorn it was most of a
cached page's cost. CachedPageMiddleware sits after the middleware that add headers to every
answer (compression, the security headers, Content-Security-Policy, Permissions-Policy,
X-Frame-Options, Content-Length) and before the rest, and answers a GET or HEAD of a cached page
from the page cache with the very function the view's decorator uses: the same key, the same
one round trip, the same response. A miss, any other address, and any request carrying the
site's session, CSRF or messages cookie (a curator's) go on through the whole stack.
"""

import functools
import inspect

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.urls import Resolver404, get_resolver
from django.views.decorators.http import require_safe

from .cache import SAFE_METHODS, cached_page


def _view_code(decorator):
    """The code every view DECORATOR returns shares, to know its wrappers apart from others'."""
    return decorator(lambda request: None).__code__


CACHED_PAGE = _view_code(cached_page("probe"))
METHOD_FILTER = _view_code(require_safe)  # require_http_methods, require_GET, require_safe


def early_page(view, method):
    """The page VIEW serves from the cache, when nothing stands around cached_page's wrapper but
    a method filter letting METHOD through: any other decorator (login_required...) may turn the
    request away, which only the full stack does."""
    if getattr(view, "__code__", None) is METHOD_FILTER:
        if method not in inspect.getclosurevars(view).nonlocals.get("request_method_list", ()):
            return None
        view = view.__wrapped__
    if getattr(view, "__code__", None) is not CACHED_PAGE:
        return None
    return view.public_page


@functools.lru_cache(maxsize=1024)
def page_at(resolver, path, method):
    """The cached page at PATH, if it may be answered early: resolving and looking at the view
    cost a seventh of an early answer, and an address always leads to the same view."""
    try:
        match = resolver.resolve(path)
    except Resolver404:
        return None
    return early_page(match.func, method)


def site_cookies():
    return (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, CookieStorage.cookie_name)


class CachedPageMiddleware:
    """Answer a kept public page (or its 304) early; let everything else through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page = self.cached_page(request)
        if page is not None:
            key, version, answer = page.look_up(request)
            if answer is not None:
                return answer
            # The view renders it; its decorator needs not read the version again.
            request.page_cache_miss = (page, key, version)
        return self.get_response(request)

    def cached_page(self, request):
        """The cached page this request may be answered from early, if any."""
        if request.method not in SAFE_METHODS or any(
            name in request.COOKIES for name in site_cookies()
        ):
            return None
        resolver = get_resolver(getattr(request, "urlconf", None))
        return page_at(resolver, request.path_info, request.method)
