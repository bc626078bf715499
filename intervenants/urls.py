from django.urls import path

from intervenants import views

app_name = "intervenants"
urlpatterns = [
    path("espace-intervenant/", views.space_page, name="space"),
    path("espace-intervenant/personnes/<int:pk>/", views.profile, name="profile"),
    path("espace-intervenant/personnes/<int:pk>/photo/", views.photo, name="photo_upload"),
    path("espace-intervenant/seances/<int:session>/supports/", views.add_material, name="add_material"),
    path("espace-intervenant/supports/<int:pk>/retirer/", views.remove_material, name="remove_material"),
    path("photos-intervenants/<int:pk>-<str:digest>.jpg", views.photo_image, name="photo"),
]
