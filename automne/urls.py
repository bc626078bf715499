from django.contrib import admin
from django.urls import include, path

from automne import views

admin.site.site_header = "Administration de l'École d'automne"
admin.site.site_title = "Administration"
admin.site.index_title = "Gestion du site"

# Django's own 400s (unknown Host, a body it will not read) in French, saying why.
handler400 = "automne.views.bad_request"

urlpatterns = [
    path("sante/", views.health, name="health"),
    path("admin/equipe/", include("inscriptions.admin_invitations")),
    path("admin/", admin.site.urls),
    path("cahier/", include("cahier.urls")),
    path("", include("inscriptions.urls")),
    path("", include("inscriptions.auth_urls")),
    path("", include("programme.urls")),
]
