"""Password reset, throttled: Django's views, with limits on requests and a lifted login wait.

A request beyond the limits (inscriptions/throttle.py) gets the form again with a French message
and status 429, and no e-mail. Its wording is the same whether or not an account has this
address: the form never says who has an account. Choosing the new password ends the account's
login wait, so that failures typed by someone else never keep its owner out.
"""

from django.contrib.auth import views as auth_views

from inscriptions import emails, throttle
from inscriptions.backends import client_address
from inscriptions.models import User


def tell_owner(request, email, edition, base_url):
    """Someone registered with an address that has an account: its owner gets the way back in by e-mail,
    within the password-reset limits (so that the form cannot flood anyone's inbox), and the page says
    the same as for a new account (inscriptions/views.py)."""
    address = client_address(request)
    owner = User.objects.filter(email__iexact=email).first()
    if owner is None or throttle.reset_seconds_to_wait(email, address):
        return False
    throttle.record_reset_request(email, address)
    emails.send_account_exists(edition, owner.email, base_url)
    return True


class PasswordResetView(auth_views.PasswordResetView):
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"

    def form_valid(self, form):
        email, address = form.cleaned_data["email"], client_address(self.request)
        wait = throttle.reset_seconds_to_wait(email, address)
        if wait:
            form.add_error(
                None,
                "Trop de demandes de nouveau mot de passe. Si un compte existe pour ce courriel, "
                f"le lien déjà envoyé reste valable. Sinon, attendez {throttle.minutes(wait)} avant de réessayer.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        throttle.record_reset_request(email, address)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.record_success(form.user.email)
        return response
