from __future__ import annotations

from django.urls import path

from omkeer.voice import views

app_name = "voice"

urlpatterns = [
    path("<int:pk>/", views.speak, name="speak"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/feedback/<uuid:item>/themes/", views.feedback_tag, name="feedback-tag"),
    path("<int:pk>/themes/", views.theme_create, name="theme-create"),
    path("<int:pk>/replies/new/", views.reply_create, name="reply-create"),
    path("<int:pk>/replies/<uuid:reply>/", views.reply_edit, name="reply-edit"),
    path("<int:pk>/replies/<uuid:reply>/delete/", views.reply_delete, name="reply-delete"),
    path("<int:pk>/settings/", views.voice_settings, name="settings"),
    path("<int:pk>/pulse/", views.pulse_results, name="pulse"),
    path("<int:pk>/pulse/waves/", views.wave_create, name="wave-create"),
    path("<int:pk>/pulse/waves/<int:wave>/delete/", views.wave_delete, name="wave-delete"),
    path("pulse/<str:token>/", views.pulse_answer, name="pulse-answer"),
]
