"""The "Ideas" card of a pair's page: the ideas themselves for the two partners, counts for coordinators."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count

from omkeer.access.board import ideas_visible_to
from omkeer.board.models import Idea
from omkeer.mentorships.models import Mentorship

register = template.Library()


@register.inclusion_tag("board/_ideas_card.html", takes_context=True)
def ideas_card(context: dict[str, Any], mentorship: Mentorship) -> dict[str, Any]:
    user = context["user"]
    partner = mentorship.is_partner(user.employee_id)
    ideas = ideas_visible_to(user).filter(mentorship=mentorship).select_related("author", "post")
    counts = Idea.objects.filter(mentorship=mentorship).aggregate(recorded=Count("id"), published=Count("post"))
    return {
        "mentorship": mentorship,
        "is_partner": partner,
        "ideas": list(ideas) if partner else [],
        "counts": counts,
        "me": user.employee_id,
    }
