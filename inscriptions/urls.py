app_name = "inscriptions"
urlpatterns = []
