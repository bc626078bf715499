from django.urls import path

from programme import views

app_name = "programme"
urlpatterns = [
    path("", views.home, name="home"),
    path("programme/", views.week, name="week"),
    path("programme/<str:date>/", views.day, name="day"),
    path("seances/<slug:slug>/", views.session, name="session"),
    path("intervenants/<slug:slug>/", views.speaker, name="speaker"),
]
