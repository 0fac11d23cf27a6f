from __future__ import annotations

from django.urls import path

from omkeer.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("<int:pk>/", views.dashboard, name="dashboard"),
    path("<int:pk>/kpis/", views.kpis, name="kpis"),
    path("<int:pk>/kpis/<int:kpi>/source/", views.kpi_source, name="kpi-source"),
    path("<int:pk>/kpis/<int:kpi>/values/", views.measurement_add, name="measurement-add"),
    path("<int:pk>/values/<int:measurement>/delete/", views.measurement_delete, name="measurement-delete"),
    path("<int:pk>/values/upload/", views.measurement_upload, name="measurement-upload"),
    path("<int:pk>/surveys/", views.surveys, name="surveys"),
    path("<int:pk>/surveys/<int:survey>/delete/", views.survey_delete, name="survey-delete"),
    path("<int:pk>/follow-up/", views.followup, name="followup"),
    path("<int:pk>/check-ins/", views.checkins, name="checkins"),
    path("<int:pk>/check-ins/plan/", views.checkin_plan, name="checkin-plan"),
    path("<int:pk>/check-ins/<int:checkin>/", views.checkin, name="checkin"),
    path("<int:pk>/decision/", views.decision, name="decision"),
    path("<int:pk>/decision/rules/", views.rule_add, name="rule-add"),
    path("<int:pk>/decision/rules/<int:rule>/delete/", views.rule_delete, name="rule-delete"),
    path("<int:pk>/decision/decide/", views.decide, name="decide"),
    path("<int:pk>/report/", views.report_page, name="report"),
    path("<int:pk>/report.<str:fmt>", views.report_file, name="report-file"),
]
