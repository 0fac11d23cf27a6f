"""The board's API: the posts readers may see, the meet-ups for mentors and coordinators, idea counts."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from omkeer.board.models import Attendance, Idea, Meetup, Post


def test_posts_hide_what_the_admin_hid_except_from_admins_and_the_author(programme, admin, mentor, mentee, client_for):
    Post.objects.create(programme=programme, author=mentor.employee, kind="learning", title="Shown", body="a")
    Post.objects.create(
        programme=programme, author=mentor.employee, kind="learning", title="Hidden", body="b", hidden_at=timezone.now()
    )
    url = f"/api/programmes/{programme.pk}/posts"
    assert [p["title"] for p in client_for(mentee).get(url).json()] == ["Shown"]
    for user in (admin, mentor):
        posts = client_for(user).get(url).json()
        assert {p["title"]: p["hidden"] for p in posts} == {"Shown": False, "Hidden": True}


def test_posts_of_another_programme_are_not_found(programme, other_programme, mentor, client_for):
    assert client_for(mentor).get(f"/api/programmes/{other_programme.pk}/posts").status_code == 404


def test_meetups_carry_attendance_once_recorded(programme, mentor, coach, client_for):
    now = timezone.now()
    past = Meetup.objects.create(
        programme=programme, starts_at=now - dt.timedelta(days=3), minutes=60, place="x", attendance_recorded=now
    )
    Attendance.objects.create(meetup=past, mentor=mentor.employee)
    Meetup.objects.create(programme=programme, starts_at=now + dt.timedelta(days=3), minutes=60, place="y")
    meetups = client_for(mentor).get(f"/api/programmes/{programme.pk}/meetups").json()
    assert [(m["place"], m["attended"]) for m in meetups] == [("x", 1), ("y", None)]


def test_idea_counts_are_counts(programme, mentor, mentee, coach, client_for):
    from omkeer.mentorships.models import Mentorship

    pair = Mentorship.objects.create(
        programme=programme, mentor=mentor.employee, mentee=mentee.employee, started=timezone.localdate()
    )
    post = Post.objects.create(programme=programme, author=mentee.employee, kind="idea", title="Video", body="b")
    Idea.objects.create(mentorship=pair, author=mentee.employee, title="Video", description="secret", post=post)
    Idea.objects.create(mentorship=pair, author=mentor.employee, title="Channel", description="secret")
    response = client_for(coach).get(f"/api/programmes/{programme.pk}/idea-counts")
    assert response.json() == {"recorded": 2, "published": 1, "pairs": 1}
    assert client_for(mentor).get(f"/api/programmes/{programme.pk}/idea-counts").status_code == 403
