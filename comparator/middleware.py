"""Response headers that tell browsers what the site's pages may do.

The public pages need no script, so their Content-Security-Policy allows none; the admin runs its
own script files, so its pages (and only they) allow scripts from the site itself.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse

ADMIN_POLICY = {"script-src": ["'self'"]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's scripts allowed where the admin is served."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(reverse("admin:index")):
            parts.replace = {**ADMIN_POLICY, **(parts.replace or {})}
        return parts


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
