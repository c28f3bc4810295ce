"""The recommendation page and the cycle, theme and working-group pages: what each role
sees, and what it does not."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import Visibility
from cairn.accounts.tests.helpers import make_user, stable_html
from cairn.recommendations.factories import CycleFactory, RecommendationFactory, ThemeFactory, WorkingGroupFactory
from cairn.recommendations.models import GroupPerson, GroupRole, LinkKind, RecommendationLink, Status
from cairn.recommendations.tests.registry_fixtures import Registry, assess, build_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def reg() -> Registry:
    return build_registry()


def url(rec) -> str:
    return f"/fr/recommandations/{rec.reference}/"


def test_the_page_answers_at_the_public_reference(client: Client, reg: Registry) -> None:
    rec = reg.recs["acc1"]

    response = client.get(url(rec))

    assert rec.reference == "2019-20/ACC/01"
    assert response.status_code == 200
    html = response.text
    assert "<h1>Créer un fonds de garantie coopératif</h1>" in html
    assert '<span class="badge badge--success">Réalisée</span>' in html
    assert "<p>Un fonds pour les coopératives qui démarrent.</p>" in html  # the Markdown text
    assert "Finances" in html
    assert 'href="/fr/cycles/2019-2020/"' in html
    assert f'href="/fr/thematiques/{reg.themes["acc"].pk}/"' in html
    assert f'href="/fr/groupes/{reg.groups["bxl"].pk}/"' in html


@pytest.mark.parametrize("role", ["visitor", "member", "facilitator", "department_lead"])
def test_an_internal_recommendation_answers_404_like_a_missing_one(client: Client, reg: Registry, role: str) -> None:
    if role != "visitor":
        client.force_login(make_user(role))

    hidden = client.get(url(reg.recs["num2"]))
    missing = client.get("/fr/recommandations/2019-20/ACC/99/")

    assert hidden.status_code == missing.status_code == 404
    assert stable_html(hidden.content).replace(reg.recs["num2"].reference, "…") == stable_html(missing.content).replace(
        "2019-20/ACC/99", "…"
    )


@pytest.mark.parametrize("role", ["coordination", "admin"])
def test_the_coordination_team_opens_internal_recommendations(client: Client, reg: Registry, role: str) -> None:
    client.force_login(make_user(role))

    response = client.get(url(reg.recs["num2"]))

    assert response.status_code == 200
    assert '<span class="badge badge--warning">Interne</span>' in response.text


def test_a_recommendation_in_an_internal_theme_or_cycle_is_hidden(client: Client, reg: Registry) -> None:
    hidden_cycle = CycleFactory(name="Brouillon", slug="brouillon", code="BROUIL", is_internal=True)
    in_hidden_cycle = RecommendationFactory(theme=ThemeFactory(cycle=hidden_cycle, code="B"))
    in_hidden_theme = RecommendationFactory(theme=ThemeFactory(cycle=reg.cycles["2019"], code="H", is_internal=True))

    assert client.get(url(in_hidden_cycle)).status_code == 404
    assert client.get(url(in_hidden_theme)).status_code == 404
    assert client.get("/fr/cycles/brouillon/").status_code == 404
    assert client.get(f"/fr/thematiques/{in_hidden_theme.theme_id}/").status_code == 404


def test_the_timeline_shows_published_assessments_with_their_public_evidence(client: Client, reg: Registry) -> None:
    rec = reg.recs["acc2"]
    assess(
        rec,
        Status.DONE,
        datetime.date(2024, 3, 15),
        public_comment="Le programme de formation a commencé.",
        internal_note="Budget à confirmer.",
        interviewee="Marie Dupont",
        interviewee_role="coordinatrice de projet",
        interviewee_department=reg.departments["fin"],
        interview_date=datetime.date(2024, 3, 1),
        source="Entretien de l’état des lieux 2024",
        notes="Elle parle vite.",
    )
    assess(rec, Status.NOT_DONE, datetime.date(2024, 4, 1), public_comment="Proposition en attente", publish=False)

    html = client.get(url(rec)).text

    header = " ".join(html[html.index("<h1>") : html.index("<dl")].split())
    assert 'Réalisée</span> <span class="muted">depuis le 15 mars 2024</span>' in header  # the latest published one
    timeline = html.split("Historique de l’état d’avancement", 1)[1]
    assert timeline.index("10 janvier 2023") < timeline.index("15 mars 2024")  # oldest first
    assert "<p>Le programme de formation a commencé.</p>" in html
    assert "entretien avec coordinatrice de projet (Finances) le 1 mars 2024" in html
    assert "Entretien de l’état des lieux 2024" in html
    for private in ["Budget à confirmer.", "Marie Dupont", "Elle parle vite.", "Proposition en attente", "Non réalisée"]:
        assert private not in html


def test_the_coordination_team_also_sees_internal_notes_and_proposals(client: Client, reg: Registry) -> None:
    rec = reg.recs["acc2"]
    assess(rec, Status.DONE, datetime.date(2024, 3, 15), internal_note="Budget à confirmer.", interviewee="Marie Dupont")
    assess(rec, Status.NOT_DONE, datetime.date(2024, 4, 1), public_comment="Proposition en attente", publish=False)
    client.force_login(make_user("coordination"))

    html = client.get(url(rec)).text

    assert "Budget à confirmer." in html
    assert "Marie Dupont" in html
    assert "Proposition en attente" in html
    assert "Proposition non publiée" in html
    assert "Journal des modifications" in html  # the audit trail, for staff
    assert "Évaluation publiée" in html  # the action, in words


def test_visitors_and_members_get_no_audit_trail(client: Client, reg: Registry) -> None:
    assert "Journal des modifications" not in client.get(url(reg.recs["acc1"])).text
    client.force_login(make_user("member"))
    assert "Journal des modifications" not in client.get(url(reg.recs["acc1"])).text


def test_people_are_named_only_when_their_profile_is_visible(client: Client, reg: Registry) -> None:
    group = reg.groups["bxl"]
    public = UserFactory(profile__display_name="Awa Public", profile__visibility=Visibility.PUBLIC)
    members_only = UserFactory(profile__display_name="Bert Membres", profile__visibility=Visibility.MEMBERS)
    private = UserFactory(profile__display_name="Chloé Privée", profile__visibility=Visibility.PRIVATE)
    GroupPerson.objects.create(group=group, role=GroupRole.FACILITATOR, user=public)
    GroupPerson.objects.create(group=group, role=GroupRole.SECRETARY, user=members_only)
    GroupPerson.objects.create(group=group, role=GroupRole.PARTICIPANT, user=private)
    GroupPerson.objects.create(group=group, role=GroupRole.PARTICIPANT, name="Dirk Historique")

    def people(html: str) -> str:
        return html.split('<ul class="people">', 1)[1].split("</ul>", 1)[0]

    visitor = people(client.get(url(reg.recs["acc1"])).text)
    assert f'<a href="/fr/membres/{public.profile.pk}/">Awa Public</a>, animateur·rice' in visitor
    assert "Bert Membres" not in visitor and "<li>un·e sociétaire de la coopérative, secrétaire</li>" in visitor
    assert "Chloé Privée" not in visitor and "<li>un·e sociétaire de la coopérative, participant·e</li>" in visitor
    assert "Dirk Historique, participant·e" in visitor
    # Facilitators, then secretaries, then participants.
    assert visitor.index("Awa Public") < visitor.index("secrétaire") < visitor.index("Dirk Historique")

    client.force_login(make_user("member"))
    member = people(client.get(url(reg.recs["acc1"])).text)
    assert "Bert Membres" in member and "Chloé Privée" not in member

    client.force_login(private)
    assert "Chloé Privée" in people(client.get(url(reg.recs["acc1"])).text)  # their own name

    client.force_login(make_user("coordination"))
    assert "Chloé Privée" in people(client.get(url(reg.recs["acc1"])).text)


def test_an_erased_member_is_never_named(client: Client, reg: Registry) -> None:
    from cairn.accounts.services import member_anonymise

    user = UserFactory(profile__display_name="Eva Effacée", profile__visibility=Visibility.PUBLIC)
    GroupPerson.objects.create(group=reg.groups["bxl"], role=GroupRole.PARTICIPANT, user=user)
    member_anonymise(user=user)
    client.force_login(make_user("admin"))

    assert "Eva Effacée" not in client.get(url(reg.recs["acc1"])).text


def test_related_recommendations_across_cycles_in_both_directions(client: Client, reg: Registry) -> None:
    later = reg.recs["num1"]
    RecommendationLink.objects.create(source=later, target=reg.recs["acc1"], kind=LinkKind.CONTINUES)
    RecommendationLink.objects.create(source=reg.recs["gov1"], target=later, kind=LinkKind.SAME_AS)
    RecommendationLink.objects.create(source=reg.recs["num2"], target=later, kind=LinkKind.SAME_AS)  # internal: not shown

    earlier_page = client.get(url(reg.recs["acc1"])).text
    later_page = client.get(url(later)).text

    assert "Prolongée par" in earlier_page and later.title in earlier_page
    assert "Prolonge" in later_page and "Créer un fonds de garantie coopératif" in later_page
    assert "Identique à" in later_page and "Élire le conseil par tirage au sort" in later_page
    assert "Note sur les salaires" not in later_page


def test_sub_items_and_their_parent(client: Client, reg: Registry) -> None:
    parent = reg.recs["acc1"]
    child = RecommendationFactory(theme=parent.theme, number="1.1", title="Un premier point", parent=parent)
    RecommendationFactory(theme=parent.theme, number="1.2", title="Un point interne", parent=parent, is_internal=True)

    parent_page = client.get(url(parent)).text
    child_page = client.get(url(child)).text

    assert "Points de la recommandation" in parent_page and "Un premier point" in parent_page
    assert "Un point interne" not in parent_page
    assert f'href="{url(parent)}"' in child_page


def test_cycle_page_lists_its_recommendations_with_a_status_summary(client: Client, reg: Registry) -> None:
    response = client.get("/fr/cycles/2019-2020/")

    assert response.status_code == 200
    page = response.context["page"]
    assert [r.title for r in page.recommendations] == [
        "Créer un fonds de garantie coopératif",
        "Former les accompagnateurs",
        "Une piste sur les assurances",
        "Élire le conseil par tirage au sort",
        "Vergaderingen in het Nederlands",
    ]
    assert {status: count for status, count in page.summary.by_status.items() if count} == {
        "done": 2,
        "in_progress": 1,
        "not_assessed": 1,
        "rejected": 1,
    }
    assert (page.summary.done, page.summary.assessed, page.summary.completion_rate) == (2, 4, 0.5)
    assert "Taux de réalisation : 50 % (2 réalisées sur 4 évaluées, 5 recommandations en tout)." in response.text


def test_theme_page_counts_only_what_the_viewer_may_see(client: Client, reg: Registry) -> None:
    visitor = client.get(f"/fr/thematiques/{reg.themes['num'].pk}/").context["page"]
    client.force_login(make_user("coordination"))
    coordinator = client.get(f"/fr/thematiques/{reg.themes['num'].pk}/").context["page"]

    assert (visitor.summary.total, coordinator.summary.total) == (1, 2)
    assert [r.title for r in visitor.recommendations] == ["Des outils numériques libres"]


def test_group_page_lists_the_group_s_recommendations_and_people(client: Client, reg: Registry) -> None:
    GroupPerson.objects.create(group=reg.groups["wal"], role=GroupRole.SECRETARY, name="Jeanne Historique")

    response = client.get(f"/fr/groupes/{reg.groups['wal'].pk}/")

    assert response.status_code == 200
    assert [r.title for r in response.context["page"].recommendations] == ["Former les accompagnateurs", "Une piste sur les assurances"]
    assert "Jeanne Historique, secrétaire" in response.text
    assert "Charleroi–Mons" in response.text


def test_pages_of_missing_objects_answer_404(client: Client, reg: Registry) -> None:
    assert client.get("/fr/cycles/nulle-part/").status_code == 404
    assert client.get("/fr/thematiques/999999/").status_code == 404
    assert client.get("/fr/groupes/999999/").status_code == 404
    assert client.get("/fr/recommandations/pas/une/reference/").status_code == 404


def test_a_group_of_an_internal_theme_is_hidden(client: Client, reg: Registry) -> None:
    hidden = WorkingGroupFactory(theme=ThemeFactory(cycle=reg.cycles["2019"], code="HID", is_internal=True))

    assert client.get(f"/fr/groupes/{hidden.pk}/").status_code == 404
    client.force_login(make_user("coordination"))
    assert client.get(f"/fr/groupes/{hidden.pk}/").status_code == 200


def test_a_long_theme_page_is_paginated_and_summarises_them_all(client: Client, reg: Registry) -> None:
    for n in range(50):
        RecommendationFactory(theme=reg.themes["gov"], number=str(10 + n), title=f"Point {10 + n}")

    first = client.get(f"/fr/thematiques/{reg.themes['gov'].pk}/")
    second = client.get(f"/fr/thematiques/{reg.themes['gov'].pk}/", {"page": 2})

    assert len(first.context["page"].recommendations) == 50
    assert [r.title for r in second.context["page"].recommendations] == ["Point 58", "Point 59"]
    assert first.context["page"].summary.total == second.context["page"].summary.total == 52
    assert 'href="?page=2"' in first.text
