"""The staff import page (gestion/import-registre/): upload → preview → confirm → applied.

The preview writes nothing; the upload is kept (``RegistryImport``) so the confirmation
does not send the file again; only the uploader confirms it, and only once. The
confirmation queues a background task that applies the file; the test settings run tasks
immediately, and ``confirm`` runs the on-commit callbacks that enqueue it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from cairn.accounts.models import User
from cairn.accounts.tests.helpers import make_user
from cairn.core.models import AuditEntry
from cairn.recommendations.factories import CycleFactory, ThemeCategoryFactory
from cairn.recommendations.models import Assessment, Cycle, GroupPerson, Recommendation, RegistryImport, Theme, WorkingGroup
from cairn.recommendations.services import recommendations as recommendation_services
from cairn.recommendations.tasks import apply_registry_import

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
UPLOAD_URL = "/fr/gestion/import-registre/"
PAD = (DATA / "pad_fr_cooperation.md").read_bytes()
CSV = b"cycle;pays;theme;numero;titre;etat;date;commentaire public\n2021-2022;FR;Finances solidaires;1;Un fonds;en cours;2023-05-02;\n"


def registry_counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Cycle, Theme, WorkingGroup, GroupPerson, Recommendation, Assessment, AuditEntry)}


def upload(client: Client, content: bytes, name: str, **data: object):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content), **data})


def fingerprint_in(html: str) -> str:
    match = re.search(r'name="fingerprint" value="([0-9a-f]{64})"', html)
    assert match, "the preview has a confirmation form"
    return match[1]


@pytest.fixture
def coordinator() -> User:
    return make_user("coordination")


@pytest.fixture
def coordinator_client(client: Client, coordinator: User) -> Client:
    client.force_login(coordinator)
    return client


Confirm = Callable[..., object]


@pytest.fixture
def confirm(coordinator_client: Client, django_capture_on_commit_callbacks) -> Confirm:
    """Post the confirmation and run what it queued once its transaction committed."""

    def post(staged: RegistryImport, fingerprint: str, client: Client | None = None):
        with django_capture_on_commit_callbacks(execute=True):
            return (client or coordinator_client).post(f"{UPLOAD_URL}{staged.pk}/confirmer/", {"fingerprint": fingerprint})

    return post


@pytest.fixture
def cycle() -> Cycle:
    return CycleFactory(name="2019-2020", code="2019-20", slug="2019-2020")


# --- who may import ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "facilitator", "department_lead"])
def test_other_roles_are_refused_and_nothing_is_kept(client: Client, role: str, cycle: Cycle) -> None:
    client.force_login(make_user(role))

    assert client.get(UPLOAD_URL).status_code == 403
    assert upload(client, PAD, "pad.md", cycle=cycle.pk).status_code == 403

    assert RegistryImport.objects.count() == 0


def test_a_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(UPLOAD_URL)

    assert response.status_code == 302
    assert response["Location"] == f"/fr/compte/login/?next={UPLOAD_URL}"


# --- upload, preview, confirm ----------------------------------------------------------


def test_a_pad_is_previewed_then_imported_on_confirmation(
    coordinator_client: Client, coordinator: User, cycle: Cycle, confirm: Confirm
) -> None:
    category = ThemeCategoryFactory(name_fr="Gouvernance")
    before = registry_counts()

    response = upload(coordinator_client, PAD, "pad.md", cycle=cycle.pk, category=category.pk)

    staged = RegistryImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{UPLOAD_URL}{staged.pk}/"
    assert (staged.created_by, staged.state, staged.filename, staged.size) == (coordinator, "pending", "pad.md", len(PAD))
    assert bytes(staged.content) == PAD

    preview = coordinator_client.get(response["Location"])

    assert preview.status_code == 200
    html = preview.text
    assert "Coopérer autrement : la vie coopérative au quotidien" in html  # the new theme
    assert "2019-20/COO/01" in html and "Créer un fonds de solidarité entre sociétaires" in html
    assert "2019-20/COO/06.01" in html
    assert "Charleroi–Mons–Eupen–Louvain-la-Neuve" in html  # a new group
    assert "14 recommandations à créer" in html
    assert "Un nombre de personnes sans leurs noms : non importé." in html  # an unplaced line, with its line number
    assert "Bloc « :::info » du pad ignoré." in html
    assert "Structure lue dans le document : des éléments numérotés (« 1. Titre », « 1- », « 1) »)." in html
    assert registry_counts() == before  # the preview wrote nothing

    confirmed = confirm(staged, fingerprint_in(html))

    assert confirmed.status_code == 302
    assert Recommendation.objects.count() == 14
    theme = Theme.objects.get()
    assert (theme.cycle, theme.category, theme.code) == (cycle, category, "COO")
    assert Recommendation.objects.filter(language="fr", kind="line_of_thought").count() == 2
    staged.refresh_from_db()
    assert staged.state == "applied"
    assert staged.summary["created"] == 14
    result = coordinator_client.get(confirmed["Location"])
    assert "Import confirmé : il s’applique en arrière-plan" in result.text
    assert "Import terminé : le registre est à jour." in result.text
    assert "14 recommandations créées" in result.text


def test_a_second_confirmation_changes_nothing(coordinator_client: Client, confirm: Confirm) -> None:
    upload(coordinator_client, CSV, "registre.csv")
    staged = RegistryImport.objects.get()
    fingerprint = fingerprint_in(coordinator_client.get(f"{UPLOAD_URL}{staged.pk}/").text)
    confirm(staged, fingerprint)
    after_first = registry_counts()

    again = coordinator_client.post(f"{UPLOAD_URL}{staged.pk}/confirmer/", {"fingerprint": fingerprint}, follow=True)

    assert again.status_code == 200
    assert "Cet envoi a déjà été confirmé ou a expiré : rien de plus n’a été fait." in again.text
    assert registry_counts() == after_first


def test_the_confirmation_only_queues_the_import_and_the_page_follows_it(coordinator_client: Client) -> None:
    upload(coordinator_client, CSV, "registre.csv")
    staged = RegistryImport.objects.get()
    fingerprint = fingerprint_in(coordinator_client.get(f"{UPLOAD_URL}{staged.pk}/").text)
    before = registry_counts()

    # Without running the on-commit callbacks, nothing is enqueued: the request wrote nothing to the registry.
    confirmed = coordinator_client.post(f"{UPLOAD_URL}{staged.pk}/confirmer/", {"fingerprint": fingerprint})

    staged.refresh_from_db()
    assert (staged.state, staged.fingerprint, staged.confirmed_at is not None) == ("queued", fingerprint, True)
    assert registry_counts() == before
    page = coordinator_client.get(confirmed["Location"])
    assert "Import en cours" in page.text
    # HTMX polls the page for the result; without JavaScript a link reloads it.
    assert f'hx-get="{UPLOAD_URL}{staged.pk}/" hx-trigger="every 2s" hx-select="#import-state"' in page.text
    assert f'<a href="{UPLOAD_URL}{staged.pk}/">Actualiser pour voir le résultat</a>' in page.text
    assert 'name="fingerprint"' not in page.text

    assert apply_registry_import.call(import_id=staged.pk) is True

    page = coordinator_client.get(confirmed["Location"])
    assert "Import terminé : le registre est à jour." in page.text
    assert "hx-trigger" not in page.text.split('id="import-state"')[1].split(">")[0]
    assert Recommendation.objects.count() == 1
    # A second run of the task (a retried job) changes nothing.
    after = registry_counts()
    assert apply_registry_import.call(import_id=staged.pk) is False
    assert registry_counts() == after


def test_a_registry_changed_before_the_task_runs_puts_the_upload_back_for_a_fresh_preview(coordinator_client: Client) -> None:
    upload(coordinator_client, CSV, "registre.csv")
    staged = RegistryImport.objects.get()
    fingerprint = fingerprint_in(coordinator_client.get(f"{UPLOAD_URL}{staged.pk}/").text)
    coordinator_client.post(f"{UPLOAD_URL}{staged.pk}/confirmer/", {"fingerprint": fingerprint})
    # Between the confirmation and the task, someone creates the cycle the file would have created.
    CycleFactory(name="2021-2022", slug="2021-2022-fr", code="2021-22", country="FR")
    before = registry_counts()

    assert apply_registry_import.call(import_id=staged.pk) is False

    assert registry_counts() == before
    staged.refresh_from_db()
    assert (staged.state, staged.failure) == ("pending", "changed")
    page = coordinator_client.get(f"{UPLOAD_URL}{staged.pk}/").text
    assert "Le registre a changé depuis l’aperçu : rien n’a été importé. Vérifiez l’aperçu à jour, puis confirmez." in page
    assert fingerprint_in(page) != fingerprint  # the fresh preview can be confirmed


def test_an_unexpected_error_in_the_task_writes_nothing_and_says_so(coordinator_client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    upload(coordinator_client, CSV, "registre.csv")
    staged = RegistryImport.objects.get()
    fingerprint = fingerprint_in(coordinator_client.get(f"{UPLOAD_URL}{staged.pk}/").text)
    coordinator_client.post(f"{UPLOAD_URL}{staged.pk}/confirmer/", {"fingerprint": fingerprint})
    before = registry_counts()

    def broken(**kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(recommendation_services, "recommendation_reference", broken)
    with pytest.raises(RuntimeError):
        apply_registry_import.call(import_id=staged.pk)

    assert registry_counts() == before
    staged.refresh_from_db()
    assert (staged.state, staged.failure) == ("pending", "error")
    assert "L’import a échoué sur une erreur inattendue : rien n’a été importé." in coordinator_client.get(f"{UPLOAD_URL}{staged.pk}/").text


def test_only_the_uploader_sees_and_confirms_an_upload(client: Client, coordinator_client: Client) -> None:
    upload(coordinator_client, CSV, "registre.csv")
    staged = RegistryImport.objects.get()
    fingerprint = fingerprint_in(coordinator_client.get(f"{UPLOAD_URL}{staged.pk}/").text)
    other = Client()
    other.force_login(make_user("coordination"))
    before = registry_counts()

    assert other.get(f"{UPLOAD_URL}{staged.pk}/").status_code == 404
    assert other.post(f"{UPLOAD_URL}{staged.pk}/confirmer/", {"fingerprint": fingerprint}).status_code == 404

    assert registry_counts() == before
    staged.refresh_from_db()
    assert staged.state == "pending"


def test_confirming_needs_a_post(coordinator_client: Client) -> None:
    upload(coordinator_client, CSV, "registre.csv")
    staged = RegistryImport.objects.get()

    assert coordinator_client.get(f"{UPLOAD_URL}{staged.pk}/confirmer/").status_code == 405


def test_a_file_with_errors_is_previewed_with_every_error_and_cannot_be_confirmed(coordinator_client: Client) -> None:
    bad = CSV + b"2021-2022;FR;Finances solidaires;2;Un pret;rejetee;2023-05-02;\n2021-2022;FR;Finances solidaires;3;;;;\n"
    upload(coordinator_client, bad, "registre.csv")
    staged = RegistryImport.objects.get()
    before = registry_counts()

    preview = coordinator_client.get(f"{UPLOAD_URL}{staged.pk}/")

    assert "Rien ne peut être importé" in preview.text
    assert "2 erreurs à corriger dans le fichier" in preview.text
    assert "Une recommandation rejetée ou reportée doit être expliquée publiquement." in preview.text
    assert "Le titre est obligatoire." in preview.text
    assert 'name="fingerprint"' not in preview.text
    # Forcing the confirmation anyway writes nothing and keeps the upload pending.
    forced = coordinator_client.post(f"{UPLOAD_URL}{staged.pk}/confirmer/", {"fingerprint": "0" * 64}, follow=True)
    assert "Ce fichier contient des erreurs : rien n’a été importé." in forced.text
    assert registry_counts() == before
    staged.refresh_from_db()
    assert staged.state == "pending"


def test_a_registry_changed_since_the_preview_is_not_imported_blindly(coordinator_client: Client, confirm: Confirm) -> None:
    upload(coordinator_client, CSV, "registre.csv")
    staged = RegistryImport.objects.get()
    fingerprint = fingerprint_in(coordinator_client.get(f"{UPLOAD_URL}{staged.pk}/").text)
    # Meanwhile, someone creates the cycle the file would have created.
    CycleFactory(name="2021-2022", slug="2021-2022-fr", code="2021-22", country="FR")
    before = registry_counts()

    response = coordinator_client.post(f"{UPLOAD_URL}{staged.pk}/confirmer/", {"fingerprint": fingerprint}, follow=True)

    assert "Le registre a changé depuis l’aperçu : rien n’a été importé." in response.text
    assert registry_counts() == before
    staged.refresh_from_db()
    assert staged.state == "pending"
    # The fresh preview can be confirmed.
    fresh = fingerprint_in(coordinator_client.get(f"{UPLOAD_URL}{staged.pk}/").text)
    confirm(staged, fresh)
    assert Recommendation.objects.get().cycle.slug == "2021-2022-fr"


def test_an_expired_upload_cannot_be_confirmed(coordinator_client: Client) -> None:
    upload(coordinator_client, CSV, "registre.csv")
    staged = RegistryImport.objects.get()
    fingerprint = fingerprint_in(coordinator_client.get(f"{UPLOAD_URL}{staged.pk}/").text)
    RegistryImport.objects.filter(pk=staged.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))

    preview = coordinator_client.get(f"{UPLOAD_URL}{staged.pk}/")
    confirmed = coordinator_client.post(f"{UPLOAD_URL}{staged.pk}/confirmer/", {"fingerprint": fingerprint}, follow=True)

    assert "Cet envoi a expiré sans être confirmé" in preview.text
    assert "Cet envoi a déjà été confirmé ou a expiré" in confirmed.text
    assert Recommendation.objects.count() == 0


def test_a_new_upload_expires_old_pending_ones_and_drops_their_content(coordinator_client: Client) -> None:
    upload(coordinator_client, CSV, "ancien.csv")
    old = RegistryImport.objects.get()
    RegistryImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))

    upload(coordinator_client, CSV, "nouveau.csv")

    old.refresh_from_db()
    assert (old.state, bytes(old.content)) == ("expired", b"")


def test_a_file_with_nothing_new_says_so_instead_of_offering_to_confirm(coordinator_client: Client, confirm: Confirm) -> None:
    upload(coordinator_client, CSV, "registre.csv")
    first = RegistryImport.objects.get()
    confirm(first, fingerprint_in(coordinator_client.get(f"{UPLOAD_URL}{first.pk}/").text))

    upload(coordinator_client, CSV, "registre.csv")
    second = RegistryImport.objects.exclude(pk=first.pk).get()
    preview = coordinator_client.get(f"{UPLOAD_URL}{second.pk}/")

    assert "Le registre contient déjà tout ce fichier : il n’y a rien à importer." in preview.text
    assert "1 recommandation inchangée" in preview.text
    assert 'name="fingerprint"' not in preview.text


# --- refused uploads --------------------------------------------------------------------


def test_a_pad_without_a_cycle_is_refused_on_the_form(coordinator_client: Client) -> None:
    response = upload(coordinator_client, PAD, "pad.md")

    assert response.status_code == 400
    assert (
        "Ce pad ne dit pas à quel cycle il appartient, ni dans son en-tête (cycle : 2022-2023) ni dans son titre : "
        "choisissez le cycle, ou décrivez celui à créer."
    ) in response.text
    assert RegistryImport.objects.count() == 0


def test_a_new_cycle_is_described_on_the_form_shown_in_the_preview_and_created_on_confirmation(
    coordinator_client: Client, confirm: Confirm
) -> None:
    response = upload(coordinator_client, PAD, "pad.md", new_cycle_name="2024-2025", new_cycle_country="FR")
    staged = RegistryImport.objects.get()
    preview = coordinator_client.get(response["Location"])

    assert (staged.new_cycle_name, staged.new_cycle_country, staged.new_cycle_starts_on) == ("2024-2025", "FR", None)
    assert "Nouveaux cycles" in preview.text
    assert "<td>2024-2025</td><td><code>2024-25</code></td><td>FR</td><td>1 juin 2024</td>" in preview.text
    assert Cycle.objects.count() == 0  # the preview wrote nothing

    confirm(staged, fingerprint_in(preview.text))

    cycle = Cycle.objects.get()
    assert (cycle.name, cycle.country, cycle.starts_on) == ("2024-2025", "FR", datetime.date(2024, 6, 1))
    assert Recommendation.objects.filter(cycle=cycle).count() == 14


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"new_cycle_name": "2024-2025"}, "Le pays est obligatoire pour créer un cycle."),
        ({"new_cycle_name": "Cycle d’essai", "new_cycle_country": "BE"}, "Donnez le début du cycle, ou des années dans son nom"),
        ({"new_cycle_name": "2024-2025", "new_cycle_country": "BE", "use_cycle": True}, "Choisissez un cycle existant ou décrivez-en"),
    ],
)
def test_a_new_cycle_badly_described_is_refused_on_the_form(
    coordinator_client: Client, cycle: Cycle, data: dict[str, object], field_error: str
) -> None:
    if data.pop("use_cycle", False):
        data["cycle"] = cycle.pk
    response = upload(coordinator_client, PAD, "pad.md", **data)

    assert response.status_code == 400
    assert field_error in response.text.replace("&#x27;", "'").replace("&#8217;", "’")
    assert (RegistryImport.objects.count(), Cycle.objects.count()) == (0, 1)


@override_settings(CAIRN_REGISTRY_IMPORT_MAX_BYTES=1024)
def test_a_file_over_the_limit_is_refused_on_the_form(coordinator_client: Client) -> None:
    response = upload(coordinator_client, CSV + b"x" * 1024, "registre.csv")

    assert response.status_code == 400
    assert "Le fichier dépasse la taille maximale" in response.text
    assert RegistryImport.objects.count() == 0


def test_an_unreadable_file_is_refused_on_the_form(coordinator_client: Client) -> None:
    response = upload(coordinator_client, b"not a zip", "registre.xlsx")

    assert response.status_code == 400
    assert "Le classeur XLSX est illisible ou endommagé." in response.text
    assert RegistryImport.objects.count() == 0


def test_the_page_shows_the_columns_and_the_nav_link(coordinator_client: Client) -> None:
    page = coordinator_client.get(UPLOAD_URL)

    assert page.status_code == 200
    assert "Colonnes d’un tableau" in page.text
    assert f'<a href="{UPLOAD_URL}" aria-current="page">Importer le registre</a>' in page.text


def test_the_preview_of_a_changed_file_shows_each_change_before_and_after(coordinator_client: Client, confirm: Confirm) -> None:
    upload(coordinator_client, CSV, "registre.csv")
    first = RegistryImport.objects.get()
    confirm(first, fingerprint_in(coordinator_client.get(f"{UPLOAD_URL}{first.pk}/").text))

    upload(coordinator_client, CSV.replace(b"Un fonds", b"Un fonds commun"), "registre.csv")
    second = RegistryImport.objects.exclude(pk=first.pk).get()
    preview = coordinator_client.get(f"{UPLOAD_URL}{second.pk}/").text

    assert "1 recommandation à mettre à jour" in preview
    assert "<td><code>2021-22/FIN/01</code></td><td>titre</td><td>Un fonds</td><td>Un fonds commun</td>" in preview


def test_the_preview_says_a_pad_is_numbered_by_its_headings(coordinator_client: Client, cycle: Cycle) -> None:
    pad = (DATA / "pad_headings_plaidoyer.md").read_bytes()

    preview = coordinator_client.get(upload(coordinator_client, pad, "plaidoyer.md", cycle=cycle.pk)["Location"])

    assert (
        "Structure lue dans le document : des titres numérotés (« ### 1. Titre »), "
        "le texte de chaque recommandation dans les paragraphes qui suivent."
    ) in preview.text
    assert "7 recommandations à créer" in preview.text
