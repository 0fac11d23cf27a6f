from __future__ import annotations

from django.urls import path

from omkeer.enrolment.views import applications, pages, training

app_name = "enrolment"

urlpatterns = [
    path("", applications.overview, name="overview"),
    path("<int:pk>/", applications.programme_info, name="programme-info"),
    path("<int:pk>/interest/", applications.interest_register, name="interest-register"),
    path("<int:pk>/apply/", applications.application_create, name="application-create"),
    path("<int:pk>/intake/", applications.intake_edit, name="intake-edit"),
    path("<int:pk>/open/", applications.enrolment_open, name="enrolment-open"),
    path("<int:pk>/close/", applications.enrolment_close, name="enrolment-close"),
    path("<int:pk>/invite/", applications.invitation_create, name="invitation-create"),
    path("<int:pk>/funnel/", applications.funnel, name="funnel"),
    path("<int:pk>/waiting-list/<int:registration_pk>/invite/", applications.waitlist_invite, name="waitlist-invite"),
    path("<int:pk>/applications/", applications.application_list, name="application-list"),
    path("applications/<int:pk>/", applications.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application-edit"),
    path("applications/<int:pk>/recommendations/", applications.recommendation_request, name="recommendation-request"),
    path("applications/<int:pk>/accept/", applications.application_accept, name="application-accept"),
    path("applications/<int:pk>/decline/", applications.application_decline, name="application-decline"),
    path("recommendations/<uuid:token>/", applications.recommendation_submit, name="recommendation-submit"),
    path("<int:pk>/intakes/", applications.intake_list, name="intake-list"),
    path("intakes/<int:pk>/", applications.intake_detail, name="intake-detail"),
    # mentor training: the mentor's pages, then the admin's editor
    path("<int:pk>/training/", training.training_home, name="training"),
    path("<int:pk>/training/<int:module_pk>/", training.training_module, name="training-module"),
    path("<int:pk>/training/modules/", training.training_edit, name="training-edit"),
    path("<int:pk>/training/modules/new/", training.training_module_create, name="training-module-create"),
    path("<int:pk>/training/modules/<int:module_pk>/", training.training_module_edit, name="training-module-edit"),
    path(
        "<int:pk>/training/modules/<int:module_pk>/delete/",
        training.training_module_delete,
        name="training-module-delete",
    ),
    path("<int:pk>/training/modules/<int:module_pk>/move/", training.training_module_move, name="training-module-move"),
    path(
        "<int:pk>/training/modules/<int:module_pk>/questions/new/",
        training.training_question_create,
        name="training-question-create",
    ),
    path(
        "<int:pk>/training/questions/<int:question_pk>/", training.training_question_edit, name="training-question-edit"
    ),
    path(
        "<int:pk>/training/questions/<int:question_pk>/delete/",
        training.training_question_delete,
        name="training-question-delete",
    ),
    path("<int:pk>/reminders/", applications.reminder_list, name="reminder-list"),
    path("<int:pk>/reminders/send/", applications.reminders_send, name="reminders-send"),
    path("<int:pk>/page/", pages.page_edit, name="page-edit"),
    path("<int:pk>/page/faq/new/", pages.faq_create, name="faq-create"),
    path("<int:pk>/page/faq/<int:faq_pk>/", pages.faq_edit, name="faq-edit"),
    path("<int:pk>/page/faq/<int:faq_pk>/delete/", pages.faq_delete, name="faq-delete"),
    path("<int:pk>/page/faq/<int:faq_pk>/move/", pages.faq_move, name="faq-move"),
]
