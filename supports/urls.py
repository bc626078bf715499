from django.urls import path

from supports import views

app_name = "supports"
urlpatterns = [
    path("<slug:edition>/<int:pk>/", views.serve, name="file"),
]
