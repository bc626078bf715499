"""Password reset, throttled: Django's views, with limits on requests and a lifted login wait.

A request beyond the limits (inscriptions/throttle.py) gets the form again with a French message
and status 429, and no e-mail. Its wording is the same whether or not an account has this
address: the form never says who has an account. Choosing the new password ends the account's
login wait, so that failures typed by someone else never keep its owner out.

The typed address is normalized and the account found by exact equality (inscriptions/identity.py):
Django's own form looks accounts up with `email__iexact`, which PostgreSQL evaluates with UPPER().
"""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from automne import emails as site_emails
from automne.site import absolute
from inscriptions import emails, identity, throttle
from inscriptions.backends import client_address
from inscriptions.models import User


def tell_owner(request, email, edition):
    """Someone registered with an address that has an account: its owner gets the way back in by e-mail,
    within the password-reset limits (so that the form cannot flood anyone's inbox), and the page says
    the same as for a new account (inscriptions/views.py)."""
    owner = User.objects.with_email(email)
    if owner is None:
        return False
    try:
        throttle.reserve_reset(email, owner, client_address(request))
    except throttle.Wait:
        return False
    emails.send_account_exists(edition, owner.email)
    return True


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = identity.EmailField(
        label=gettext_lazy("Courriel"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def get_users(self, email):
        user = User.objects.with_email(email)
        if user is not None and user.is_active and user.has_usable_password():
            yield user

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **unused):
        """The link, as every e-mail of the site is built (automne/emails.py): the subject names the school."""
        topic = render_to_string(subject_template_name, context).strip()
        site_emails.send([to_email], topic, render_to_string(email_template_name, context))


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"

    @property
    def extra_email_context(self):
        # The link's address is the site's (automne/site.py), not the Host header of the request.
        return {"site_url": absolute("/").rstrip("/")}

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        try:
            throttle.reserve_reset(email, User.objects.with_email(email), client_address(self.request))
        except throttle.Wait as wait:
            form.add_error(
                None,
                _(
                    "Trop de demandes de nouveau mot de passe. Si un compte existe pour ce courriel, "
                    "le lien déjà envoyé reste valable. Sinon, attendez %(wait)s avant de réessayer."
                )
                % {"wait": throttle.minutes(wait.seconds)},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.record_success(form.user)
        return response
