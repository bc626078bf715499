"""Login by e-mail with limits, for every login form (the site's and the admin's): the typed address is
normalized and matched exactly (inscriptions/identity.py), and each try reserves its slot in the limits
before the password is hashed (inscriptions/throttle.py)."""

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
        if username is None or password is None:
            return None
        User = get_user_model()
        account = User.objects.with_email(username)
        try:
            slots = throttle.reserve_login(username, account, client_address(request))
        except throttle.Wait as wait:
            if request is not None:
                request.login_wait = wait.seconds  # for the page's message (inscriptions/views.py)
            raise PermissionDenied from None  # stops here: not even the right password lets in while waiting
        if account is None:
            User().set_password(password)  # as long as a real check: the time tells no one which addresses exist
        elif account.check_password(password) and self.user_can_authenticate(account):
            throttle.login_succeeded(slots, account)
            return account
        throttle.login_failed(slots)
        return None

    def get_user(self, user_id):
        """The logged-in user of each request, with `in_teaching_team` (for the header), in one query."""
        try:
            user = staff.with_team_flag(get_user_model()._default_manager).get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
