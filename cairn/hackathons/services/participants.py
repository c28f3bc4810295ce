"""Registering for a hackathon: a seat through the event's registrations (capacity,
waitlist, close), and the participant's details for team formation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cairn.events.models import Registration
from cairn.events.services.registrations import RegistrationRefused, registration_register
from cairn.hackathons.models import Hackathon, Participant, Phase, QuestionStatus, Role

MAX_SKILLS = 12


def hackathon_days(hackathon: Hackathon) -> list[dt.date]:
    from django.utils import timezone

    start = timezone.localtime(hackathon.event.starts_at).date()
    end = timezone.localtime(hackathon.event.ends_at).date()
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def participant_register(
    *,
    hackathon: Hackathon,
    user: Any,
    role: str,
    skills: list[str],
    preferences: list[int],
    languages: list[str],
    availability: list[dt.date],
    first_participation: bool,
) -> tuple[Participant, Registration]:
    """Register ``user`` (a seat, or the waitlist when full) and keep their details; while
    registered, calling again updates the details. Refused outside the registration phase,
    after the close, with an unknown question or day: a clear message, nothing stored."""
    if hackathon.phase != Phase.REGISTRATION:
        raise RegistrationRefused(_("Les inscriptions à ce hackathon ne sont pas ouvertes."))
    selected = set(hackathon.questions.filter(status=QuestionStatus.SELECTED).values_list("pk", flat=True))
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = [_("Choisissez un rôle de la liste.")]
    preferences = list(dict.fromkeys(preferences))
    if not preferences or not set(preferences) <= selected:
        errors["preferences"] = [_("Classez au moins une des questions retenues de ce hackathon.")]
    spoken = sorted(set(languages))
    if not spoken or not set(spoken) <= set(hackathon.event.language_codes):
        errors["languages"] = [_("Choisissez au moins une des langues du hackathon.")]
    days = hackathon_days(hackathon)
    if not availability or not set(availability) <= set(days):
        errors["availability"] = [_("Choisissez au moins un des jours du hackathon.")]
    cleaned_skills = list(dict.fromkeys(" ".join(s.split())[:60] for s in skills if s.strip()))
    if len(cleaned_skills) > MAX_SKILLS:
        errors["skills"] = [_("Indiquez au plus %(n)s compétences.") % {"n": MAX_SKILLS}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        registration = registration_register(event=hackathon.event, user=user)
        participant, _created = Participant.objects.update_or_create(
            hackathon=hackathon,
            user=user,
            defaults={
                "role": role,
                "skills": cleaned_skills,
                "preferences": preferences,
                "languages": " ".join(spoken),
                "availability": sorted(d.isoformat() for d in availability),
                "first_participation": first_participation,
            },
        )
    return participant, registration
