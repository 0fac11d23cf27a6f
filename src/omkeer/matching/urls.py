from __future__ import annotations

from django.urls import path

from omkeer.matching import views

app_name = "matching"

urlpatterns = [
    path("<int:pk>/", views.run_list, name="run-list"),
    path("<int:pk>/run/", views.run_create, name="run-create"),
    path("<int:pk>/settings/", views.settings_edit, name="settings-edit"),
    path("<int:pk>/pin/", views.pair_pin, name="pair-pin"),
    path("<int:pk>/forbid/", views.pair_forbid, name="pair-forbid"),
    path("<int:pk>/constraints/<int:constraint_pk>/delete/", views.constraint_delete, name="constraint-delete"),
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("runs/<int:pk>/status/", views.run_status, name="run-status"),
    path("runs/<int:pk>/approve/", views.run_approve, name="run-approve"),
    path("runs/<int:pk>/why-not/", views.run_why_not, name="run-why-not"),
]
