"""Matching in the application: the ready pool to the engine and back, pins and forbids, "why not?", approval.

The engine's ids are employee ids (`Employee.employee_id`). A run keeps the engine's input as a file document
(`files.problem_from_data` reads it back), so "why not?" asks the question the run answered, even after the
pool has changed. Every verb that changes state writes its audit entry in its own transaction.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, replace
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from omkeer.accounts.models import User
from omkeer.accounts.services import audit
from omkeer.enrolment.models import ApplicationStatus, MenteeIntake, MentorApplication
from omkeer.lib import emails
from omkeer.lib.notices import language_of
from omkeer.matching import engine
from omkeer.matching.coverage import coverage
from omkeer.matching.files import problem_from_data
from omkeer.matching.models import MatchRun, MatchSettings, PairConstraint, Proposal
from omkeer.matching.reasons import Labels, describe_all
from omkeer.mentorships.models import Mentorship
from omkeer.mentorships.models import Status as MentorshipStatus
from omkeer.people.models import PROFICIENCY_MAX, PROFICIENCY_MIN, Employee, EmployeeSkill, Skill
from omkeer.programmes.models import Participation, Programme, Role

log = logging.getLogger(__name__)
LARGE_RUN = 2_000_000  # mentees × mentors from which a run goes to a background worker
PROGRESS = {"pool": 10, "solve": 30, "store": 90}
State = MatchRun.State
Kind = PairConstraint.Kind


# --- the pool --------------------------------------------------------------------------------------------------


def ready_mentors(programme: Programme, *, trained_only: bool = True) -> QuerySet[MentorApplication]:
    """Accepted applications of active employees who hold the mentor role (and finished the training)."""
    role = Participation.objects.filter(programme=programme, employee=OuterRef("employee"), role=Role.MENTOR)
    applications = MentorApplication.objects.filter(
        programme=programme, status=ApplicationStatus.ACCEPTED, employee__is_active=True
    ).filter(Exists(role))
    return applications.filter(trained__isnull=False) if trained_only else applications


def ready_intakes(programme: Programme) -> QuerySet[MenteeIntake]:
    """Completed intakes of active employees who hold the mentee role and have no active mentorship here."""
    role = Participation.objects.filter(programme=programme, employee=OuterRef("employee"), role=Role.MENTEE)
    paired = Mentorship.objects.active().filter(programme=programme).values("mentee_id")
    intakes = MenteeIntake.objects.filter(programme=programme, employee__is_active=True).filter(Exists(role))
    return intakes.exclude(employee_id__in=paired)


def build_problem(programme: Programme) -> engine.Problem:
    """The engine's input for a programme: the ready pool, the whole organisation, the settings, pins and forbids.

    Mentors' capacity is what they offered less their active mentorships; mentees who have a mentor are left
    out. Every employee, active or not, is in the organisation, so that reporting lines stay whole.
    """
    match_settings = MatchSettings.for_programme(programme)
    mentors = _mentors(programme, ready_mentors(programme, trained_only=match_settings.require_training))
    mentees = _mentees(ready_intakes(programme))
    pinned, forbidden = _constraints(programme, {m.id for m in mentors}, {m.id for m in mentees})
    return engine.Problem(
        employees=_organisation(Employee.objects.all()),
        mentors=mentors,
        mentees=mentees,
        rules=match_settings.rules(),
        weights=match_settings.weights(),
        pinned=pinned,
        forbidden=forbidden,
    )


def _organisation(employees: QuerySet[Employee]) -> list[engine.Employee]:
    rows = employees.order_by("pk").values_list(
        "employee_id", "department_id", "team_id", "level", "manager__employee_id"
    )
    return [
        engine.Employee(id=eid, department=f"d{dept}", level=level, team=f"t{team}" if team else None, manager=boss)
        for eid, dept, team, level, boss in rows
    ]


def _hr_skills(employee_ids: QuerySet[Any]) -> dict[int, dict[str, int]]:
    """Proficiencies from the HR data, per employee pk: the base that a person's own answers override."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    rows = EmployeeSkill.objects.filter(employee_id__in=employee_ids).values_list(
        "employee_id", "skill__name", "proficiency"
    )
    for employee_id, name, proficiency in rows:
        found[employee_id][name] = proficiency
    return found


def _mentors(programme: Programme, applications: QuerySet[MentorApplication]) -> list[engine.Mentor]:
    busy = Counter(Mentorship.objects.active().filter(programme=programme).values_list("mentor_id", flat=True))
    hr = _hr_skills(applications.values("employee_id"))
    return [
        engine.Mentor(
            id=a.employee.employee_id,
            capacity=max(0, a.capacity - busy[a.employee_id]),
            skills={**hr[a.employee_id], **a.skills},
            interests=frozenset(interest.name for interest in a.interests.all()),
            wants=dict(a.wants),
            trained=a.trained is not None,
        )
        for a in applications.select_related("employee").prefetch_related("interests").order_by("pk")
    ]


def self_assessed(score: int) -> int:
    """The intake's self-assessment (1–5) as a proficiency (0 none … 4 expert)."""
    return max(PROFICIENCY_MIN, min(PROFICIENCY_MAX, score - 1))


def _mentees(intakes: QuerySet[MenteeIntake]) -> list[engine.Mentee]:
    hr = _hr_skills(intakes.values("employee_id"))
    return [
        engine.Mentee(
            id=i.employee.employee_id,
            wants=dict(i.wants),
            skills={**hr[i.employee_id], **{key: self_assessed(v) for key, v in i.skill_scores.items()}},
            interests=frozenset(interest.name for interest in i.employee.interests.all()),
        )
        for i in intakes.select_related("employee").prefetch_related("employee__interests").order_by("pk")
    ]


def _constraints(
    programme: Programme, mentors: set[str], mentees: set[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Pins and forbids among people in the pool; the others wait until both are ready again. A pair that was
    ended early is forbidden too: a re-match must find the mentee someone else."""
    pinned: list[tuple[str, str]] = []
    forbidden: list[tuple[str, str]] = []
    rows = PairConstraint.objects.filter(programme=programme).order_by("pk")
    for kind, mentor, mentee in rows.values_list("kind", "mentor__employee_id", "mentee__employee_id"):
        if mentor in mentors and mentee in mentees:
            (pinned if kind == Kind.PINNED else forbidden).append((mentor, mentee))
    ended = Mentorship.objects.filter(programme=programme, status=MentorshipStatus.ENDED_EARLY).order_by("pk")
    for mentor, mentee in ended.values_list("mentor__employee_id", "mentee__employee_id"):
        if mentor in mentors and mentee in mentees and (mentor, mentee) not in forbidden:
            forbidden.append((mentor, mentee))
    pinned = [pair for pair in pinned if pair not in forbidden]
    return pinned, forbidden


def problem_data(problem: engine.Problem) -> dict[str, Any]:
    """A Problem as the file interface's JSON document (the inverse of `files.problem_from_data`)."""
    return {
        "rules": asdict(problem.rules),
        "weights": asdict(problem.weights),
        "employees": [{k: v for k, v in asdict(e).items() if v is not None} for e in problem.employees],
        "mentors": [
            {**asdict(m), "skills": dict(m.skills), "wants": dict(m.wants), "interests": sorted(m.interests)}
            for m in problem.mentors
        ],
        "mentees": [
            {**asdict(m), "skills": dict(m.skills), "wants": dict(m.wants), "interests": sorted(m.interests)}
            for m in problem.mentees
        ],
        "pinned": [{"mentor": m, "mentee": e} for m, e in problem.pinned],
        "forbidden": [{"mentor": m, "mentee": e} for m, e in problem.forbidden],
        "candidates": problem.candidates,
    }


# --- running ---------------------------------------------------------------------------------------------------


def pool_size(programme: Programme) -> int:
    """Mentees × mentors of the ready pool: how much work a run is."""
    trained_only = MatchSettings.for_programme(programme).require_training
    return ready_intakes(programme).count() * ready_mentors(programme, trained_only=trained_only).count()


@shared_task(name="omkeer.matching.tasks.run_match")
def run_match(run_id: int) -> None:
    """The worker's side of a queued run: solve it; an unexpected error marks it failed instead of leaving it
    spinning."""
    run = MatchRun.objects.filter(pk=run_id, state=State.QUEUED).select_related("created_by").first()
    if run is None:
        return
    try:
        compute_run(run)
    except Exception as exc:
        log.exception("matching run %s failed", run_id)
        fail_run(run, str(exc))


@transaction.atomic
def run_matching(*, actor: User | None, programme: Programme, background: bool | None = None) -> MatchRun:
    """Match the programme's ready pool and store the run with its proposals.

    A small pool is matched at once (bad input: ValidationError, nothing stored); a large one, or any when
    `background` is true, is queued for a worker and the run shows its progress.
    """
    if background is None:
        background = pool_size(programme) >= LARGE_RUN
    run = MatchRun.objects.create(
        programme=programme, created_by=actor, state=State.QUEUED if background else State.RUNNING
    )
    if background:
        transaction.on_commit(lambda: run_match.delay(run.pk))
    else:
        _solve(run)
    figures = {"matched": run.matched, "unmatched": run.unmatched, "background": background}
    audit(actor=actor, action="matching.run", target=run, summary=programme.name, data=figures)
    return run


def compute_run(run: MatchRun) -> MatchRun:
    """The background task's body: solve a queued run. A refusal is stored on the run with its message."""
    language = run.created_by.language if run.created_by else settings.LANGUAGE_CODE
    MatchRun.objects.filter(pk=run.pk).update(state=State.RUNNING)
    try:
        with translation.override(language), transaction.atomic():
            _solve(run)
    except ValidationError as error:
        fail_run(run, " ".join(error.messages))
    return run


def fail_run(run: MatchRun, message: str) -> None:
    """Mark a run failed with the reason (after its own transaction rolled back)."""
    run.state, run.error = State.FAILED, message
    MatchRun.objects.filter(pk=run.pk).update(state=run.state, error=message)


def _progress_key(run: MatchRun) -> str:
    return f"omkeer:match-run:{run.pk}:progress"


def _progress(run: MatchRun, phase: str) -> None:
    cache.set(_progress_key(run), phase, timeout=6 * 3600)


def progress_of(run: MatchRun) -> tuple[int, str]:
    """(percent, phase) of a run; the phase is 'pool', 'solve' or 'store' while a worker is busy with it."""
    if not run.is_running:
        return 100, ""
    phase = cache.get(_progress_key(run)) or ""
    return PROGRESS.get(phase, 0), phase


def _solve(run: MatchRun) -> None:
    """Build the problem, run the engine, store the proposals and figures on `run`. ValidationError on bad input."""
    _progress(run, "pool")
    problem = build_problem(run.programme)
    _progress(run, "solve")
    try:
        result = engine.match(problem)
    except engine.MatchingError as error:
        raise ValidationError(_("Matching refused the input: %(error)s") % {"error": error}) from error
    _progress(run, "store")
    _store(run, problem, result)


def _reason_data(reason: engine.Reason) -> dict[str, Any]:
    return {"code": reason.code, "params": dict(reason.params)}


def _store(run: MatchRun, problem: engine.Problem, result: engine.Result) -> None:
    pk_of = dict(Employee.objects.values_list("employee_id", "pk"))
    Proposal.objects.bulk_create(
        [
            Proposal(
                run=run,
                mentor_id=pk_of[pair.mentor],
                mentee_id=pk_of[pair.mentee],
                score=pair.score,
                parts={name: round(value, 6) for name, value in asdict(pair.parts).items()},
                reasons=[_reason_data(reason) for reason in pair.reasons],
                pinned=pair.pinned,
            )
            for pair in result.pairs
        ],
        batch_size=1000,
    )
    _fill(run, problem, result)
    run.unmatched_reasons = [{"mentee": u.mentee, **_reason_data(u.reason)} for u in result.unmatched]
    run.pool = {"mentors": [m.id for m in problem.mentors], "mentees": [m.id for m in problem.mentees]}
    run.problem = problem_data(problem)
    run.save()


def _fill(run: MatchRun, problem: engine.Problem, result: engine.Result) -> None:
    """The run's figures: counts, coverage, objective and the engine's statistics."""
    figures = coverage(problem, result)
    run.state = State.DONE
    run.rules = {"rules": asdict(problem.rules), "weights": asdict(problem.weights)}
    run.objective = result.objective
    run.stats = {**result.stats, "histogram": figures["histogram"], "parts_mean": figures["parts_mean"]}
    run.stats.update(pinned=len(problem.pinned), forbidden=len(problem.forbidden))
    run.mentees, run.mentors = len(problem.mentees), len(problem.mentors)
    run.matched, run.unmatched = len(result.pairs), len(result.unmatched)
    run.mentors_used, run.total_score = result.stats["mentors_used"], result.objective["total_score"]
    run.cross_department, run.level_gap = figures["cross_department"], figures["level_gap"]
    run.kept = Mentorship.objects.active().filter(programme=run.programme).count()


def preview_matching(*, programme: Programme) -> MatchRun:
    """Match the ready pool without storing anything: an unsaved run with the figures (a dry run)."""
    problem = build_problem(programme)
    try:
        result = engine.match(problem)
    except engine.MatchingError as error:
        raise ValidationError(_("Matching refused the input: %(error)s") % {"error": error}) from error
    run = MatchRun(programme=programme)
    _fill(run, problem, result)
    return run


# --- pins and forbids ------------------------------------------------------------------------------------------


def _pin_conflicts(programme: Programme, mentor: Employee, mentee: Employee) -> list[engine.Reason]:
    """The hard rules a pin breaks, checked on a small problem: the two people and their managers."""
    if mentor.pk == mentee.pk:
        return [engine.Reason("same_person")]
    mentors = _mentors(programme, ready_mentors(programme, trained_only=False).filter(employee=mentor))
    mentees = _mentees(ready_intakes(programme).filter(employee=mentee))
    missing = [engine.Reason("not_ready_mentor")] if not mentors else []
    missing += [engine.Reason("not_ready_mentee")] if not mentees else []
    if missing:
        return missing
    others = PairConstraint.objects.filter(programme=programme, mentor=mentor, kind=Kind.PINNED).exclude(mentee=mentee)
    capped = replace(mentors[0], capacity=max(0, mentors[0].capacity - others.count()))
    people = {mentor.pk, mentee.pk, *mentor.chain_ids, *mentee.chain_ids}
    match_settings = MatchSettings.for_programme(programme)
    problem = engine.Problem(
        employees=_organisation(Employee.objects.filter(pk__in=people)),
        mentors=[capped],
        mentees=mentees,
        rules=match_settings.rules(),
        weights=match_settings.weights(),
    )
    return engine.conflicts(engine.prepare(problem), mentor.employee_id, mentee.employee_id)


def labels_for(people: Iterable[Employee] = ()) -> Labels:
    """How reasons name skills (every skill's label, one query) and these people (by employee id)."""
    return Labels(skills={s.name: s for s in Skill.objects.all()}, people={p.employee_id: p.full_name for p in people})


@transaction.atomic
def pin_pair(*, actor: User, programme: Programme, mentor: Employee, mentee: Employee) -> PairConstraint:
    """Keep this pair in every run until the pin is removed. A pin that breaks a hard rule is refused, naming it.

    Pinning a mentee who is pinned to another mentor moves the pin: that is how an admin swaps a mentor.
    """
    blocked = _pin_conflicts(programme, mentor, mentee)
    if blocked:
        reasons = "; ".join(describe_all(blocked, labels_for()))
        raise ValidationError(_("This pair cannot be pinned: %(reasons)s.") % {"reasons": reasons})
    PairConstraint.objects.filter(programme=programme, mentee=mentee, kind=Kind.PINNED).exclude(mentor=mentor).delete()
    constraint, _created = PairConstraint.objects.update_or_create(
        programme=programme, mentor=mentor, mentee=mentee, defaults={"kind": Kind.PINNED, "created_by": actor}
    )
    audit(actor=actor, action="matching.pin", target=constraint, summary=f"{mentor.employee_id} {mentee.employee_id}")
    return constraint


@transaction.atomic
def forbid_pair(*, actor: User, programme: Programme, mentor: Employee, mentee: Employee) -> PairConstraint:
    """Never propose this pair in this programme (replaces a pin of the same pair)."""
    if mentor.pk == mentee.pk:
        raise ValidationError(_("A mentor and a mentee are two different people."))
    constraint, _created = PairConstraint.objects.update_or_create(
        programme=programme, mentor=mentor, mentee=mentee, defaults={"kind": Kind.FORBIDDEN, "created_by": actor}
    )
    summary = f"{mentor.employee_id} {mentee.employee_id}"
    audit(actor=actor, action="matching.forbid", target=constraint, summary=summary)
    return constraint


@transaction.atomic
def remove_constraint(*, actor: User, constraint: PairConstraint) -> None:
    """Take away a pin or a forbid; the next run is free to pair (or not pair) the two again."""
    summary = f"{constraint.kind} {constraint.mentor.employee_id} {constraint.mentee.employee_id}"
    audit(actor=actor, action="matching.constraint-remove", target=constraint, summary=summary)
    constraint.delete()


# --- why not? --------------------------------------------------------------------------------------------------


def run_result(run: MatchRun) -> engine.Result:
    """The engine's result as stored in a run (pairs with their parts; enough for `engine.why_not`)."""
    rows = run.proposals.values_list("mentor__employee_id", "mentee__employee_id", "score", "parts", "pinned")
    pairs = [
        engine.Pair(mentor=m, mentee=e, score=score, parts=engine.Parts(**parts), reasons=(), pinned=pinned)
        for m, e, score, parts, pinned in rows
    ]
    return engine.Result(pairs=pairs, unmatched=[], objective=dict(run.objective), stats=dict(run.stats))


def why_not(*, programme: Programme, run: MatchRun, mentor: Employee, mentee: Employee) -> list[engine.Reason]:
    """Why this mentor and this mentee are not a pair in the run: the hard rules that block it, or what forcing
    the pair would cost (the engine solves the run's input again with the pair pinned)."""
    if run.programme_id != programme.pk or run.state != State.DONE:
        raise ValidationError(_("Ask about a finished run of this programme."))
    if mentor.pk == mentee.pk:
        return [engine.Reason("same_person")]
    missing = [engine.Reason("not_ready_mentor")] if mentor.employee_id not in run.pool.get("mentors", []) else []
    missing += [engine.Reason("not_ready_mentee")] if mentee.employee_id not in run.pool.get("mentees", []) else []
    if missing:
        return missing
    problem = problem_from_data(run.problem)
    return engine.why_not(problem, run_result(run), mentor.employee_id, mentee.employee_id)


def reason_labels(reasons: Iterable[engine.Reason]) -> Labels:
    """Labels for the people that reasons name by employee id (pinned elsewhere, better use), one query."""
    ids: set[str] = set()
    for reason in reasons:
        for key in ("mentor", "mentee_now"):
            if isinstance(reason.params.get(key), str):
                ids.add(reason.params[key])
        ids.update(reason.params.get("mentor_now") or [])
    return labels_for(Employee.objects.filter(employee_id__in=ids))


# --- approval --------------------------------------------------------------------------------------------------


def _check_capacity(programme: Programme, proposals: list[Proposal]) -> None:
    """Refuse when a mentor would get more mentees than offered, counting the active mentorships of now.

    The mentors' applications are locked first (in primary-key order, so two approvals cannot deadlock): a second
    approval waits for the first to commit and then counts its mentorships too.
    """
    mentor_ids = sorted({p.mentor_id for p in proposals})
    applications = MentorApplication.objects.select_for_update().filter(
        programme=programme, employee_id__in=mentor_ids, status=ApplicationStatus.ACCEPTED
    )
    offered = dict(applications.order_by("pk").values_list("employee_id", "capacity"))
    busy = Counter(
        Mentorship.objects.active()
        .filter(programme=programme, mentor_id__in=mentor_ids)
        .values_list("mentor_id", flat=True)
    )
    new = Counter(p.mentor_id for p in proposals)
    names = {p.mentor_id: p.mentor.full_name for p in proposals}
    over = [names[m] for m in mentor_ids if busy[m] + new[m] > offered.get(m, 0)]
    if over:
        message = _(
            "Approval refused: %(names)s would get more mentees than they offered to take, counting the "
            "mentorships approved since this run. Run matching again."
        )
        raise ValidationError(message % {"names": ", ".join(sorted(over))})


def _check_people(programme: Programme, proposals: list[Proposal]) -> None:
    """Refuse when a mentee already has an active mentor, or someone left the organisation, since the run."""
    paired = Mentorship.objects.active().filter(programme=programme, mentee_id__in=[p.mentee_id for p in proposals])
    taken = sorted(m.mentee.full_name for m in paired.select_related("mentee"))
    if taken:
        message = _("Approval refused: %(names)s already have an active mentor. Run matching again.")
        raise ValidationError(message % {"names": ", ".join(taken)})
    gone = sorted({p.full_name for pair in proposals for p in (pair.mentor, pair.mentee) if not p.is_active})
    if gone:
        message = _("Approval refused: %(names)s no longer work here. Run matching again.")
        raise ValidationError(message % {"names": ", ".join(gone)})


def _introduction(
    mentorship: Mentorship, proposal: Proposal, labels: Labels, *, to_mentor: bool
) -> EmailMultiAlternatives:
    person, other = (mentorship.mentor, mentorship.mentee) if to_mentor else (mentorship.mentee, mentorship.mentor)
    language = language_of(person)
    with translation.override(language):
        reasons = describe_all(proposal.reason_objects(), labels)
    context = {
        "person": person,
        "other": other,
        "about": " · ".join(part for part in (other.job_title, other.department.name) if part),
        "is_mentor": to_mentor,
        "programme": mentorship.programme,
        "reasons": reasons,
        "url": emails.absolute_url(mentorship.get_absolute_url()),
    }
    return emails.build("matching-introduction", to=person.email, context=context, language=language)


@transaction.atomic
def approve_run(*, actor: User, run: MatchRun) -> list[Mentorship]:
    """Turn a run's proposals into active mentorships and introduce both people of each pair by email.

    All or nothing: capacity and free mentees are checked against the mentorships of now, with the mentors'
    applications locked, so two admins approving at once cannot overfill a mentor.
    """
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("programme").defer("problem").get(pk=run.pk)
    if run.state != State.DONE:
        raise ValidationError(_("Only a finished run can be approved."))
    if run.approved is not None:
        raise ValidationError(_("This run has already been approved."))
    related = ("mentor__user", "mentor__department", "mentee__user", "mentee__department")
    proposals = list(run.proposals.select_related(*related).order_by("pk"))
    if not proposals:
        raise ValidationError(_("This run proposes no pairs, so there is nothing to approve."))
    _check_capacity(run.programme, proposals)
    _check_people(run.programme, proposals)
    mentorships = _create_mentorships(actor, run, proposals)
    run.approved, run.approved_by = timezone.now(), actor
    run.save(update_fields=["approved", "approved_by"])
    labels = labels_for()
    emails.send_on_commit(
        [
            _introduction(mentorship, proposal, labels, to_mentor=to_mentor)
            for mentorship, proposal in zip(mentorships, proposals, strict=True)
            for to_mentor in (True, False)
        ]
    )
    audit(actor=actor, action="matching.approve", target=run, summary=f"{len(mentorships)} mentorships")
    return mentorships


def _create_mentorships(actor: User, run: MatchRun, proposals: list[Proposal]) -> list[Mentorship]:
    today = timezone.localdate()
    coaches = list(
        Participation.objects.filter(programme=run.programme, role=Role.COACH).values_list("employee", flat=True)[:2]
    )
    coach = coaches[0] if len(coaches) == 1 else None  # one coach coaches every pair; with more, the admin assigns
    rows = [
        Mentorship(
            programme=run.programme, mentor=p.mentor, mentee=p.mentee, started=today, created_by=actor, coach_id=coach
        )
        for p in proposals
    ]
    try:
        with transaction.atomic():
            return Mentorship.objects.bulk_create(rows)
    except IntegrityError as error:  # a mentee paired by a concurrent approval, caught by the database
        raise ValidationError(_("Approval refused: a mentee got a mentor meanwhile. Run matching again.")) from error


# --- settings --------------------------------------------------------------------------------------------------


@transaction.atomic
def save_settings(*, actor: User, match_settings: MatchSettings, changed: list[str]) -> MatchSettings:
    """Store a programme's matching rules and weights (validated); the next run uses them."""
    match_settings.full_clean()
    match_settings.save()
    audit(actor=actor, action="matching.settings", target=match_settings, data={"fields": sorted(changed)})
    return match_settings
