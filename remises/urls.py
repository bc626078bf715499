from django.urls import path

from remises import views, views_team

# Under /cahier/ (automne/urls.py includes these before the cahier's own addresses, whose
# « /cahier/<edition>/<page>/ » would take « remise » for the slug of a page).
app_name = "remises"
urlpatterns = [
    path("<slug:edition>/remise/", views.hand_in, name="hand_in"),
    path("<slug:edition>/remise/<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("<slug:edition>/remise/<int:pk>/cahier-remis.pdf", views.hand_in_pdf, name="hand_in_pdf"),
    path("<slug:edition>/evaluation/", views.assessment, name="assessment"),
    path("equipe/<slug:edition>/remises/", views_team.board, name="team"),
    path("equipe/<slug:edition>/remises/publier/", views_team.publish_ready, name="publish_ready"),
    path("equipe/<slug:edition>/remises/notes.xlsx", views_team.grades_xlsx, name="grades_xlsx"),
    path("equipe/<slug:edition>/remises/prolongations/<int:user_id>/", views_team.extension, name="extension"),
    path("equipe/<slug:edition>/remises/<int:pk>/", views_team.grade, name="grade"),
    path("equipe/<slug:edition>/remises/<int:pk>/pret/", views_team.mark_ready, name="mark_ready"),
    path("equipe/<slug:edition>/remises/<int:pk>/reprendre/", views_team.resume, name="resume"),
    path("equipe/<slug:edition>/remises/<int:pk>/deuxieme-lecture/", views_team.second_reading, name="second_reading"),
    path("equipe/<slug:edition>/remises/<int:pk>/lecteurs/", views_team.readers, name="readers"),
    path("equipe/<slug:edition>/remises/<int:pk>/publier/", views_team.publish, name="publish"),
    path("equipe/<slug:edition>/remises/<int:pk>/modifier/", views_team.reopen, name="reopen"),
    path("equipe/<slug:edition>/remises/<int:pk>/remise.pdf", views_team.hand_in_pdf, name="team_pdf"),
    path("equipe/<slug:edition>/remises/<int:pk>/dessins/<int:drawing_id>/", views_team.drawing, name="team_drawing"),
]
