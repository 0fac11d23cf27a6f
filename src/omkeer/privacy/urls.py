from __future__ import annotations

from django.urls import path

from omkeer.privacy import views

app_name = "privacy"

urlpatterns = [
    path("my-data.json", views.export, name="export"),
    path("erase/<str:employee_id>/", views.erase, name="erase"),
]
