app_name = "cahier"
urlpatterns = []
