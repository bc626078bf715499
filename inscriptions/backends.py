"""Login by e-mail with throttling, for every login form (the site's and the admin's). The
failures are counted by inscriptions/receivers.py."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from inscriptions import staff, throttle


def client_address(request):
    # REMOTE_ADDR, not X-Forwarded-For, which a client can write: behind a proxy, the proxy
    # must set REMOTE_ADDR (gunicorn's --forwarded-allow-ips) for per-address counts to mean much.
    return request.META.get("REMOTE_ADDR") if request is not None else None


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
