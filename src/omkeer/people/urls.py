from __future__ import annotations

from django.urls import path

from omkeer.people import views

app_name = "people"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("import/", views.import_upload, name="import-upload"),
    path("import/<int:pk>/", views.import_detail, name="import-detail"),
    path("import/<int:pk>/status/", views.import_status, name="import-status"),
    path("import/<int:pk>/commit/", views.import_commit, name="import-commit"),
    path("export.csv", views.export, name="export"),
    path("<str:employee_id>/", views.employee_detail, name="employee-detail"),
]
