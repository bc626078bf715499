from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from automne import views, views_language
from programme.sitemaps import SITEMAPS

admin.site.site_header = _("Administration de l'École d'automne")
admin.site.site_title = _("Administration")
admin.site.index_title = _("Gestion du site")

# Django's own 400s (unknown Host, a body it will not read) in French, saying why.
handler400 = "automne.views.bad_request"

urlpatterns = [
    path("sante/", views.health, name="health"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"),
    path("langue/<str:language>/", views_language.switch, name="switch_language"),
]

# Every page in French at the address it always had, and in English under /en/ (automne/languages.py).
urlpatterns += i18n_patterns(
    path("admin/equipe/", include("inscriptions.admin_invitations")),
    path("admin/", admin.site.urls),
    path("cahier/", include("remises.urls")),
    path("cahier/", include("cahier.urls")),
    path("supports/", include("supports.urls")),
    path("appreciations/", include("appreciations.urls")),
    path("", include("intervenants.urls")),
    path("", include("inscriptions.urls")),
    path("", include("inscriptions.auth_urls")),
    path("", include("programme.urls")),
    prefix_default_language=False,
)
