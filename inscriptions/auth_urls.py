"""Accounts: login by e-mail, logout, password reset (throttled: inscriptions/password_reset.py) and change
(Django's views, French templates)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from inscriptions import password_reset, views
from inscriptions.views_invitations import InvitationAcceptView

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.logout_view, name="logout"),
    path(
        "mot-de-passe/oublie/",
        password_reset.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("mot-de-passe/oublie/envoye/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("invitation/<uidb64>/<token>/", InvitationAcceptView.as_view(), name="invitation_accept"),
    path(
        "mon-espace/mot-de-passe/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
        name="password_change",
    ),
    path("mon-espace/mot-de-passe/change/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
