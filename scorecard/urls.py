from django.urls import path

app_name = "scorecard"

urlpatterns: list = []
