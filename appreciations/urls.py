from django.urls import path

from appreciations import views

app_name = "appreciations"
urlpatterns = [
    path("<slug:edition>/seances/<slug:slug>/", views.rate, name="rate"),
    path("<slug:edition>/questionnaire/", views.questionnaire, name="questionnaire"),
    path("<slug:edition>/resultats/", views.results_page, name="results"),
    path("<slug:edition>/resultats/seances/<slug:slug>/", views.session_results, name="session_results"),
    path("<slug:edition>/resultats.xlsx", views.export, name="export"),
]
