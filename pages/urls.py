from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("your-council/", views.your_council, name="your_council"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
