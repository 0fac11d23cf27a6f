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
    path("<int:pk>/commitments/", views.commitment_add, name="commitment-add"),
    path("commitments/<int:pk>/", views.commitment_state, name="commitment-state"),
    path("<int:pk>/assignments/", views.assignment_send, name="assignment-send"),
    path("assignments/<int:pk>/done/", views.assignment_done, name="assignment-done"),
    path("<int:pk>/coach/ask/", views.coach_ask, name="coach-ask"),
    path("coach-requests/<int:pk>/held/", views.coach_conversation, name="coach-conversation"),
    path("<int:pk>/assistant/", views.delegate_set, name="delegate-set"),
    path("assisting/", views.delegate_sessions, name="delegate-sessions"),
    path("assisting/sessions/<int:pk>/move/", views.delegate_move, name="delegate-move"),
    path("health/<int:pk>/", views.health_answer, name="health-answer"),
    path("<int:pk>/nudge/", views.nudge, name="nudge"),
    path("programmes/<int:pk>/session-plans/", views.track_list, name="track-list"),
    path("programmes/<int:pk>/session-plans/new/", views.track_create, name="track-create"),
    path("session-plans/<int:pk>/", views.track_edit, name="track-edit"),
    path("session-plans/<int:pk>/delete/", views.track_delete, name="track-delete"),
]
