"""The first cohort's board: a post the demo mentor chose to publish from one of their notes (rewritten in
their own words for the programme), a learning shared after the last mentor meet-up, an idea the demo mentee
published and one the pair keeps to itself, comments, one past meet-up with attendance and one coming up.

Rows are written directly (no emails, no audit); times are relative to when the demo is built. The private notes
of the demo are never copied: the published post is a new text, as its author would write it for a wider audience.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.conf import settings
from django.utils import timezone

from omkeer.accounts.models import User
from omkeer.board.models import Attendance, Comment, Idea, Meetup, Post, mentors_of
from omkeer.demo.mentorships import COHORT_NAME
from omkeer.mentorships.models import Mentorship, Note, Status
from omkeer.people.models import Employee
from omkeer.programmes.models import Programme

MEETUP_AGENDA = (
    "1. A round: what worked in your sessions since the last meet-up\n"
    "2. Where you got stuck, and how others handled it\n"
    "3. One learning each of us shares on the board"
)
NOTE_POST = (
    "Trying AI tools on a real memo",
    "We took a memo my mentee really had to write this week and tried three AI tools on it. The summaries saved "
    "time; the drafts needed a careful eye, and we talked about what must never go into such a tool.\n\n"
    "Tip for other mentors: bring a real document from your mentee's week, not a made-up exercise. It makes the "
    "session concrete and the homework obvious.",
)
LEARNING_POST = (
    "From the meet-up: homework makes the difference",
    "At the meet-up, the pairs that keep their rhythm all end each session with one small piece of homework for "
    "the senior: follow ten people, post once, try one tool. I started doing the same and the next session "
    "begins with what happened, not with a blank page.",
)
PUBLISHED_IDEA = (
    "The monthly director update as a two-minute video",
    "Instead of the long monthly email, a two-minute video recorded on a phone, with the three things that "
    "matter and one question for the teams. Younger colleagues say they skip the email; they would watch this.",
)
PRIVATE_IDEA = (
    "A Teams channel instead of the weekly status email",
    "Move the weekly status round of the team into a channel, so questions and answers stay together and new "
    "colleagues can read back.",
)


def build_board_demo(*, admin: Employee, coach: Employee, mentor: Employee, mentee: Employee, seed: int) -> int:
    """Fill the first cohort's board. `mentor` and `mentee` are the demo logins' employees, each with a running
    pair. Returns the number of posts."""
    rng = random.Random(seed * 11 + 3)
    programme = Programme.objects.get(name=COHORT_NAME)
    now = timezone.now()
    mentor_pair = Mentorship.objects.get(programme=programme, mentor=mentor, status=Status.ACTIVE)
    mentee_pair = Mentorship.objects.get(programme=programme, mentee=mentee, status=Status.ACTIVE)
    past = _meetups(programme, admin, coach, rng, now)
    note = Note.objects.filter(mentorship=mentor_pair, author=mentor).order_by("session__starts_at")[2:3].get()
    from_note = _post(programme, mentor, Post.Kind.NOTE, NOTE_POST, note.updated + dt.timedelta(days=2))
    Post.objects.filter(pk=from_note.pk).update(source_note=note)
    colleague = mentors_of(programme).exclude(pk__in=[mentor.pk, mentee_pair.mentor_id]).first() or mentor
    learning = _post(programme, colleague, Post.Kind.LEARNING, LEARNING_POST, past.ends_at + dt.timedelta(days=1))
    Post.objects.filter(pk=learning.pk).update(meetup=past)
    idea = Idea.objects.create(
        mentorship=mentee_pair, author=mentee, title=PUBLISHED_IDEA[0], description=PUBLISHED_IDEA[1]
    )
    idea_post = _post(programme, mentee, Post.Kind.IDEA, PUBLISHED_IDEA, now - dt.timedelta(days=12))
    idea.post = idea_post
    idea.save(update_fields=["post"])
    Idea.objects.filter(pk=idea.pk).update(created=now - dt.timedelta(days=20))
    kept = Idea.objects.create(
        mentorship=mentor_pair, author=mentor, title=PRIVATE_IDEA[0], description=PRIVATE_IDEA[1]
    )
    Idea.objects.filter(pk=kept.pk).update(created=now - dt.timedelta(days=6))
    _comment(
        from_note,
        coach,
        "Thank you for sharing this. The point about what never goes into such a tool is one for every pair.",
        hours=5,
    )
    _comment(
        from_note,
        mentee,
        "We tried the same with a board paper. The summary was good; my own draft was better.",
        hours=30,
    )
    _comment(idea_post, admin, "Let's try it for next month's update and ask the teams what they think.", hours=20)
    _comment(idea_post, colleague, "My mentee would love this. Keep it under two minutes!", hours=26)
    _comment(learning, mentor, "Same here: homework turned 'nice chat' into real change.", hours=8)
    return Post.objects.filter(programme=programme).count()


def _thursday(day: dt.date, hour: int) -> dt.datetime:
    """16:00 on the Thursday of `day`'s week (meet-ups fall on a working day)."""
    thursday = day + dt.timedelta(days=3 - day.weekday())
    return dt.datetime.combine(thursday, dt.time(hour), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _meetups(programme: Programme, admin: Employee, coach: Employee, rng: random.Random, now: dt.datetime) -> Meetup:
    """One meet-up about six weeks ago with most mentors there, and the next one about five weeks from now."""
    created_by = User.objects.filter(employee=admin).first()
    today = timezone.localdate()
    common = {"programme": programme, "minutes": 90, "agenda": MEETUP_AGENDA, "organiser": coach}
    past = Meetup.objects.create(
        starts_at=_thursday(today - dt.timedelta(days=44), 16),
        place="Auditorium, ground floor",
        created_by=created_by,
        attendance_recorded=now - dt.timedelta(days=43),
        **common,
    )
    mentors = list(mentors_of(programme))
    came = rng.sample(mentors, k=max(1, len(mentors) * 3 // 4))
    Attendance.objects.bulk_create([Attendance(meetup=past, mentor=person) for person in came])
    Meetup.objects.create(
        starts_at=_thursday(today + dt.timedelta(days=36), 16),
        place="Auditorium, ground floor",
        video_link="https://teams.example.com/meetup",
        created_by=created_by,
        **common,
    )
    return past


def _post(programme: Programme, author: Employee, kind: str, text: tuple[str, str], when: dt.datetime) -> Post:
    post = Post.objects.create(programme=programme, author=author, kind=kind, title=text[0], body=text[1])
    Post.objects.filter(pk=post.pk).update(created=when)
    post.created = when
    return post


def _comment(post: Post, author: Employee, text: str, *, hours: int) -> None:
    comment = Comment.objects.create(post=post, author=author, text=text)
    Comment.objects.filter(pk=comment.pk).update(created=post.created + dt.timedelta(hours=hours))
