from django.urls import path

from inscriptions import views, views_checkin, views_unsubscribe

app_name = "inscriptions"
urlpatterns = [
    path("inscription/", views.register, name="register"),
    path("editions/<slug:edition>/inscription/", views.register, name="register"),
    path("inscription/courriel-envoye/", views.check_email, name="check_email"),
    path("confidentialite/", views.privacy, name="privacy"),
    path("mon-espace/", views.account, name="account"),
    path("mon-espace/donnees.json", views.export, name="export"),
    path("mon-espace/supprimer/", views.delete_account, name="delete_account"),
    path("mon-espace/inscriptions/<int:pk>/modifier/", views.edit, name="edit"),
    path("mon-espace/inscriptions/<int:pk>/annuler/", views.cancel, name="cancel"),
    path("mon-espace/inscriptions/<int:pk>/reinscrire/", views.register_again, name="register_again"),
    path("mon-espace/inscriptions/<int:pk>/attestation.pdf", views.attestation, name="attestation"),
    path("attestations/<str:code>/", views.verify, name="verify"),
    path("annonces/desabonnement/<str:token>/", views_unsubscribe.page, name="unsubscribe"),
    path("mon-espace/inscriptions/<int:pk>/code-presence.svg", views_checkin.own_code, name="checkin_code"),
    # Check-in: each edition's at its own address, whatever edition is current; the short ones lead there.
    path("presences/", views_checkin.today, name="checkin_today"),
    path("presences/aujourdhui/<int:registration_id>/", views_checkin.person_today, name="checkin_person_today"),
    path("presences/<int:day_id>/", views_checkin.short_address),
    path("presences/<int:day_id>/<int:registration_id>/", views_checkin.short_address),
    path("editions/<slug:edition>/presences/", views_checkin.edition, name="checkin_edition"),
    path("editions/<slug:edition>/presences/<int:day_id>/", views_checkin.day, name="checkin_day"),
    path(
        "editions/<slug:edition>/presences/<int:day_id>/<int:registration_id>/",
        views_checkin.person,
        name="checkin_person",
    ),
]
