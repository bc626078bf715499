"""The admin's « Inviter une personne de l'équipe » page: organizers and superusers invite a
teacher or another organizer by e-mail (inscriptions/invitations.py does the work)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from automne.french import NBSP
from inscriptions import identity, invitations, staff


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Courriel", max_length=254)
    first_name = forms.CharField(label="Prénom", max_length=150, validators=[identity.validate_name])
    last_name = forms.CharField(label="Nom", max_length=150, validators=[identity.validate_name])
    role = forms.ChoiceField(
        label="Rôle",
        choices=[(role, role) for role in staff.INVITABLE_ROLES],
        widget=forms.RadioSelect,
        help_text=f"L'équipe pédagogique lit les cahiers partagés{NBSP}; les organisateurs gèrent le programme et "
        "les inscriptions.",
    )

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()


def invite(request):
    if not staff.may_invite(request.user):
        raise PermissionDenied
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data, base_url = form.cleaned_data, request.build_absolute_uri("/")
        try:
            user = invitations.invite(**data, base_url=base_url)
        except invitations.EmailInUse:
            pending = invitations.resend_if_pending(data["email"], base_url)
            if pending:
                messages.info(
                    request,
                    f"Invitation renvoyée à {pending.email}{NBSP}: cette personne n'avait pas encore choisi de mot "
                    "de passe. Rien n'a été créé.",
                )
                return redirect("invite_staff")
            form.add_error("email", invitations.EMAIL_IN_USE)
        else:
            messages.success(request, f"Invitation envoyée à {user.email} ({data['role']}).")
            return redirect("invite_staff")
    context = {
        **admin.site.each_context(request),
        "title": "Inviter une personne de l'équipe",
        "form": form,
        "days": invitations.INVITATION_DAYS,
    }
    return TemplateResponse(request, "admin/inscriptions/invitation.html", context)


urlpatterns = [path("inviter/", admin.site.admin_view(invite), name="invite_staff")]
