from __future__ import annotations

from django.urls import path

from omkeer.board import views

app_name = "board"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.board, name="board"),
    path("<int:pk>/posts/new/", views.post_create, name="post-create"),
    path("<int:pk>/meetups/", views.meetup_list, name="meetup-list"),
    path("<int:pk>/meetups/new/", views.meetup_create, name="meetup-create"),
    path("posts/<int:pk>/", views.post_detail, name="post-detail"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post-edit"),
    path("posts/<int:pk>/withdraw/", views.post_withdraw, name="post-withdraw"),
    path("posts/<int:pk>/hide/", views.post_hide, name="post-hide"),
    path("posts/<int:pk>/unhide/", views.post_unhide, name="post-unhide"),
    path("posts/<int:pk>/comments/", views.comment_create, name="comment-create"),
    path("notes/<int:pk>/publish/", views.note_publish, name="note-publish"),
    path("pairs/<int:pk>/ideas/new/", views.idea_create, name="idea-create"),
    path("ideas/<int:pk>/publish/", views.idea_publish, name="idea-publish"),
    path("meetups/<int:pk>/", views.meetup_detail, name="meetup-detail"),
    path("meetups/<int:pk>/edit/", views.meetup_edit, name="meetup-edit"),
    path("meetups/<int:pk>/cancel/", views.meetup_cancel, name="meetup-cancel"),
    path("meetups/<int:pk>/attendance/", views.meetup_attendance, name="meetup-attendance"),
    path("meetups/<int:pk>/calendar.ics", views.meetup_ics, name="meetup-ics"),
]
