from __future__ import annotations

from django.urls import path

from omkeer.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="programme-list"),
    path("new/", views.programme_create, name="programme-create"),
    path("<int:pk>/", views.programme_detail, name="programme-detail"),
    path("<int:pk>/edit/", views.programme_edit, name="programme-edit"),
    path("<int:pk>/goals/new/", views.goal_create, name="goal-create"),
    path("<int:pk>/goals/<int:goal_pk>/delete/", views.goal_delete, name="goal-delete"),
    path("<int:pk>/goals/<int:goal_pk>/kpis/new/", views.kpi_create, name="kpi-create"),
    path("<int:pk>/kpis/<int:kpi_pk>/delete/", views.kpi_delete, name="kpi-delete"),
    path("<int:pk>/participants/", views.participant_list, name="participant-list"),
    path("<int:pk>/participants/add/", views.participant_add, name="participant-add"),
    path(
        "<int:pk>/participants/<int:participation_pk>/remove/",
        views.participant_remove,
        name="participant-remove",
    ),
]
