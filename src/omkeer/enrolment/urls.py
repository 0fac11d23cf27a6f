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
    path("<int:pk>/intakes/", views.intake_list, name="intake-list"),
    path("intakes/<int:pk>/", views.intake_detail, name="intake-detail"),
    # mentor training: the mentor's pages, then the admin's editor
    path("<int:pk>/training/", views.training_home, name="training"),
    path("<int:pk>/training/<int:module_pk>/", views.training_module, name="training-module"),
    path("<int:pk>/training/modules/", views.training_edit, name="training-edit"),
    path("<int:pk>/training/modules/new/", views.training_module_create, name="training-module-create"),
    path("<int:pk>/training/modules/<int:module_pk>/", views.training_module_edit, name="training-module-edit"),
    path(
        "<int:pk>/training/modules/<int:module_pk>/delete/",
        views.training_module_delete,
        name="training-module-delete",
    ),
    path("<int:pk>/training/modules/<int:module_pk>/move/", views.training_module_move, name="training-module-move"),
    path(
        "<int:pk>/training/modules/<int:module_pk>/questions/new/",
        views.training_question_create,
        name="training-question-create",
    ),
    path("<int:pk>/training/questions/<int:question_pk>/", views.training_question_edit, name="training-question-edit"),
    path(
        "<int:pk>/training/questions/<int:question_pk>/delete/",
        views.training_question_delete,
        name="training-question-delete",
    ),
    path("<int:pk>/reminders/", views.reminder_list, name="reminder-list"),
    path("<int:pk>/reminders/send/", views.reminders_send, name="reminders-send"),
    path("<int:pk>/page/", views.page_edit, name="page-edit"),
    path("<int:pk>/page/faq/new/", views.faq_create, name="faq-create"),
    path("<int:pk>/page/faq/<int:faq_pk>/", views.faq_edit, name="faq-edit"),
    path("<int:pk>/page/faq/<int:faq_pk>/delete/", views.faq_delete, name="faq-delete"),
    path("<int:pk>/page/faq/<int:faq_pk>/move/", views.faq_move, name="faq-move"),
]
