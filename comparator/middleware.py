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
