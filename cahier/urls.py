from django.urls import path

from cahier import api, drawings, exports, team, views

app_name = "cahier"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("api/reponses/<int:prompt_id>/", api.autosave, name="autosave"),
    path("api/etude-de-cas/<int:page_id>/", api.case_study, name="case_study"),
    path("api/jeton/", api.token, name="token"),
    path("reponses/<int:prompt_id>/versions/", views.revisions, name="revisions"),
    path("reponses/<int:prompt_id>/versions/<int:version>/restaurer/", views.restore, name="restore"),
    path("dessins/ajouter/", drawings.add, name="drawing_add"),
    path("dessins/<int:pk>/image/", drawings.image, name="drawing_image"),
    path("dessins/<int:pk>/supprimer/", drawings.delete, name="drawing_delete"),
    path("partage/", views.sharing, name="sharing"),
    path("imprimer/", exports.print_view, name="print"),
    path("cahier.pdf", exports.pdf, name="pdf"),
    path("cahier.md", exports.markdown, name="markdown"),
    path("equipe/", team.index, name="team"),
    path("equipe/<int:user_id>/", team.read, name="team_read"),
    path("equipe/<int:user_id>/dessins/<int:pk>/", team.drawing_image, name="team_drawing_image"),
    path("equipe/<int:user_id>/commentaires/<int:page_id>/", team.comment, name="comment"),
    path("<slug:slug>/", views.page, name="page"),
]
