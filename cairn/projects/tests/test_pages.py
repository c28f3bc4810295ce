"""The projects' pages through the client: filters, lineage, permissions, the finish offer."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import Department
from cairn.accounts.services import member_anonymise
from cairn.accounts.tests.helpers import make_user
from cairn.core.tests.browser_forms import submitted
from cairn.projects import services
from cairn.projects.factories import ProjectFactory, ProjectRecommendationFactory
from cairn.projects.models import Project, ProjectKind, ProjectStatus
from cairn.recommendations.factories import CycleFactory, RecommendationFactory, ThemeFactory
from cairn.recommendations.models import Assessment, Status
from cairn.recommendations.services.assessments import assessment_record

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [project.title for project in response.context["page_obj"].object_list]


def test_list_filters_by_kind_status_department_category_and_cycle(client: Client) -> None:
    department = Department.objects.create(code="fin", name_fr="Finances")
    old, new = CycleFactory(), CycleFactory()
    theme_old, theme_new = ThemeFactory(cycle=old), ThemeFactory(cycle=new)
    a = ProjectFactory(title="A", kind=ProjectKind.PRIORITY, status=ProjectStatus.DONE, progress=100, department=department)
    b = ProjectFactory(title="B", kind=ProjectKind.EXPERIMENT, status=ProjectStatus.IN_PROGRESS)
    ProjectFactory(title="Interne", is_internal=True)
    ProjectRecommendationFactory(project=a, recommendation=RecommendationFactory(theme=theme_old))
    ProjectRecommendationFactory(project=b, recommendation=RecommendationFactory(theme=theme_new))

    assert sorted(_titles(client.get("/fr/projets/"))) == ["A", "B"]
    assert _titles(client.get("/fr/projets/?kind=experiment")) == ["B"]
    assert _titles(client.get("/fr/projets/?status=done")) == ["A"]
    assert _titles(client.get(f"/fr/projets/?department={department.pk}")) == ["A"]
    assert _titles(client.get(f"/fr/projets/?category={theme_new.category_id}")) == ["B"]
    assert _titles(client.get(f"/fr/projets/?cycle={old.pk}")) == ["A"]
    # htmx gets the results partial only, for the same URL.
    partial = client.get("/fr/projets/?kind=experiment", headers={"HX-Request": "true"})
    assert "<h1>" not in partial.text and "B" in partial.text


def test_bad_filter_values_are_reported_not_a_500(client: Client) -> None:
    ProjectFactory(title="A")

    response = client.get("/fr/projets/?kind=nope&department=abc&page=zzz")

    assert response.status_code == 200
    assert _titles(response) == ["A"]
    assert response.context["form"].errors["kind"] == ["Sélectionnez un choix valide. nope n’en fait pas partie."]


def test_the_kept_list_shows_a_change_on_the_next_request(client: Client) -> None:
    """The filters and the rows are kept under the projects' and the registry's stamps: a
    renamed project, a new answer, a new project and a new cycle in the filter all show on
    the next request."""
    project = ProjectFactory(title="Projet gardé", status=ProjectStatus.IN_PROGRESS)
    before = client.get("/fr/projets/").text
    assert "Projet gardé" in before and "répond à 0 recommandation" in before

    cycle = CycleFactory(name="Cycle ajouté")  # the registry's stamp alone moves
    assert "Cycle ajouté" in client.get("/fr/projets/").text

    services.project_update(actor=None, project=project, title="Projet renommé")
    services.project_link_recommendation(
        actor=None, project=project, recommendation=RecommendationFactory(theme=ThemeFactory(cycle=cycle)), answer="partly"
    )
    ProjectFactory(title="Projet nouveau")

    after = client.get("/fr/projets/").text
    assert "Projet renommé" in after and "Projet gardé" not in after and "Projet nouveau" in after
    assert "répond à 1 recommandation" in after


def test_project_page_lists_recommendations_with_current_status_and_the_recommendation_lists_the_project(client: Client) -> None:
    project = ProjectFactory(title="Mutuelle des coopérant·es", text="**Gras** <script>alert(1)</script>")
    recommendation = RecommendationFactory(title="Une mutuelle")
    hidden = RecommendationFactory(is_internal=True, title="Recommandation interne")
    services.project_link_recommendation(actor=None, project=project, recommendation=recommendation, answer="fully", note="Tout y est")
    services.project_link_recommendation(actor=None, project=project, recommendation=hidden, answer="partly")
    assessment_record(actor=None, recommendation=recommendation, status=Status.IN_PROGRESS, effective_date=datetime.date(2024, 3, 1))

    page = client.get(f"/fr/projets/{project.pk}/").text

    assert "Une mutuelle" in page and "En cours" in page and "y répond entièrement : Tout y est" in page
    assert "Recommandation interne" not in page
    assert "<strong>Gras</strong>" in page and "<script>alert" not in page
    rec_page = client.get(f"/fr/recommandations/{recommendation.reference}/").text
    assert "Ce qui en a découlé" in rec_page and "Mutuelle des coopérant·es" in rec_page


def test_the_recommendation_page_has_no_section_without_projects_and_hides_internal_ones(client: Client) -> None:
    recommendation = RecommendationFactory()
    ProjectRecommendationFactory(project=ProjectFactory(is_internal=True, title="Projet interne"), recommendation=recommendation)

    page = client.get(f"/fr/recommandations/{recommendation.reference}/").text

    assert "Ce qui en a découlé" not in page and "Projet interne" not in page


def test_internal_project_and_its_attachments_are_404_outside_the_team(client: Client) -> None:
    project = ProjectFactory(is_internal=True)
    attachment = services.attachment_add(actor=None, project=project, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))

    assert client.get(f"/fr/projets/{project.pk}/").status_code == 404
    assert client.get(f"/fr/projets/{project.pk}/pieces-jointes/{attachment.pk}/").status_code == 404
    client.force_login(make_user("coordination"))
    response = client.get(f"/fr/projets/{project.pk}/pieces-jointes/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4"
    assert response["Content-Disposition"] == 'attachment; filename="a.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_bad_upload_is_refused_on_the_form(client: Client) -> None:
    project = ProjectFactory()
    client.force_login(make_user("coordination"))

    response = client.post(f"/fr/gestion/projets/{project.pk}/pieces-jointes/", {"file": SimpleUploadedFile("x.exe", b"MZ")})

    assert response.status_code == 400
    assert "Ce type de fichier n’est pas accepté." in response.text
    assert not project.attachments.exists()


def test_staff_create_a_project_and_bad_input_loses_nothing(client: Client) -> None:
    client.force_login(make_user("coordination"))
    coordinator = UserFactory(email="coord@example.org")
    data = {
        "title": "Vélos partagés",
        "summary": "Des vélos pour les trajets entre bureaux.",
        "text": "",
        "kind": "experiment",
        "status": "stopped",
        "stop_reason": "",
        "progress": "30",
        "department": "",
        "coordinator": str(UserFactory(member=False).pk),  # an account the register does not list
        "links_text": "Le plan | pas-une-adresse",
    }

    refused = client.post("/fr/gestion/projets/nouveau/", data)

    assert refused.status_code == 400
    errors = refused.context["form"].errors
    assert errors["stop_reason"] == ["Un projet arrêté doit dire publiquement pourquoi."]
    assert errors["coordinator"] == ["Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."]
    assert errors["links_text"] == ["Ligne 1 : « pas-une-adresse » n’est pas une adresse web (https://…)."]
    assert "Vélos partagés" in refused.text  # what was typed is kept
    assert not Project.objects.exists()

    data.update(stop_reason="Pas de budget cette année.", coordinator=str(coordinator.pk), links_text="Le plan | https://example.org/plan")
    created = client.post("/fr/gestion/projets/nouveau/", data)

    project = Project.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/fr/projets/{project.pk}/"
    assert (project.status, project.stop_reason, project.coordinator, project.progress) == (
        "stopped",
        "Pas de budget cette année.",
        coordinator,
        30,
    )


def test_the_coordinator_posts_an_update_and_the_team_is_offered_assessments(client: Client, django_capture_on_commit_callbacks) -> None:
    coordinator = UserFactory()
    project = ProjectFactory(coordinator=coordinator, title="Crèche")
    recommendation = RecommendationFactory()
    services.project_link_recommendation(actor=None, project=project, recommendation=recommendation, answer="fully")
    client.force_login(coordinator)

    response = client.post(
        f"/fr/projets/{project.pk}/actualites/nouvelle/",
        {"posted_on": timezone.localdate().isoformat(), "text": "La crèche ouvre.", "status": "done", "progress": ""},
    )

    # The coordinator cannot publish assessments: back to the project page.
    assert response["Location"] == f"/fr/projets/{project.pk}/"
    project.refresh_from_db()
    assert project.status == "done"

    # A coordination team member finishing a project gets the offer, and a prefilled form.
    other = ProjectFactory(coordinator=coordinator, title="Potager")
    services.project_link_recommendation(actor=None, project=other, recommendation=recommendation, answer="fully")
    team = make_user("coordination")
    client.force_login(team)
    response = client.post(
        f"/fr/projets/{other.pk}/actualites/nouvelle/",
        {"posted_on": timezone.localdate().isoformat(), "text": "Récolte faite.", "status": "done"},
    )
    assert response["Location"] == f"/fr/gestion/projets/{other.pk}/evaluer/"
    form = client.get(f"/fr/gestion/projets/{other.pk}/evaluer/{recommendation.pk}/").context["form"]
    assert form.initial["status"] == Status.DONE
    assert form.initial["source"] == "Projet : Potager"
    assert form.initial["public_comment"] == "Le projet « Potager » est terminé."
    # Nothing is forced: no assessment exists until the team submits one.
    assert not Assessment.objects.exists()
    posted = client.post(
        f"/fr/gestion/projets/{other.pk}/evaluer/{recommendation.pk}/",
        {"status": "done", "effective_date": timezone.localdate().isoformat(), "source": "Projet : Potager", "public_comment": "Fait."},
    )
    assert posted.status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.status, assessment.source, assessment.published_at is not None) == ("done", "Projet : Potager", True)


def test_members_cannot_post_updates_on_projects_they_do_not_carry(client: Client) -> None:
    project = ProjectFactory()
    client.force_login(make_user("member"))

    assert client.get(f"/fr/projets/{project.pk}/actualites/nouvelle/").status_code == 404
    assert client.post(f"/fr/projets/{project.pk}/actualites/nouvelle/", {"posted_on": "2024-01-01", "text": "x"}).status_code == 404
    assert not project.updates.exists()


def test_still_to_carry_out_groups_by_what_carries_each_recommendation(client: Client) -> None:
    department = Department.objects.create(code="it", name_fr="Informatique")
    by_priority, by_department, by_experiment, nothing, done = (RecommendationFactory(title=t) for t in ["P", "D", "E", "N", "Fait"])
    by_department.departments.add(department)
    for rec, status in [
        (by_priority, "in_progress"),
        (by_department, "not_done"),
        (by_experiment, "in_progress"),
        (nothing, "not_done"),
        (done, "done"),
    ]:
        assessment_record(actor=None, recommendation=rec, status=status, effective_date=datetime.date(2024, 1, 1))
    ProjectRecommendationFactory(project=ProjectFactory(kind=ProjectKind.PRIORITY), recommendation=by_priority)
    ProjectRecommendationFactory(project=ProjectFactory(kind=ProjectKind.EXPERIMENT), recommendation=by_experiment)
    # A stopped project carries nothing any more.
    ProjectRecommendationFactory(
        project=ProjectFactory(kind=ProjectKind.PRIORITY, status="stopped", stop_reason="Budget"), recommendation=nothing
    )

    groups = client.get("/fr/projets/a-realiser/").context["listing"]["groups"]

    assert {g.key: (g.count, [r.title for r in g.recommendations]) for g in groups} == {
        "priority": (1, ["P"]),
        "department": (1, ["D"]),
        "experiment": (1, ["E"]),
        "nothing": (1, ["N"]),
    }

    # The overview is kept under the registry's and the projects' stamps: each kind of
    # change shows on the next request — an assessment, a department taking one on, a
    # project answering one.
    assessment_record(actor=None, recommendation=by_experiment, status="done", effective_date=datetime.date(2024, 6, 1))
    nothing.departments.add(department)
    ProjectRecommendationFactory(project=ProjectFactory(kind=ProjectKind.PRIORITY), recommendation=by_department)
    response = client.get("/fr/projets/a-realiser/")
    # The page's HTML is kept under the same stamps: it shows the change too.
    assert '<a href="?carried=priority">Portées par un projet prioritaire (2)</a>' in response.text
    groups = response.context["listing"]["groups"]
    assert {g.key: (g.count, [r.title for r in g.recommendations]) for g in groups} == {
        "priority": (2, ["P", "D"]),
        "department": (1, ["N"]),
        "experiment": (0, []),
        "nothing": (0, []),
    }

    # The kept page itself shows a change only the projects' stamp sees (no assessment,
    # no change of the registry): a project now answering the last one.
    ProjectRecommendationFactory(project=ProjectFactory(kind=ProjectKind.PRIORITY), recommendation=nothing)
    assert '<a href="?carried=priority">Portées par un projet prioritaire (3)</a>' in client.get("/fr/projets/a-realiser/").text


def _not_done(count: int, cycle_start: datetime.date) -> list:
    cycle = CycleFactory(starts_on=cycle_start)
    theme = ThemeFactory(cycle=cycle, title="Thème")
    recs = [RecommendationFactory(cycle=cycle, theme=theme, number=str(n + 1), title=f"Reco {n + 1:03d}") for n in range(count)]
    for rec in recs:
        assessment_record(actor=None, recommendation=rec, status="not_done", effective_date=datetime.date(2024, 1, 1))
    return recs


def test_still_to_carry_out_shows_ten_of_each_group_then_pages_one_group(client: Client) -> None:
    _not_done(60, datetime.date(2019, 6, 1))

    overview = client.get("/fr/projets/a-realiser/")
    html = overview.content.decode()
    nothing = next(g for g in overview.context["listing"]["groups"] if g.key == "nothing")
    assert (nothing.count, [r.title for r in nothing.recommendations]) == (60, [f"Reco {n:03d}" for n in range(1, 11)])
    assert "60 recommandations en cours ou non réalisées" in html
    assert 'href="?carried=nothing">Voir les 60 recommandations' in html

    first = client.get("/fr/projets/a-realiser/", {"carried": "nothing"})
    assert [r.title for r in first.context["listing"]["page_obj"].object_list] == [f"Reco {n:03d}" for n in range(1, 51)]
    assert 'href="?carried=nothing&amp;page=2"' in first.content.decode()
    second = client.get("/fr/projets/a-realiser/", {"carried": "nothing", "page": 2})
    assert [r.title for r in second.context["listing"]["page_obj"].object_list] == [f"Reco {n:03d}" for n in range(51, 61)]
    # Each group's link gives its count; the chosen one is marked as the current page.
    assert '<a href="?carried=nothing" aria-current="page">Rien ne les porte encore (60)</a>' in second.content.decode()
    assert '<a href="?carried=priority">Portées par un projet prioritaire (0)</a>' in second.content.decode()


def test_still_to_carry_out_reports_an_unknown_group_and_shows_the_overview(client: Client) -> None:
    _not_done(2, datetime.date(2019, 6, 1))
    response = client.get("/fr/projets/a-realiser/", {"carried": "<b>tout</b>", "page": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and "Sélectionnez un choix valide." in html
    assert "<b>tout</b>" not in html
    assert sum(g.count for g in response.context["listing"]["groups"]) == 2
    # A page number past the end or not a number gives the last or first page.
    assert client.get("/fr/projets/a-realiser/", {"carried": "nothing", "page": "99"}).status_code == 200


def test_still_to_carry_out_counts_only_what_the_visitor_may_see(client: Client) -> None:
    public, internal = _not_done(2, datetime.date(2019, 6, 1))
    internal.is_internal = True
    internal.save()
    response = client.get("/fr/projets/a-realiser/", {"carried": "nothing"})
    assert [r.title for r in response.context["page_obj"].object_list] == [public.title]
    assert "Rien ne les porte encore (1)" in response.content.decode()
    client.force_login(make_user("coordination"))
    assert "Rien ne les porte encore (2)" in client.get("/fr/projets/a-realiser/").content.decode()


def test_update_requests_are_listed_for_the_team(client: Client, django_capture_on_commit_callbacks) -> None:
    team = make_user("coordination")
    project = ProjectFactory(coordinator=UserFactory(), title="Bibliothèque")
    client.force_login(team)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/gestion/projets/{project.pk}/demander-une-actualite/", {"message": "Des nouvelles ?"})
    assert response["Location"] == "/fr/gestion/projets/demandes-d-actualite/"

    listing = client.get("/fr/gestion/projets/demandes-d-actualite/")

    assert [r.project.title for r in listing.context["page_obj"].object_list] == ["Bibliothèque"]
    again = client.post(f"/fr/gestion/projets/{project.pk}/demander-une-actualite/", {"message": ""})
    assert again.status_code == 400
    assert "Une demande d’actualité attend déjà une réponse" in again.text


def test_our_recommendations_shows_the_members_groups_across_the_years(client: Client, django_assert_num_queries) -> None:
    from cairn.recommendations.factories import WorkingGroupFactory
    from cairn.recommendations.models import GroupPerson, GroupRole

    member = UserFactory()
    old_group = WorkingGroupFactory(theme=ThemeFactory(cycle=CycleFactory(starts_on=datetime.date(2016, 6, 1))))
    new_group = WorkingGroupFactory(theme=ThemeFactory(cycle=CycleFactory(starts_on=datetime.date(2022, 6, 1))))
    other_group = WorkingGroupFactory()
    for group, role in [(old_group, GroupRole.PARTICIPANT), (new_group, GroupRole.FACILITATOR)]:
        GroupPerson.objects.create(group=group, role=role, user=member)
    old = RecommendationFactory(theme=old_group.theme, groups=[old_group], title="Ancienne")
    RecommendationFactory(theme=new_group.theme, groups=[new_group], title="Récente")
    RecommendationFactory(theme=other_group.theme, groups=[other_group], title="Pas la mienne")
    RecommendationFactory(theme=new_group.theme, groups=[new_group], title="Interne", is_internal=True)
    assessment_record(
        actor=None,
        recommendation=old,
        status="done",
        effective_date=datetime.date(2023, 1, 5),
        public_comment="Mise en place",
        source="Entretien RH",
    )
    project = ProjectFactory(title="Suite concrète")
    services.project_link_recommendation(actor=None, project=project, recommendation=old, answer="fully")
    client.force_login(member)

    # 2 signed in (session, the account with its profile and roles); 3 the recommendations,
    # 4 the member's groups among theirs, 5 published assessments, 6 follow-up projects.
    with django_assert_num_queries(6):
        response = client.get("/fr/nos-recommandations/")

    assert [r.title for r in response.context["recommendations"]] == ["Récente", "Ancienne"]
    assert "Mise en place" in response.text and "Entretien RH" in response.text and "Suite concrète" in response.text
    assert client.get("/fr/nos-recommandations/").status_code == 200


def test_editing_a_project_keeps_its_version_and_refuses_a_stale_edit(client: Client) -> None:
    project = ProjectFactory(title="Avant")
    client.force_login(make_user("coordination"))
    form = client.get(f"/fr/gestion/projets/{project.pk}/modifier/").context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(title="Après", department="")

    saved = client.post(f"/fr/gestion/projets/{project.pk}/modifier/", data)

    assert saved.status_code == 302
    project.refresh_from_db()
    assert project.title == "Après"
    # The same form again (the version it carries is now stale): refused, nothing changes.
    data["title"] = "Encore"
    stale = client.post(f"/fr/gestion/projets/{project.pk}/modifier/", data)
    assert stale.status_code == 400
    assert "Quelqu’un a modifié ces informations pendant que vous les éditiez." in stale.text
    project.refresh_from_db()
    assert project.title == "Après"


def test_a_project_coordinator_edits_their_project_but_not_who_coordinates_it(client: Client) -> None:
    coordinator = UserFactory()
    project = ProjectFactory(coordinator=coordinator, title="Avant")
    client.force_login(coordinator)
    form = client.get(f"/fr/gestion/projets/{project.pk}/modifier/").context["form"]
    assert "coordinator" not in form.fields and "is_internal" not in form.fields
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(title="Après", department="", is_internal="on", coordinator=str(UserFactory().pk))

    assert client.post(f"/fr/gestion/projets/{project.pk}/modifier/", data).status_code == 302

    project.refresh_from_db()
    assert (project.title, project.coordinator, project.is_internal) == ("Après", coordinator, False)


def test_a_project_whose_coordinator_and_team_member_left_is_edited_and_saved_through_its_page(client: Client) -> None:
    gone, staying, newcomer = UserFactory(), UserFactory(), UserFactory()
    project = ProjectFactory(title="Avant", coordinator=gone)
    project.team.set([gone, staying])
    member_anonymise(user=gone)
    client.force_login(make_user("coordination"))
    url = f"/fr/gestion/projets/{project.pk}/modifier/"
    data = submitted(client.get(url).text)
    assert data["coordinator"] == [str(gone.pk)]
    assert sorted(data["team"]) == sorted([str(gone.pk), str(staying.pk)])
    data["title"] = ["Après"]
    data["team"] = [*data["team"], str(newcomer.pk)]

    response = client.post(url, data)

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.coordinator) == ("Après", gone)
    assert sorted(project.team.values_list("pk", flat=True)) == sorted([gone.pk, staying.pk, newcomer.pk])


def test_a_project_form_names_no_one_new_who_left(client: Client) -> None:
    gone = UserFactory()
    member_anonymise(user=gone)
    project = ProjectFactory(title="Avant")
    client.force_login(make_user("coordination"))
    url = f"/fr/gestion/projets/{project.pk}/modifier/"
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(department="", coordinator=str(gone.pk), team=[str(gone.pk)])

    response = client.post(url, data)

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "coordinator": ["Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."],
        "team": [f"Sélectionnez un choix valide. {gone.pk} n’en fait pas partie."],
    }
    project.refresh_from_db()
    assert (project.coordinator, list(project.team.all())) == (None, [])


def test_the_project_form_finds_its_coordinator_by_name_without_javascript_and_saves_nothing(client: Client) -> None:
    client.force_login(make_user("coordination"))
    lore = UserFactory(email="lore@example.org", profile__display_name="Lore Janssens")
    data = {"title": "Vélos", "summary": "", "kind": "experiment", "status": "planned", "progress": "0", "links_text": ""}

    searched = client.post("/fr/gestion/projets/nouveau/", {**data, "coordinator__q": "janss", "people_search": "coordinator"})

    assert searched.status_code == 200 and not Project.objects.exists()
    assert f'name="coordinator" value="{lore.pk}"' in searched.text and "Lore Janssens" in searched.text
    assert "lore@example.org" not in searched.text
    assert "field--invalid" not in searched.text  # what is not filled in yet is not flagged
    assert f'hx-get="{reverse("accounts:people_search")}?field=coordinator' in searched.text  # staff get the search as they type


def test_a_member_coordinator_searches_their_team_with_the_button_only(client: Client) -> None:
    coordinator = UserFactory()
    project = ProjectFactory(coordinator=coordinator)
    client.force_login(coordinator)

    page = client.get(f"/fr/gestion/projets/{project.pk}/modifier/")

    assert 'name="team__q"' in page.text and 'name="people_search" value="team"' in page.text
    assert reverse("accounts:people_search") not in page.text  # the search as one types answers staff and facilitators only
