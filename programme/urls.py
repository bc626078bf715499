from django.urls import include, path

from programme import views, views_choices, views_schedule

# The pages of one edition: at its permanent address under /editions/<slug>/, and for the
# current edition at the short address too. Same names: {% url %} picks by the arguments given
# (see editions.url and the {% edition_url %} tag).
edition_pages = [
    path("programme/", views.week, name="week"),
    path("programme/modifications/", views.changes, name="changes"),
    path("programme/<str:date>/", views.day, name="day"),
    path("programme.ics", views.programme_ics, name="programme_ics"),
    path("programme.json", views.programme_json, name="programme_json"),
    path("schedule.xml", views_schedule.schedule_xml, name="schedule_xml"),
    path("schedule.json", views_schedule.schedule_json, name="schedule_json"),
    path("seances/<slug:slug>.ics", views.session_ics, name="session_ics"),
    path("seances/<slug:slug>/", views.session, name="session"),
    path("intervenants/", views.speakers, name="speakers"),
    path("intervenants/<slug:slug>/", views.speaker, name="speaker"),
    path("maintenant/", views.now, name="now"),
    path("salles/<int:pk>/", views.room, name="room"),
    path("mon-programme/", views_choices.my_programme_page, name="my_programme"),
    path("mon-programme/agenda/", views_choices.renew_calendar, name="renew_calendar"),
    path("mon-programme/<str:token>.ics", views_choices.personal_ics, name="personal_ics"),
    path("mon-programme/choix/<int:occurrence>/", views_choices.choose, name="choose"),
]

app_name = "programme"
urlpatterns = [
    path("", views.home, name="home"),
    path("editions/", views.archives, name="archives"),
    path("editions/<slug:edition>/", views.edition_home, name="home"),
    path("editions/<slug:edition>/", include(edition_pages)),
    *edition_pages,
]
