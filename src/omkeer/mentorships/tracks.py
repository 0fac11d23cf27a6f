"""Session plans ("tracks"): session-by-session templates a mentor can start from when planning. Every
programme starts with two, in English and Dutch — a six-session digital track and a diversity & inclusion
track — which its admins edit, extend or remove."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import get_language

from omkeer.mentorships.models import Track, TrackSession
from omkeer.programmes.models import Programme

# (title, agenda, homework) in English, then in Dutch
DIGITAL = (
    ("A digital track in six sessions", "Een digitaal traject in zes sessies"),
    (
        "Hands-on sessions on the tools juniors use every day, each with homework to try before the next.",
        "Praktische sessies over de middelen die junioren elke dag gebruiken, elk met huiswerk om vóór de "
        "volgende uit te proberen.",
    ),
    [
        (
            (
                "LinkedIn and professional networks",
                "Complete the profile together; find and follow ten people in your field; how to write a first post.",
                "Post once, comment on three posts.",
            ),
            (
                "LinkedIn en professionele netwerken",
                "Samen het profiel afmaken; tien mensen in je vakgebied vinden en "
                "volgen; hoe schrijf je een eerste bericht.",
                "Eén keer posten, op drie berichten reageren.",
            ),
        ),
        (
            (
                "Social media for the business",
                "How customers and candidates see us online; what works on which platform; tone of voice.",
                "Find three posts by competitors that work, and say why.",
            ),
            (
                "Sociale media voor het bedrijf",
                "Hoe klanten en kandidaten ons online zien; wat werkt op welk platform; toon.",
                "Zoek drie berichten van concurrenten die werken, en zeg waarom.",
            ),
        ),
        (
            (
                "Search and online research",
                "Search operators, judging sources, alerts that bring news to you.",
                "Set up two alerts on topics of your work.",
            ),
            (
                "Zoeken en online onderzoek",
                "Zoekoperatoren, bronnen beoordelen, meldingen die nieuws naar je toe brengen.",
                "Stel twee meldingen in over onderwerpen uit je werk.",
            ),
        ),
        (
            (
                "Collaboration tools",
                "Channels instead of email, shared documents, co-editing, a team's rhythm online.",
                "Move one recurring email thread into a channel.",
            ),
            (
                "Samenwerkingstools",
                "Kanalen in plaats van e-mail, gedeelde documenten, samen bewerken, het ritme van een team online.",
                "Verplaats één terugkerende e-mailreeks naar een kanaal.",
            ),
        ),
        (
            (
                "AI tools",
                "What AI assistants do well and badly; writing a good prompt; checking the answer; what not "
                "to paste in.",
                "Use an AI tool on one real task and bring the result.",
            ),
            (
                "AI-tools",
                "Wat AI-assistenten goed en slecht doen; een goede prompt schrijven; het antwoord "
                "controleren; wat je er niet in plakt.",
                "Gebruik een AI-tool voor één echte taak en neem het resultaat mee.",
            ),
        ),
        (
            (
                "Online privacy and security",
                "Passwords and passkeys, phishing, what leaders share about themselves online.",
                "Turn on two-step sign-in everywhere it is offered.",
            ),
            (
                "Online privacy en veiligheid",
                "Wachtwoorden en passkeys, phishing, wat leiders online over zichzelf delen.",
                "Zet overal waar het kan inloggen in twee stappen aan.",
            ),
        ),
    ],
)
INCLUSION = (
    ("Diversity & inclusion: lived experience", "Diversiteit & inclusie: geleefde ervaring"),
    (
        "The junior shares lived experience of working here; the senior listens, observes and reflects. The senior "
        "does not advise.",
        "De junior deelt de eigen ervaring van het werken hier; de senior luistert, observeert en reflecteert. De "
        "senior adviseert niet.",
    ),
    [
        (
            (
                "Our stories",
                "Each tells how they got here; the junior shares a moment they felt they did or did not belong.",
                "The senior notes three moments from their own week where this could play.",
            ),
            (
                "Onze verhalen",
                "Ieder vertelt hoe die hier kwam; de junior deelt een moment waarop die zich wel of niet thuis voelde.",
                "De senior noteert drie momenten uit de eigen week waarin dit kan spelen.",
            ),
        ),
        (
            (
                "A day in the junior's shoes",
                "The senior joins (or walks through) a day of the junior's work and observes.",
                "Write down what surprised you, without judging.",
            ),
            (
                "Een dag in de schoenen van de junior",
                "De senior loopt een dag mee (of loopt die door) en observeert.",
                "Schrijf op wat je verraste, zonder te oordelen.",
            ),
        ),
        (
            (
                "Meetings and voice",
                "Who speaks in our meetings, who is interrupted, who is asked.",
                "Watch one meeting you chair with these questions.",
            ),
            (
                "Vergaderingen en stem",
                "Wie spreekt er in onze vergaderingen, wie wordt onderbroken, wie wordt iets gevraagd.",
                "Bekijk één vergadering die je voorzit met deze vragen.",
            ),
        ),
        (
            (
                "What I will change",
                "The senior reflects aloud; together you choose one change to commit to.",
                "Record the change as a commitment.",
            ),
            (
                "Wat ik ga veranderen",
                "De senior reflecteert hardop; samen kiezen jullie één verandering om je aan te verbinden.",
                "Leg de verandering vast als toezegging.",
            ),
        ),
    ],
)
DEFAULTS = (DIGITAL, INCLUSION)


@transaction.atomic
def ensure_tracks(programme: Programme) -> list[Track]:
    """The programme's session plans; the two defaults are created the first time anyone asks."""
    tracks = list(programme.tracks.prefetch_related("sessions"))
    if tracks or programme.tracks.exists():
        return tracks
    for (name_en, name_nl), (description_en, description_nl), sessions in DEFAULTS:
        track = Track.objects.create(
            programme=programme,
            name_en=name_en,
            name_nl=name_nl,
            description_en=description_en,
            description_nl=description_nl,
        )
        TrackSession.objects.bulk_create(
            TrackSession(
                track=track,
                order=order,
                title_en=en[0],
                agenda_en=en[1],
                homework_en=en[2],
                title_nl=nl[0],
                agenda_nl=nl[1],
                homework_nl=nl[2],
            )
            for order, (en, nl) in enumerate(sessions, start=1)
        )
    return list(programme.tracks.prefetch_related("sessions"))


def agendas(track: Track, count: int, homework_label: str) -> list[str]:
    """The agenda of each of `count` sessions from the track, in the active language; sessions beyond the
    track's length get an empty agenda for the mentor to fill."""
    dutch = (get_language() or "en").startswith("nl")
    texts = []
    for item in list(track.sessions.all())[:count]:
        title, agenda, homework = item.text(dutch)
        parts = [title, agenda] + ([f"{homework_label}: {homework}"] if homework else [])
        texts.append("\n\n".join(parts))
    return texts + [""] * (count - len(texts))
