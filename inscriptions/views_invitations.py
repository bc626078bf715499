"""The invited person opens the e-mail's link and chooses a password: Django's password-reset
view with the invitation's token, which logs the person in and leads where their role lands."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

from inscriptions import invitations, staff


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    token_generator = invitations.token_generator
    template_name = "inscriptions/invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "inscriptions.backends.ThrottledModelBackend"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Votre mot de passe est enregistré. Bienvenue!"))
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "invitation_days": invitations.INVITATION_DAYS}

    def get_success_url(self):
        return staff.landing_url(self.user)
