"""Demo conversations: questions, expressions of interest and suggestions from members and
visitors, in French and Dutch, about recommendations, projects and the state of play; some
answered (with their first-response times), some assigned to the department lead, a few
waiting, closed or spam; internal notes; bounces and an auto-reply filed apart; saved
answers in the three languages. The demo member has two conversations under "Mes
questions". Bulk inserts: a few queries whatever the scale. Runs after projects.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from cairn.accounts.models import User
from cairn.core.search import normalise
from cairn.core.seeding import SeedContext
from cairn.inbox.models import Channel, Conversation, FaqEntry, Kind, MailReceipt, Message, MessageKind, ReceiptOutcome, SavedAnswer, State
from cairn.inbox.services.asking import REFERENCE_ALPHABET
from cairn.projects.models import Project
from cairn.recommendations.models import Recommendation

CONVERSATIONS_AT_SCALE = {"small": 12, "realistic": 40, "large": 300}

#: (language, kind, about, subject, message, answer)
EXCHANGES = [
    (
        "fr",
        Kind.QUESTION,
        "recommendation",
        "Où en est cette recommandation ?",
        "Bonjour,\n\nNotre groupe de Liège l’avait portée en 2019. Est-ce qu’une direction s’en occupe aujourd’hui ?\n\nMerci !",
        "Bonjour,\n\nOui : la direction des services aux sociétaires la reprend dans son plan de l’an prochain. "
        "Vous trouverez son état sur la page de la recommandation.\n\nBelle journée,\nL’équipe de coordination",
    ),
    (
        "nl",
        Kind.INTEREST,
        "project",
        "Ik wil meewerken",
        "Dag,\n\nIk ben vennoot in Gent en zou graag meewerken aan dit project. Hoe kan ik me aanmelden?\n\nGroeten",
        "Dag,\n\nBedankt voor uw interesse! De coördinator van het project neemt volgende week contact met u op.\n\nHet coördinatieteam",
    ),
    (
        "fr",
        Kind.SUGGESTION,
        "state_of_play",
        "Ajouter les chiffres par bureau",
        "Bonjour, il serait utile de voir le taux de réalisation par bureau dans l’état des lieux.",
        "",
    ),
    (
        "fr",
        Kind.INTEREST,
        "project",
        "Rejoindre l’équipe",
        "Je suis graphiste à Namur et j’aimerais donner un coup de main pour la communication du projet.",
        "Merci ! Nous vous inscrivons comme intéressée : vous serez prévenue des prochaines réunions.",
    ),
    (
        "nl",
        Kind.QUESTION,
        "",
        "Vraag over de werkgroepen",
        "Wanneer starten de nieuwe werkgroepen dit jaar? Ik heb nog nooit deelgenomen.",
        "Dag,\n\nDe werkgroepen starten in november, na de algemene vergadering. U ontvangt een uitnodiging per e-mail.",
    ),
    (
        "fr",
        Kind.OTHER,
        "",
        "Changement d’adresse",
        "Bonjour, j’ai déménagé à Charleroi : à qui dois-je le signaler ?",
        "",
    ),
]
NOTES = [
    "À voir avec la direction des services avant de répondre.",
    "Même question reçue la semaine dernière : réutiliser la réponse type.",
    "Personne motivée : la proposer pour le prochain hackathon.",
]
#: (French question, French answer, Dutch question, Dutch answer) published in the FAQ.
FAQ = [
    (
        "Quand commencent les groupes de travail ?",
        "En novembre, après l’assemblée générale de juin qui vote les thématiques. L’invitation arrive par e-mail.",
        "Wanneer starten de werkgroepen?",
        "In november, na de algemene vergadering van juni die de thema’s kiest. De uitnodiging komt per e-mail.",
    ),
    (
        "Toutes les recommandations seront-elles réalisées ?",
        "Non : le conseil d’administration décide, et l’état des lieux dit ce que chacune est devenue, avec ses raisons.",
        "Worden alle aanbevelingen uitgevoerd?",
        "Nee: de raad van bestuur beslist, en de stand van zaken toont wat er van elke aanbeveling is geworden, met de redenen.",
    ),
    (
        "Comment proposer une expérimentation ?",
        "Répondez à un appel à expérimentations, ou écrivez-nous : un·e animateur·rice vous accompagne.",
        "Hoe stel ik een experiment voor?",
        "Reageer op een oproep voor experimenten, of schrijf ons: een begeleider helpt u op weg.",
    ),
]
SAVED = [
    (
        "Merci pour votre intérêt",
        "fr",
        "Bonjour,\n\nMerci pour votre intérêt ! Nous revenons vers vous dès que l’appel s’ouvre.\n\nL’équipe de coordination",
    ),
    (
        "Merci pour votre intérêt",
        "nl",
        "Dag,\n\nBedankt voor uw interesse! We nemen contact op zodra de oproep opent.\n\nHet coördinatieteam",
    ),
    (
        "Merci pour votre intérêt",
        "en",
        "Hello,\n\nThank you for your interest! We will be in touch as soon as the call opens.\n\nThe coordination team",
    ),
    (
        "Où trouver l’état des lieux",
        "fr",
        "Bonjour,\n\nL’état des lieux est publié sur Cairn, rubrique « État des lieux ».\n\nBelle journée",
    ),
    (
        "Où trouver l’état des lieux",
        "nl",
        "Dag,\n\nDe stand van zaken staat op Cairn, onder « Stand van zaken ».\n\nMet vriendelijke groeten",
    ),
]


def seed_inbox(ctx: SeedContext) -> None:
    rng = ctx.rng
    count = CONVERSATIONS_AT_SCALE[ctx.scale]
    coordinator = User.objects.filter(email="coordination@demo.cairn.example").first()
    lead = User.objects.filter(email="direction@demo.cairn.example").first()
    demo_member = User.objects.filter(email="societaire@demo.cairn.example").first()
    members = list(User.objects.filter(groups__name="member", anonymised_at__isnull=True).order_by("pk").values_list("pk", "email")[:200])
    about_ids = {
        "recommendation": list(Recommendation.objects.public().order_by("pk").values_list("pk", flat=True)[:50]),
        "project": list(Project.objects.public().order_by("pk").values_list("pk", flat=True)[:20]),
        "state_of_play": [1],
    }
    now = timezone.now()
    used: set[str] = set()
    conversations: list[Conversation] = []
    plans: list[tuple[int, str]] = []
    for n in range(count):
        language, kind, about, subject, _body, answer = EXCHANGES[n % len(EXCHANGES)]
        created = now - datetime.timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23))
        reference = ""
        while not reference or reference in used:
            reference = "Q" + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(7))
        used.add(reference)
        person_id, email = members[n % len(members)] if members and n % 4 else (None, f"visiteur{n}@exemple.be")
        if n < 2 and demo_member is not None:
            person_id, email = demo_member.pk, demo_member.email
        answered = bool(answer) and n % 5 != 4
        state = State.WAITING if answered else rng.choice([State.NEW, State.NEW, State.ASSIGNED])
        if n % 13 == 12:
            state = State.SPAM
        elif answered and n % 3 == 0:
            state = State.CLOSED
        first_response = created + datetime.timedelta(hours=rng.choice([3, 20, 30, 70, 150, 260])) if answered else None
        ids = about_ids.get(about) or []
        conversations.append(
            Conversation(
                reference=reference,
                kind=kind,
                subject=subject,
                language=language,
                state=state,
                channel=Channel.EMAIL if n % 3 == 1 else Channel.SITE,
                person_id=person_id,
                email=email,
                about_kind=about if ids else "",
                about_id=rng.choice(ids) if ids else None,
                assignee=lead if state == State.ASSIGNED or (answered and n % 2) else None,
                consent_contact=kind == Kind.INTEREST,
                consent_contact_until=(now + datetime.timedelta(days=365)).date() if kind == Kind.INTEREST else None,
                created_at=created,
                confirmed_at=created,
                acknowledged_at=created,
                first_response_at=first_response,
                last_message_at=first_response or created,
                closed_at=(first_response or created) + datetime.timedelta(days=2) if state == State.CLOSED else None,
            )
        )
        plans.append((n, "answered" if answered else ""))
    Conversation.objects.bulk_create(conversations)
    saved = Conversation.objects.filter(reference__in=used).order_by("pk")
    by_reference = {c.reference: c for c in saved}
    messages: list[Message] = []
    for conversation, (n, plan) in zip(conversations, plans, strict=True):
        row = by_reference[conversation.reference]
        _language, _kind, _about, _subject, body, answer = EXCHANGES[n % len(EXCHANGES)]
        messages.append(
            Message(
                conversation=row,
                kind=MessageKind.INCOMING,
                author_id=row.person_id,
                sender_email=row.email,
                body=body,
                message_id=f"<seed-{row.reference}@exemple.be>" if row.channel == Channel.EMAIL else None,
            )
        )
        if n % 4 == 2:
            messages.append(Message(conversation=row, kind=MessageKind.NOTE, author=coordinator, body=NOTES[n % len(NOTES)]))
        if plan == "answered":
            messages.append(
                Message(
                    conversation=row,
                    kind=MessageKind.ANSWER,
                    author=row.assignee or coordinator,
                    body=answer,
                    message_id=f"<seed-answer-{row.reference}@cooperative.example>",
                    sent_at=row.first_response_at,
                )
            )
    Message.objects.bulk_create(messages)
    SavedAnswer.objects.bulk_create([SavedAnswer(title=title, language=language, body=body) for title, language, body in SAVED])
    MailReceipt.objects.bulk_create(
        [
            MailReceipt(
                message_id="<seed-bounce-1@mx.exemple.be>",
                sender="mailer-daemon@mx.exemple.be",
                subject="Undelivered Mail Returned to Sender",
                outcome=ReceiptOutcome.FILED,
                reason="Auto-Submitted: auto-replied",
            ),
            MailReceipt(
                message_id="<seed-ooo-1@exemple.fr>",
                sender="pierre@exemple.fr",
                subject="Absence du bureau",
                outcome=ReceiptOutcome.FILED,
                reason="Auto-Submitted: auto-replied",
            ),
            MailReceipt(
                message_id="<seed-list-1@lists.exemple.org>",
                sender="news@lists.exemple.org",
                subject="La lettre de novembre",
                outcome=ReceiptOutcome.FILED,
                reason="Precedence: list",
            ),
        ]
    )
    FaqEntry.objects.bulk_create(
        [
            FaqEntry(
                question_fr=qfr,
                answer_fr=afr,
                question_nl=qnl,
                answer_nl=anl,
                search_text=normalise(" ".join([qfr, afr, qnl, anl])),
                published_at=now - datetime.timedelta(days=10 * n),
            )
            for n, (qfr, afr, qnl, anl) in enumerate(FAQ)
        ]
    )
    ctx.log(f"inbox: {len(conversations)} conversations, {len(messages)} messages, {len(SAVED)} saved answers")
