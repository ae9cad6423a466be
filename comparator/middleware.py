"""Response headers that tell browsers what the site's pages may do, and the admin's guard
against input Django's admin would hand the database unchecked.

The public pages need no script, so their Content-Security-Policy allows none; the admin runs its
own script files, so its pages (and only they) allow scripts from the site itself.
"""

import functools

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import BadRequest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

from articles.forms import is_row_id

ADMIN_POLICY = {"script-src": ["'self'"]}

# What django-csp's view decorators set on a response to change its policy.
VIEW_POLICY = tuple(
    f"_csp_{part}{suffix}"
    for part in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


@functools.cache
def site_policy(admin):
    """The policy of the admin's pages or of every other, as settings.CONTENT_SECURITY_POLICY
    makes it (django-csp's own builder, run once)."""
    return build_policy(replace=ADMIN_POLICY if admin else None)


@functools.lru_cache(maxsize=16)
def admin_path(urlconf, script_prefix):
    """Where the admin is served (reverse() cost twice what the rest of the policy does)."""
    return reverse("admin:index", urlconf=urlconf)


@receiver(setting_changed)
def forget_site_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()


def serves_admin(request):
    return request.path.startswith(admin_path(get_urlconf(), get_script_prefix()))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's scripts allowed where the admin is served."""

    def serves_admin(self, request):
        return serves_admin(request)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and self.serves_admin(request):
            parts.replace = {**ADMIN_POLICY, **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        """django-csp builds the policy anew for every response, a tenth of what serving a kept
        page costs; one that neither a view, a nonce nor a report-only policy changes is one of
        the site's two, built once. Anything else goes through django-csp as it is."""
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in VIEW_POLICY)
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES")
        ):
            return super().process_response(request, response)
        if HEADER not in response:
            response[HEADER] = site_policy(self.serves_admin(request))
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class PermissionsPolicyMiddleware:
    """Permissions-Policy from settings.PERMISSIONS_POLICY: each feature with the origins allowed
    it, none for a feature the site never uses (`camera=()`)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class AdminInputMiddleware:
    """Refuse with a 400 what Django's admin hands the database as it is, to fail there with a
    500: a NUL in the query string (a list filter's value, the autocomplete's term: PostgreSQL
    refuses NUL in text), a bulk action's selection that is not a row's id ("abc", ""), and a
    number past the database's integers as a filter's value (`id__in=`) or a list's row id
    (SQLite's driver raises OverflowError). Forms need no such guard: their fields refuse a NUL
    with an error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if serves_admin(request):
            refused = admin_input_refusal(request)
            if refused:
                raise BadRequest(refused)
        return self.get_response(request)


# The admin's searches, matched against text: they may hold any number.
SEARCHES = (SEARCH_VAR, "term")  # the changelist's, the autocomplete's


def admin_input_refusal(request):
    """Why the admin cannot take this request as it is, or None."""
    for name, values in request.GET.lists():
        if any("\x00" in text for text in (name, *values)):
            return "A NUL character in the query string."
        if name not in SEARCHES and any(past_row_ids(value) for value in values):
            return "A number past the database's integers in the query string."
    if request.method != "POST":
        return None
    if not all(is_row_id(value) for value in request.POST.getlist(ACTION_CHECKBOX_NAME)):
        return "A selection that names no row."
    for name, values in request.POST.lists():
        if name.endswith("-id") and any(past_row_ids(value) for value in values):
            return "A row id past the database's integers."
    return None


def past_row_ids(text):
    """Whether TEXT is a whole number past the largest id, alone or in a comma-separated list
    (an `__in` filter's value)."""
    return any(
        part.isascii() and part.isdigit() and not is_row_id(part) for part in text.split(",")
    )


def client_address(request):
    """The address of whoever sent the request, as django-axes counts failed logins by it.

    With settings.CLIENT_ADDRESS_PROXY_COUNT proxies in front (the AXES_PROXY_COUNT variable),
    each appending the address it saw to X-Forwarded-For, the client's is the one the outermost
    proxy appended (entries further left were written by the client and prove nothing); with
    none, the connection's own address.
    """
    count = settings.CLIENT_ADDRESS_PROXY_COUNT
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
