"""factory_boy factories for hackathons (rows alone: the services make the real flows)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.events.factories import EventFactory
from cairn.events.models import Kind
from cairn.hackathons.models import (
    Answer,
    AnswerVersion,
    Criterion,
    Hackathon,
    Juror,
    Mentor,
    MentoringCancellation,
    MentorSlot,
    Participant,
    Phase,
    Question,
    QuestionStatus,
    Role,
    Score,
    Team,
    TeamFile,
    TeamPost,
    Vote,
)
from cairn.recommendations.factories import RecommendationFactory


class HackathonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hackathon

    title = factory.Sequence(lambda n: f"Hackathon {n}")
    slug = factory.Sequence(lambda n: f"hackathon-{n}")
    phase = Phase.REGISTRATION
    event = factory.SubFactory(
        EventFactory,
        kind=Kind.HACKATHON_DAY,
        title=factory.SelfAttribute("..title"),
        capacity=60,
        languages="fr nl",
        ends_at=factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(days=1, hours=8)),
    )
    answers_due_at = factory.LazyAttribute(lambda o: o.event.ends_at - dt.timedelta(hours=3))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    hackathon = factory.SubFactory(HackathonFactory)
    title = factory.Sequence(lambda n: f"Comment mieux accueillir les nouveaux sociétaires ({n}) ?")
    status = QuestionStatus.SELECTED
    proposed_by = factory.SubFactory(UserFactory)
    sponsor = factory.SubFactory(UserFactory)

    @factory.post_generation
    def recommendations(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create:
            self.recommendations.set(extracted if extracted is not None else [RecommendationFactory()])


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    hackathon = factory.SubFactory(HackathonFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.DEVELOPMENT
    languages = "fr"
    availability = factory.LazyAttribute(lambda o: [timezone.localtime(o.hackathon.event.starts_at).date().isoformat()])


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    question = factory.SubFactory(QuestionFactory)
    hackathon = factory.SelfAttribute("question.hackathon")
    number = factory.Sequence(lambda n: n % 30000)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    team = factory.SubFactory(TeamFactory)
    hackathon = factory.SelfAttribute("team.hackathon")
    user = factory.SubFactory(UserFactory)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    hackathon = factory.SubFactory(HackathonFactory)
    name = factory.Sequence(lambda n: f"Critère {n}")
    weight = 1


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    team = factory.SubFactory(TeamFactory)
    criterion = factory.SubFactory(CriterionFactory, hackathon=factory.SelfAttribute("..team.hackathon"))
    juror = factory.SubFactory(UserFactory)
    value = 4


class JurorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Juror

    hackathon = factory.SubFactory(HackathonFactory)
    user = factory.SubFactory(UserFactory)


class TeamPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamPost

    team = factory.SubFactory(TeamFactory)
    author = factory.SubFactory(UserFactory)
    text = "Nous avons testé le guichet avec trois sociétaires."


class TeamFileFactory(factory.django.DjangoModelFactory):
    """A team's private file; ``services.teams.team_file_add`` tests the checks themselves."""

    class Meta:
        model = TeamFile

    team = factory.SubFactory(TeamFactory)
    file = factory.django.FileField(filename="maquette.pdf", data=b"%PDF-1.4\n")
    name = "maquette.pdf"
    content_type = "application/pdf"
    size = 9
    uploaded_by = factory.SubFactory(UserFactory)


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    question = factory.SubFactory(QuestionFactory)
    user = factory.SubFactory(UserFactory)


class MentorSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorSlot

    mentor = factory.SubFactory(MentorFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    ends_at = factory.LazyAttribute(lambda slot: slot.starts_at + dt.timedelta(hours=1))


class MentoringCancellationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringCancellation

    question = factory.SubFactory(QuestionFactory)
    mentor = factory.SubFactory(UserFactory)
    slots = factory.LazyFunction(
        lambda: [[(timezone.now() + dt.timedelta(days=20)).isoformat(), (timezone.now() + dt.timedelta(days=20, hours=1)).isoformat()]]
    )


class AnswerFactory(factory.django.DjangoModelFactory):
    """A team's answer as a row; ``services.answers.answer_save`` keeps its versions."""

    class Meta:
        model = Answer

    team = factory.SubFactory(TeamFactory)
    summary = "Un guichet unique pour les nouveaux sociétaires."
    answer = "Un guichet, **un** numéro."
    plan = "1. Former l’équipe d’accueil."


class AnswerVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnswerVersion

    answer = factory.SubFactory(AnswerFactory)
    number = factory.Sequence(lambda n: n + 1)
    summary = factory.SelfAttribute("answer.summary")
    text = factory.SelfAttribute("answer.answer")
    plan = factory.SelfAttribute("answer.plan")
    author = factory.SubFactory(UserFactory)
