"""Login by e-mail with throttling, for every login form (the site's and the admin's). The
failures are counted by inscriptions/receivers.py."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from inscriptions import staff, throttle


def client_address(request):
    """The address of the client, for the per-address limits.

    X-Forwarded-For can be written by anyone: it is read only when settings.PROXY_COUNT says how
    many proxies of ours stand in front of gunicorn, each appending the address it saw (nginx's
    $proxy_add_x_forwarded_for), and only its entry written by our outermost proxy is taken.
    Otherwise, and when the header has fewer entries, REMOTE_ADDR.
    """
    if request is None:
        return None
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if throttle.seconds_to_wait(username or "", client_address(request)):
            raise PermissionDenied  # stops here: not even the right password lets in while waiting
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """The logged-in user of each request, with `in_teaching_team` (for the header), in one query."""
        try:
            user = staff.with_team_flag(get_user_model()._default_manager).get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
