from __future__ import annotations

from django.urls import path

from omkeer.enrolment import views

app_name = "enrolment"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:pk>/", views.programme_info, name="programme-info"),
    path("<int:pk>/interest/", views.interest_register, name="interest-register"),
    path("<int:pk>/apply/", views.application_create, name="application-create"),
    path("<int:pk>/intake/", views.intake_edit, name="intake-edit"),
    path("<int:pk>/open/", views.enrolment_open, name="enrolment-open"),
    path("<int:pk>/close/", views.enrolment_close, name="enrolment-close"),
    path("<int:pk>/invite/", views.invitation_create, name="invitation-create"),
    path("<int:pk>/funnel/", views.funnel, name="funnel"),
    path("<int:pk>/waiting-list/<int:registration_pk>/invite/", views.waitlist_invite, name="waitlist-invite"),
    path("<int:pk>/applications/", views.application_list, name="application-list"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application-edit"),
    path("applications/<int:pk>/recommendations/", views.recommendation_request, name="recommendation-request"),
    path("applications/<int:pk>/accept/", views.application_accept, name="application-accept"),
    path("applications/<int:pk>/decline/", views.application_decline, name="application-decline"),
    path("recommendations/<uuid:token>/", views.recommendation_submit, name="recommendation-submit"),
]
