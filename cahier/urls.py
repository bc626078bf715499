from django.urls import path

from cahier import api, drawings, exports, team, views

# A participant has one notebook per edition, at /cahier/<edition-slug>/…. Addresses naming a
# writing area, a page or a drawing by id need no edition: the id implies it. The addresses of
# the single cahier served before editions (/cahier/eveil/, /cahier/partage/, …) are kept and
# lead to the participant's notebook (cahier/notebooks.py); they have no name, so that nothing
# builds them any more. `cahier:overview` without arguments is « Mes cahiers », /cahier/.
kept_addresses = [
    path("dessins/ajouter/", views.to_notebook, {"name": "cahier:drawing_add"}),
    path("partage/", views.to_notebook, {"name": "cahier:sharing"}),
    path("imprimer/", views.to_notebook, {"name": "cahier:print"}),
    path("cahier.pdf", views.to_notebook, {"name": "cahier:pdf"}),
    path("cahier.md", views.to_notebook, {"name": "cahier:markdown"}),
    path("equipe/<int:user_id>/", team.to_shared_notebook),
]

app_name = "cahier"
urlpatterns = [
    path("", views.notebooks, name="overview"),
    path("api/reponses/<int:prompt_id>/", api.autosave, name="autosave"),
    path("api/etude-de-cas/<int:page_id>/", api.case_study, name="case_study"),
    path("api/jeton/", api.token, name="token"),
    path("reponses/<int:prompt_id>/versions/", views.revisions, name="revisions"),
    path("reponses/<int:prompt_id>/versions/<int:version>/restaurer/", views.restore, name="restore"),
    path("reponses/<int:prompt_id>/versions/<int:version>/comparer/", views.compare, name="compare"),
    path("dessins/<int:pk>/image/", drawings.image, name="drawing_image"),
    path("dessins/<int:pk>/supprimer/", drawings.delete, name="drawing_delete"),
    path("equipe/", team.index, name="team"),
    path("equipe/<int:user_id>/dessins/<int:pk>/", team.drawing_image, name="team_drawing_image"),
    path("equipe/<int:user_id>/commentaires/<int:page_id>/", team.comment, name="comment"),
    path("equipe/commentaires/<int:pk>/modifier/", team.comment_edit, name="comment_edit"),
    path("equipe/commentaires/<int:pk>/retirer/", team.comment_remove, name="comment_remove"),
    path("equipe/<slug:edition>/cahiers.zip", team.zip_export, name="team_zip"),
    path("equipe/<slug:edition>/<int:user_id>/", team.read, name="team_read"),
    *kept_addresses,
    path("equipe/<slug:edition>/", team.index, name="team"),
    # One segment: an edition's notebook, or a page of the single cahier of before (views.notebook_or_page).
    path("<slug:edition>/", views.notebook_or_page, name="overview"),
    path("<slug:edition>/partage/", views.sharing, name="sharing"),
    path("<slug:edition>/imprimer/", exports.print_view, name="print"),
    path("<slug:edition>/cahier.pdf", exports.pdf, name="pdf"),
    path("<slug:edition>/cahier.md", exports.markdown, name="markdown"),
    path("<slug:edition>/dessins/ajouter/", drawings.add, name="drawing_add"),
    path("<slug:edition>/<slug:slug>/", views.page, name="page"),
]
