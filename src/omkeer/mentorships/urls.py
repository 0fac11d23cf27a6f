from __future__ import annotations

from django.urls import path

from omkeer.mentorships import views

app_name = "mentorships"

urlpatterns = [
    path("", views.mentorship_list, name="list"),
    path("<int:pk>/", views.mentorship_detail, name="detail"),
    path("<int:pk>/kickoff/", views.kickoff_plan, name="kickoff-plan"),
    path("<int:pk>/kickoff/held/", views.kickoff_held, name="kickoff-held"),
    path("<int:pk>/agreement/", views.agreement_propose, name="agreement-propose"),
    path("<int:pk>/agreement/<int:version_pk>/accept/", views.agreement_accept, name="agreement-accept"),
    path("<int:pk>/sessions/plan/", views.session_plan, name="session-plan"),
    path("<int:pk>/fit/", views.fit, name="fit"),
    path("<int:pk>/coach/", views.coach_assign, name="coach-assign"),
    path("<int:pk>/end/", views.mentorship_end, name="end"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path("sessions/<int:pk>/held/", views.session_held, name="session-held"),
    path("sessions/<int:pk>/calendar.ics", views.session_ics, name="session-ics"),
    path("sessions/<int:pk>/note/", views.note_write, name="note-write"),
    path("sessions/<int:pk>/reflect/", views.reflect, name="reflect"),
    path("notes/<int:pk>/", views.note_edit, name="note-edit"),
    path("flags/<int:pk>/resolve/", views.flag_resolve, name="flag-resolve"),
]
