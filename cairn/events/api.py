"""The events' endpoints (``/api/v1/events/…``): the agenda with its filters and the
seats left, read as the agenda reads it (``filtered_events``; docs/api.md). The online
link is never given: the event page shows it to registrants only."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from cairn.core.api import ObjectId, Paging, api_viewer, conditional, iso, page_url, paginate, parse_query, refuse_unknown_parameters
from cairn.core.translation import text_in, translated_languages
from cairn.events.forms import AgendaFilterForm
from cairn.events.models import Event
from cairn.events.selectors import agenda_cities, filtered_events
from cairn.events.stamps import agenda_stamp

router = Router()


class EventOut(Schema):
    id: int
    title: str
    text_languages: dict[str, str] = Field(
        description="La langue de chaque texte traduisible : celle de l’appelant, ou fr tant qu’il n’est pas traduit."
    )
    kind: str
    meetup_format: str
    status: str
    starts_at: str
    ends_at: str
    attendance: str
    city: str
    address: str
    languages: list[str]
    capacity: int | None
    seats_left: int | None
    series: int | None
    url: str


class EventPage(Schema):
    items: list[EventOut]
    next: str | None


class EventDetail(EventOut):
    description: str


class AgendaQuery(Schema):
    kind: str | None = Field(None, description="Type d’événement.")
    meetup_format: str | None = Field(None, description="Format de rencontre.")
    attendance: str | None = Field(None, description="Modalité : sur place, en ligne ou les deux.")
    city: str | None = Field(None, description="Ville ou bureau.")
    sector: str | None = Field(None, description="Id d’un secteur.")
    language: str | None = Field(None, description="fr, nl ou en.")
    project: str | None = Field(None, description="Id d’un projet.")
    date_from: str | None = Field(None, description="À partir de cette date (AAAA-MM-JJ) ; par défaut, les événements à venir.")
    date_to: str | None = Field(None, description="Jusqu’à cette date (AAAA-MM-JJ).")


def _event(request: HttpRequest, event: Event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "title": text_in(event, "title"),
        "text_languages": translated_languages(event),
        "kind": event.kind,
        "meetup_format": event.meetup_format,
        "status": event.status,
        "starts_at": iso(event.starts_at),
        "ends_at": iso(event.ends_at),
        "attendance": event.attendance,
        "city": event.place,
        "address": event.address,
        "languages": event.language_codes,
        "capacity": event.capacity,
        "seats_left": event.seats_left,
        "series": event.series_id,
        "url": page_url(request, reverse("events:detail", args=[event.pk])),
    }


@router.get("/", response=EventPage, summary="Événements")
def events(request: HttpRequest, filters: Query[AgendaQuery], paging: Query[Paging]) -> dict[str, Any]:
    """The agenda: upcoming events (or from ``date_from``) the caller may see, with the
    agenda's filters and the seats left."""
    # Under the agenda's stamp and the day (in the key): an event that ends during the day
    # leaves the list when the kept answer expires (caching.ANSWER_TTL) at the latest. Before
    # the filters are checked, which reads the cities: a kept answer was made from valid ones.
    conditional(request, stamps=[agenda_stamp])
    viewer = api_viewer(request)
    form = parse_query(request, AgendaFilterForm, cities=agenda_cities(), viewer=viewer)
    values = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    return paginate(request, filtered_events(viewer=viewer, filters=values), serialise=lambda rows: [_event(request, e) for e in rows])


@router.get("/{event_id}", response=EventDetail, summary="Un événement")
def event(request: HttpRequest, event_id: ObjectId) -> dict[str, Any]:
    refuse_unknown_parameters(request)
    found = filtered_events(viewer=api_viewer(request), filters={}, upcoming=False).filter(pk=event_id).first()
    if found is None:
        raise Http404
    return {**_event(request, found), "description": text_in(found, "description")}
