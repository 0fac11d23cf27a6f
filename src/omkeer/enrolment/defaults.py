"""Default content in English and Dutch: the programme page's texts and FAQ, and the six mentor training modules.

These are stored per programme (and then edited by its admin), so they are data in both languages rather than
gettext messages. Paragraphs are separated by a blank line.
"""

from __future__ import annotations

from typing import TypedDict


class Text(TypedDict):
    en: str
    nl: str


class Question(TypedDict):
    text: Text
    options: list[Text]
    correct: list[int]
    hint: Text


class Module(TypedDict):
    title: Text
    body: Text
    statement: Text
    questions: list[Question]


def _t(en: str, nl: str) -> Text:
    return {"en": en, "nl": nl}


# --- the programme page ----------------------------------------------------------------------------------------

PAGE_TEXTS: dict[str, Text] = {
    "why": _t(
        "Digital tools change how we work with clients and with each other. In reverse mentoring, junior "
        "colleagues who use these tools every day mentor senior leaders, one to one.\n\n"
        "Seniors learn in a safe, personal setting and at their own pace. Juniors see how the organisation is "
        "led. And both build connections across levels and departments.",
        "Digitale middelen veranderen hoe we met klanten en met elkaar werken. Bij reverse mentoring begeleiden "
        "junior collega’s die deze middelen elke dag gebruiken een senior leider, één op één.\n\n"
        "Senioren leren in een veilige, persoonlijke omgeving en in hun eigen tempo. Junioren zien hoe de "
        "organisatie geleid wordt. En samen bouwen ze verbindingen over niveaus en afdelingen heen.",
    ),
    "mentors": _t(
        "Mentors are junior colleagues who know the programme's topics well. You lead the sessions: you set the "
        "agenda from what your mentee wants to learn, bring short exercises and reading, and give honest "
        "feedback, also about how the organisation works.\n\n"
        "You are trained before you are matched, and mentors meet every quarter to share experiences. You choose "
        "how many mentees you take: one to three.",
        "Mentoren zijn junior collega’s die de onderwerpen van het programma goed kennen. Jij leidt de sessies: "
        "je bepaalt de agenda op basis van wat je mentee wil leren, neemt korte oefeningen en leesstof mee, en "
        "geeft eerlijke feedback, ook over hoe de organisatie werkt.\n\n"
        "Je krijgt een training voordat je gekoppeld wordt, en mentoren komen elk kwartaal samen om ervaringen "
        "te delen. Je kiest zelf hoeveel mentees je begeleidt: één tot drie.",
    ),
    "mentees": _t(
        "Mentees are senior leaders who want to learn. You say what you want to learn, in your own words, come to "
        "every session with questions, and practise between sessions.\n\n"
        "The roles stay reversed: your mentor leads, and the sessions are not the place for career advice from "
        "you.",
        "Mentees zijn senior leiders die willen leren. Je zegt in je eigen woorden wat je wilt leren, komt naar "
        "elke sessie met vragen, en oefent tussen de sessies.\n\n"
        "De rollen blijven omgekeerd: je mentor leidt, en de sessies zijn niet de plek voor loopbaanadvies van "
        "jou.",
    ),
    "time": _t(
        "Pairs meet at the rhythm shown here, for the length of one session. Mentors spend about an hour per "
        "mentee per session, plus a little preparation, and take a short online training first. Mentees commit "
        "to the minimum hours per week, including practice between sessions.",
        "Duo’s spreken elkaar in het ritme dat hier staat, steeds één sessie lang. Mentoren besteden ongeveer "
        "een uur per mentee per sessie, plus wat voorbereiding, en volgen eerst een korte online training. "
        "Mentees zeggen het minimum aantal uren per week toe, inclusief oefenen tussen de sessies.",
    ),
    "confidentiality": _t(
        "What you discuss stays between the two of you. Session notes belong to the pair: HR sees counts and "
        "dates, never what you wrote, unless you both choose to share it.\n\n"
        "A mentor is never paired with someone in their own reporting line, so nobody is later assessed by their "
        "mentee. Recommendations from colleagues are read only by the programme admins.",
        "Wat jullie bespreken, blijft tussen jullie twee. Sessienotities zijn van het duo: HR ziet aantallen en "
        "data, nooit wat jullie schreven, tenzij jullie allebei besluiten het te delen.\n\n"
        "Een mentor wordt nooit gekoppeld aan iemand uit de eigen rapportagelijn, zodat niemand later wordt "
        "beoordeeld door zijn of haar mentee. Aanbevelingen van collega’s worden alleen gelezen door de "
        "programmabeheerders.",
    ),
}

FAQ: list[tuple[Text, Text]] = [
    (
        _t("Do I need to be an expert to mentor?", "Moet ik een expert zijn om mentor te worden?"),
        _t(
            "No. Curiosity and patience matter more than expertise, and the training prepares you for the sessions.",
            "Nee. Nieuwsgierigheid en geduld tellen meer dan expertise, en de training bereidt je voor op de sessies.",
        ),
    ),
    (
        _t("How are mentors chosen?", "Hoe worden mentoren gekozen?"),
        _t(
            "Invited colleagues apply with a short questionnaire and ask a colleague for a recommendation. The "
            "programme admin decides and tells you why.",
            "Uitgenodigde collega’s melden zich aan met een korte vragenlijst en vragen een collega om een "
            "aanbeveling. De programmabeheerder besluit en vertelt je waarom.",
        ),
    ),
    (
        _t("What does the mentor training involve?", "Wat houdt de mentortraining in?"),
        _t(
            "Six short modules in Omkeer, each ending with a few questions or a confirmation. It takes about an "
            "hour; you can stop and continue whenever you like. After it you are ready to be matched.",
            "Zes korte modules in Omkeer, elk afgesloten met een paar vragen of een bevestiging. Het kost ongeveer "
            "een uur; je kunt stoppen en verdergaan wanneer je wilt. Daarna kun je gekoppeld worden.",
        ),
    ),
    (
        _t("Can I be a mentor and a mentee?", "Kan ik mentor én mentee zijn?"),
        _t(
            "Yes, in different programmes; never both in the same one.",
            "Ja, in verschillende programma’s; nooit allebei in hetzelfde.",
        ),
    ),
    (
        _t("Will my manager hear what I say?", "Hoort mijn leidinggevende wat ik zeg?"),
        _t(
            "No. The sessions are confidential, and pairs never share a reporting line.",
            "Nee. De sessies zijn vertrouwelijk, en een duo zit nooit in dezelfde rapportagelijn.",
        ),
    ),
    (
        _t("What if the match does not work?", "En als de koppeling niet werkt?"),
        _t(
            "Tell the programme admin or the coach; they will find you another match.",
            "Zeg het tegen de programmabeheerder of de coach; zij zoeken een nieuwe koppeling voor je.",
        ),
    ),
]


# --- the mentor training ---------------------------------------------------------------------------------------


def _q(text: Text, options: list[Text], correct: list[int], hint: Text) -> Question:
    return {"text": text, "options": options, "correct": correct, "hint": hint}


NO_STATEMENT = _t("", "")

TRAINING: list[Module] = [
    {
        "title": _t("The programme's purpose", "Het doel van het programma"),
        "body": _t(
            "In reverse mentoring the usual roles are turned around: you, a junior colleague, mentor a senior "
            "leader on what you know best — social media, online collaboration, AI tools, the way younger clients "
            "and colleagues work.\n\n"
            "The organisation runs this programme for three reasons. Senior leaders learn digital skills in a "
            "safe, personal setting, at their own pace. Juniors get to know how the organisation is led and "
            "become visible across levels. And both build connections across generations and departments that "
            "would not happen otherwise.\n\n"
            "Success is not a perfect lesson plan. It is a senior who tries something new in their own work — a "
            "first LinkedIn post, an online meeting run without help — and a junior who understands a little "
            "better how decisions are made.",
            "Bij reverse mentoring zijn de gebruikelijke rollen omgedraaid: jij, een junior collega, begeleidt een "
            "senior leider in wat jij het beste kent — sociale media, online samenwerken, AI-tools, de manier "
            "waarop jongere klanten en collega’s werken.\n\n"
            "De organisatie doet dit programma om drie redenen. Senior leiders leren digitale vaardigheden in een "
            "veilige, persoonlijke omgeving, in hun eigen tempo. Junioren leren hoe de organisatie geleid wordt en "
            "worden zichtbaar over de niveaus heen. En samen bouwen ze verbindingen tussen generaties en "
            "afdelingen die er anders niet zouden komen.\n\n"
            "Succes is geen perfect lesplan. Het is een senior die iets nieuws probeert in het eigen werk — een "
            "eerste LinkedIn-bericht, een online vergadering zonder hulp — en een junior die iets beter begrijpt "
            "hoe besluiten worden genomen.",
        ),
        "statement": NO_STATEMENT,
        "questions": [
            _q(
                _t("Who mentors whom in this programme?", "Wie begeleidt wie in dit programma?"),
                [
                    _t("A junior colleague mentors a senior leader", "Een junior collega begeleidt een senior leider"),
                    _t("A senior leader mentors a junior colleague", "Een senior leider begeleidt een junior collega"),
                    _t("HR mentors both of them", "HR begeleidt hen allebei"),
                ],
                [0],
                _t(
                    "the first paragraph, on how the roles are turned around",
                    "de eerste alinea, over hoe de rollen zijn omgedraaid",
                ),
            ),
            _q(
                _t("What counts as success?", "Wat telt als succes?"),
                [
                    _t(
                        "Your mentee tries something new in their own work",
                        "Je mentee probeert iets nieuws in het eigen werk",
                    ),
                    _t(
                        "You understand a little better how decisions are made",
                        "Jij begrijpt iets beter hoe besluiten worden genomen",
                    ),
                    _t("You finish a fixed lesson plan", "Jullie werken een vast lesplan af"),
                ],
                [0, 1],
                _t("the last paragraph, on what success looks like", "de laatste alinea, over hoe succes eruitziet"),
            ),
        ],
    },
    {
        "title": _t("What is expected of a mentor", "Wat we van een mentor verwachten"),
        "body": _t(
            "As a mentor you give your mentee about an hour per session, at the rhythm the programme sets, plus a "
            "little preparation. You keep your appointments; when you must move one, you propose a new date "
            "yourself.\n\n"
            "You start from what your mentee wants to learn. Their intake says it in their own words: read it "
            "before your first session, and ask about it. Bring something practical to every session: a tool to "
            "try, a short exercise, an example from your own work.\n\n"
            "You do not need to know everything. Saying “I don't know, let's find out together” is fine, and often "
            "the best lesson. When something gets in the way — workload, a difficult conversation, a mentee who "
            "does not show up — tell the programme admin or the coach early.",
            "Als mentor geef je je mentee ongeveer een uur per sessie, in het ritme dat het programma aanhoudt, "
            "plus wat voorbereiding. Je komt je afspraken na; moet je er een verzetten, dan stel je zelf een "
            "nieuwe datum voor.\n\n"
            "Je begint bij wat je mentee wil leren. De intake zegt het in de eigen woorden van je mentee: lees die "
            "voor je eerste sessie, en vraag ernaar. Neem naar elke sessie iets praktisch mee: een tool om te "
            "proberen, een korte oefening, een voorbeeld uit je eigen werk.\n\n"
            "Je hoeft niet alles te weten. “Dat weet ik niet, laten we het samen uitzoeken” is prima, en vaak de "
            "beste les. Zit er iets in de weg — werkdruk, een lastig gesprek, een mentee die niet komt opdagen — "
            "meld het dan op tijd bij de programmabeheerder of de coach.",
        ),
        "statement": _t(
            "I will prepare every session, keep my appointments, and tell the programme admin early when "
            "something gets in the way.",
            "Ik bereid elke sessie voor, kom mijn afspraken na, en meld het op tijd bij de programmabeheerder als "
            "er iets in de weg zit.",
        ),
        "questions": [],
    },
    {
        "title": _t("Leading the sessions yourself", "Zelf de sessies leiden"),
        "body": _t(
            "In this programme the mentor leads. That can feel strange with someone who is usually in charge, but "
            "it is what makes reverse mentoring work: your mentee came to learn, and expects you to steer.\n\n"
            "A good session has a simple shape. Agree at the start what you will do today. Spend most of the time "
            "doing, not talking: your mentee at the keyboard or with the phone in hand, you beside them. End by "
            "agreeing one small thing to practise before next time, and write it down.\n\n"
            "Plan the next session at the end of this one, and ask at the start of the next one how the practice "
            "went: that is where most learning happens. If a session drifts into general conversation, bring it "
            "back kindly: “Shall we try it now?”",
            "In dit programma leidt de mentor. Dat kan vreemd voelen bij iemand die gewoonlijk de leiding heeft, "
            "maar juist daardoor werkt reverse mentoring: je mentee komt om te leren, en verwacht dat jij "
            "stuurt.\n\n"
            "Een goede sessie heeft een eenvoudige opbouw. Spreek aan het begin af wat jullie vandaag doen. Besteed "
            "de meeste tijd aan doen, niet aan praten: je mentee achter het toetsenbord of met de telefoon in de "
            "hand, jij ernaast. Sluit af met één kleine oefening voor de volgende keer, en schrijf die op.\n\n"
            "Plan aan het eind van de sessie de volgende, en vraag aan het begin daarvan hoe het oefenen ging: "
            "daar gebeurt het meeste leren. Dwaalt een sessie af naar een algemeen gesprek, breng het dan "
            "vriendelijk terug: “Zullen we het nu proberen?”",
        ),
        "statement": NO_STATEMENT,
        "questions": [
            _q(
                _t("Who sets the agenda of a session?", "Wie bepaalt de agenda van een sessie?"),
                [
                    _t(
                        "You, the mentor, starting from what your mentee wants to learn",
                        "Jij, de mentor, op basis van wat je mentee wil leren",
                    ),
                    _t(
                        "Your mentee, because they are more senior",
                        "Je mentee, omdat die hoger in de organisatie staat",
                    ),
                    _t("The programme admin", "De programmabeheerder"),
                ],
                [0],
                _t("the first paragraph, on who leads", "de eerste alinea, over wie er leidt"),
            ),
            _q(
                _t("How do you spend most of a session?", "Waaraan besteden jullie het grootste deel van een sessie?"),
                [
                    _t("Doing: your mentee tries it, you help", "Doen: je mentee probeert het, jij helpt"),
                    _t(
                        "You present while your mentee takes notes",
                        "Jij presenteert terwijl je mentee aantekeningen maakt",
                    ),
                    _t("Talking about the organisation in general", "Praten over de organisatie in het algemeen"),
                ],
                [0],
                _t(
                    "the second paragraph, on the shape of a session", "de tweede alinea, over de opbouw van een sessie"
                ),
            ),
            _q(
                _t("What do you agree at the end of a session?", "Wat spreken jullie af aan het eind van een sessie?"),
                [
                    _t("One small thing to practise", "Eén kleine oefening voor de volgende keer"),
                    _t("The date of the next session", "De datum van de volgende sessie"),
                    _t("A mark for your mentee", "Een cijfer voor je mentee"),
                ],
                [0, 1],
                _t(
                    "the second and third paragraphs, on how to end a session",
                    "de tweede en derde alinea, over hoe je een sessie afsluit",
                ),
            ),
        ],
    },
    {
        "title": _t(
            "Hierarchy, and honest feedback to someone senior",
            "Hiërarchie, en eerlijke feedback aan iemand die hoger staat",
        ),
        "body": _t(
            "Your mentee may be several levels above you. In the sessions that difference is set aside: you meet "
            "as two colleagues, one of whom knows more about this subject. Use first names if that is usual here, "
            "and meet on neutral ground when you can.\n\n"
            "Honest feedback is part of your role. Seniors rarely hear plainly how their posts, emails or online "
            "meetings come across; you can tell them. Be specific and kind: describe what you saw, what effect it "
            "has, and what they could try instead. “Your post was long; people stop reading after three lines. "
            "Try starting with the one thing you want them to remember.”\n\n"
            "Ask before you give feedback on something your mentee did not bring up, and give it in private. If "
            "you feel pressured, or your mentee reacts badly, you may leave the topic and talk to the coach. "
            "Nobody will hold honest, respectful feedback against you.",
            "Je mentee staat misschien een paar niveaus boven je. In de sessies zetten jullie dat verschil opzij: "
            "jullie zijn twee collega’s, van wie er één meer weet van dit onderwerp. Spreek elkaar bij de voornaam "
            "aan als dat hier gebruikelijk is, en spreek waar het kan af op neutraal terrein.\n\n"
            "Eerlijke feedback hoort bij je rol. Senioren horen zelden ronduit hoe hun berichten, mails of online "
            "vergaderingen overkomen; jij kunt het ze vertellen. Wees concreet en vriendelijk: beschrijf wat je "
            "zag, welk effect het heeft en wat je mentee in plaats daarvan kan proberen. “Je bericht was lang; "
            "mensen haken na drie regels af. Begin eens met het ene punt dat ze moeten onthouden.”\n\n"
            "Vraag eerst of je feedback mag geven op iets wat je mentee zelf niet aansneed, en geef het onder vier "
            "ogen. Voel je je onder druk gezet, of reageert je mentee slecht, dan mag je het onderwerp laten rusten "
            "en met de coach praten. Niemand neemt je eerlijke, respectvolle feedback kwalijk.",
        ),
        "statement": NO_STATEMENT,
        "questions": [
            _q(
                _t(
                    "Your mentee's LinkedIn post is long and formal. What do you say?",
                    "Het LinkedIn-bericht van je mentee is lang en formeel. Wat zeg je?",
                ),
                [
                    _t(
                        "What you saw, the effect it has, and what to try instead",
                        "Wat je zag, welk effect het heeft en wat je mentee kan proberen",
                    ),
                    _t("Nothing: your mentee is more senior", "Niets: je mentee staat hoger in de organisatie"),
                    _t("That it is a bad post", "Dat het een slecht bericht is"),
                ],
                [0],
                _t(
                    "the second paragraph, on specific and kind feedback",
                    "de tweede alinea, over concrete en vriendelijke feedback",
                ),
            ),
            _q(
                _t(
                    "How do you treat the difference in level during the sessions?",
                    "Hoe gaan jullie in de sessies om met het verschil in niveau?",
                ),
                [
                    _t(
                        "We meet as two colleagues and set the difference aside",
                        "We zijn twee collega’s en zetten het verschil opzij",
                    ),
                    _t("I follow my mentee's lead, as at work", "Ik volg mijn mentee, zoals op het werk"),
                    _t(
                        "I avoid topics that might embarrass my mentee",
                        "Ik vermijd onderwerpen die gênant kunnen zijn voor mijn mentee",
                    ),
                ],
                [0],
                _t("the first paragraph, on meeting as colleagues", "de eerste alinea, over elkaar zien als collega’s"),
            ),
            _q(
                _t(
                    "What may you do when you feel pressured in a session?",
                    "Wat mag je doen als je je in een sessie onder druk gezet voelt?",
                ),
                [
                    _t("Leave the topic", "Het onderwerp laten rusten"),
                    _t("Talk to the coach", "Met de coach praten"),
                    _t("Keep going and say nothing", "Doorgaan en niets zeggen"),
                ],
                [0, 1],
                _t(
                    "the last paragraph, on what to do when it gets difficult",
                    "de laatste alinea, over wat je doet als het lastig wordt",
                ),
            ),
        ],
    },
    {
        "title": _t("Confidentiality", "Vertrouwelijkheid"),
        "body": _t(
            "What your mentee tells you stays between the two of you. Seniors will sometimes share doubts, plans "
            "or opinions about colleagues; they can only learn openly if they trust that none of it travels. Do "
            "not repeat it to your team, your manager or other mentors — not even as a funny story without "
            "names.\n\n"
            "Your session notes in Omkeer belong to your pair. The programme admin and HR see that sessions took "
            "place, and when, but never what you wrote, unless you both decide to share it. Keep notes short and "
            "factual: what you practised and what comes next.\n\n"
            "Confidentiality has one limit. If you hear about a risk to someone's safety, or about a serious breach "
            "of the law or of the code of conduct, talk to the coach or to HR. When in doubt, ask the coach first, "
            "without naming anyone.",
            "Wat je mentee je vertelt, blijft tussen jullie twee. Senioren delen soms twijfels, plannen of meningen "
            "over collega’s; ze kunnen alleen open leren als ze erop vertrouwen dat niets daarvan verder gaat. "
            "Vertel het niet door aan je team, je leidinggevende of andere mentoren — ook niet als grappig verhaal "
            "zonder namen.\n\n"
            "Je sessienotities in Omkeer zijn van jullie duo. De programmabeheerder en HR zien dat er sessies "
            "waren, en wanneer, maar nooit wat jullie schreven, tenzij jullie allebei besluiten het te delen. Houd "
            "notities kort en feitelijk: wat jullie oefenden en wat er volgt.\n\n"
            "Vertrouwelijkheid heeft één grens. Hoor je over een risico voor iemands veiligheid, of over een "
            "ernstige overtreding van de wet of van de gedragscode, praat dan met de coach of met HR. Twijfel je, "
            "vraag het dan eerst aan de coach, zonder namen te noemen.",
        ),
        "statement": _t(
            "I will keep what my mentee tells me to myself, and go to the coach or HR only in the cases described "
            "above.",
            "Ik houd wat mijn mentee mij vertelt voor mezelf, en ga alleen in de hierboven beschreven gevallen naar "
            "de coach of HR.",
        ),
        "questions": [],
    },
    {
        "title": _t(
            "Keeping the roles reversed: no career advice from your mentee",
            "De rollen omgekeerd houden: geen loopbaanadvies van je mentee",
        ),
        "body": _t(
            "Senior leaders are used to giving advice. Sooner or later your mentee may offer to help your career: "
            "tips for your next step, an introduction, a good word with your manager. It is kindly meant, but it "
            "turns the roles back around and makes the relationship unequal again.\n\n"
            "Thank them and steer back to the subject: “That is kind — shall we get back to your posts?” The "
            "sessions are for what your mentee wants to learn. If you would like career advice from a senior, the "
            "organisation has other ways for that, such as a regular mentoring programme or a talk with HR.\n\n"
            "The same holds the other way round: you are not there to assess your mentee, or to report on them. "
            "You are there to help them learn what they came for, with you in the lead.",
            "Senior leiders zijn gewend om advies te geven. Vroeg of laat biedt je mentee misschien aan je "
            "loopbaan te helpen: tips voor je volgende stap, een introductie, een goed woordje bij je "
            "leidinggevende. Het is vriendelijk bedoeld, maar het draait de rollen weer om en maakt de relatie "
            "opnieuw ongelijk.\n\n"
            "Bedank je mentee en stuur terug naar het onderwerp: “Aardig van je — zullen we verdergaan met je "
            "berichten?” De sessies zijn er voor wat je mentee wil leren. Wil je loopbaanadvies van een senior, dan "
            "heeft de organisatie daar andere wegen voor, zoals een gewoon mentorprogramma of een gesprek met "
            "HR.\n\n"
            "Andersom geldt hetzelfde: je bent er niet om je mentee te beoordelen of over je mentee te rapporteren. "
            "Je helpt je mentee leren waarvoor die kwam, met jou aan het roer.",
        ),
        "statement": NO_STATEMENT,
        "questions": [
            _q(
                _t(
                    "Your mentee offers to put in a good word with your manager. What do you do?",
                    "Je mentee biedt aan een goed woordje voor je te doen bij je leidinggevende. Wat doe je?",
                ),
                [
                    _t(
                        "Thank them and steer back to the subject of the session",
                        "Ik bedank mijn mentee en stuur terug naar het onderwerp van de sessie",
                    ),
                    _t("Accept: such a chance is rare", "Ik neem het aan: zo’n kans krijg je niet vaak"),
                    _t(
                        "Spend the rest of the session on my career",
                        "Ik besteed de rest van de sessie aan mijn loopbaan",
                    ),
                ],
                [0],
                _t(
                    "the second paragraph, on steering back to the subject",
                    "de tweede alinea, over terugsturen naar het onderwerp",
                ),
            ),
            _q(
                _t("What belongs in the sessions?", "Wat hoort er in de sessies thuis?"),
                [
                    _t("What your mentee wants to learn", "Wat je mentee wil leren"),
                    _t("Practising a tool together", "Samen een tool oefenen"),
                    _t("Career advice for you from your mentee", "Loopbaanadvies van je mentee voor jou"),
                    _t(
                        "A report on your mentee for their manager",
                        "Een verslag over je mentee voor diens leidinggevende",
                    ),
                ],
                [0, 1],
                _t(
                    "the second and last paragraphs, on what the sessions are for",
                    "de tweede en laatste alinea, over waar de sessies voor zijn",
                ),
            ),
        ],
    },
]
