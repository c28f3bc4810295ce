"""Member import, below the web page: reading the file, checking every row, applying the plan,
and the invitations it sends. The page itself is tested in ``test_import_view.py``.
"""

from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from openpyxl import Workbook

from cairn.accounts import services
from cairn.accounts.factories import OfficeFactory, SectorFactory, UserFactory
from cairn.accounts.imports import ALIASES, ImportPlan, RowError, plan_member_import
from cairn.accounts.models import Profile, Role, User, Visibility
from cairn.accounts.tests.helpers import accounts_snapshot
from cairn.core.tabular import TabularError, read_table

pytestmark = pytest.mark.django_db

MAX = settings.CAIRN_MEMBER_IMPORT_MAX_BYTES


def plan_from(data: bytes, filename: str = "membres.csv") -> ImportPlan:
    return plan_member_import(read_table(data, filename, ALIASES, max_bytes=MAX))


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def structure() -> dict[str, int]:
    """The offices and sectors the example files refer to, by name."""
    return {
        "liege": OfficeFactory(name="Liège", city="Liège").pk,
        "gent": OfficeFactory(name="Gent", city="Gent").pk,
        "bruxelles": OfficeFactory(name="Bruxelles", city="Ixelles").pk,
        "music": SectorFactory(slug="musique", name_fr="Musique", name_nl="Muziek", name_en="Music").pk,
    }


def _rows(plan: ImportPlan) -> list[tuple[object, ...]]:
    return [(r.row, r.email, r.name, r.language, r.country, r.office_id, r.sector_id) for r in plan.to_create]


# --- reading every kind of file -------------------------------------------------------


def test_a_comma_separated_utf8_file_is_read(structure: dict[str, int]) -> None:
    data = (
        "email,name,language,country,office,sector\nLea@Example.org ,  Léa   Martin ,NL,be,liège,Muziek\nmarc@example.org,Marc,,,,\n"
    ).encode()

    plan = plan_from(data)

    liege, music = structure["liege"], structure["music"]
    assert plan.errors == []
    assert _rows(plan) == [
        (2, "lea@example.org", "Léa Martin", "nl", "BE", liege, music),
        (3, "marc@example.org", "Marc", "fr", "", None, None),
    ]


def test_a_semicolon_file_with_french_headers_and_a_bom_is_read(structure: dict[str, int]) -> None:
    data = "\ufeffAdresse e-mail;Nom affiché;Langue;Pays;Agence;Secteur\nelodie@example.org;Dupont, Élodie;fr;FR;Ixelles;musique\n"

    plan = plan_from(data.encode("utf-8"))

    assert plan.errors == []
    assert _rows(plan) == [(2, "elodie@example.org", "Dupont, Élodie", "fr", "FR", structure["bruxelles"], structure["music"])]


def test_a_windows_1252_file_is_read() -> None:
    data = "Courriel;Nom;Taal\nnoel@example.org;Élodie Noël;nl\n".encode("cp1252")

    plan = plan_from(data)

    assert plan.errors == []
    assert _rows(plan) == [(2, "noel@example.org", "Élodie Noël", "nl", "", None, None)]


def test_an_xlsx_workbook_is_read(structure: dict[str, int]) -> None:
    data = xlsx(
        [
            ["E-mail", "Naam", "Taal", "Land", "Kantoor", "Sector"],
            ["jan@example.org", "Jan Peeters", "nl", "BE", "Gent", "Music"],
            [None, None, None, None, None, None],  # an empty line is skipped, numbering is kept
            ["an@example.org", "An", None, None, None, None],
        ]
    )

    plan = plan_from(data, "export.XLSX")

    gent, music = structure["gent"], structure["music"]
    assert plan.errors == []
    assert _rows(plan) == [
        (2, "jan@example.org", "Jan Peeters", "nl", "BE", gent, music),
        (4, "an@example.org", "An", "fr", "", None, None),
    ]


def test_a_file_over_the_limit_is_refused_before_reading() -> None:
    data = b"email,name\n" + b"x" * MAX

    with pytest.raises(TabularError) as raised:
        read_table(data, "membres.csv", ALIASES, max_bytes=MAX)

    assert str(raised.value) == "Le fichier dépasse la taille maximale de 10 Mo."


# --- checking rows: every error, with its row and column ------------------------------


def test_a_missing_required_column_is_reported() -> None:
    plan = plan_from(b"email,langue\na@example.org,fr\n")

    assert plan.errors == [RowError(1, "name", "Colonne obligatoire absente de l’en-tête : name.")]
    assert plan.to_create == []


def test_a_file_with_only_a_header_is_reported() -> None:
    plan = plan_from(b"email,name\n\n")

    assert plan.errors == [RowError(1, "", "Le fichier ne contient aucune ligne de sociétaire.")]


def test_every_bad_row_is_listed_with_its_row_column_and_reason(structure: dict[str, int]) -> None:
    data = (
        "email,name,language,country,office,sector\n"
        "ok@example.org,Bonne ligne,fr,BE,Liège,musique\n"
        "pas-une-adresse,Nom,fr,,,\n"
        "ok@example.org,Doublon,fr,,,\n"
        "sans-nom@example.org,,fr,,,\n"
        "langue@example.org,Nom,de,,,\n"
        "pays@example.org,Nom,fr,DE,,\n"
        "bureau@example.org,Nom,fr,,Atlantis,\n"
        "secteur@example.org,Nom,fr,,,astronautique\n"
        f"long@example.org,{'x' * 81},fr,,,\n"
        "rtl@example.org,Nom\u202egnp.exe,fr,,,\n"
    ).encode()

    plan = plan_from(data)

    assert plan.errors == [
        RowError(3, "email", "Adresse e-mail invalide : « pas-une-adresse »."),
        RowError(4, "email", "Adresse déjà présente à la ligne 2 du fichier."),
        RowError(5, "name", "Le nom est obligatoire."),
        RowError(6, "language", "Langue inconnue « de » : fr, nl ou en."),
        RowError(7, "country", "Pays inconnu « DE » : BE ou FR."),
        RowError(8, "office", "Bureau inconnu « Atlantis »."),
        RowError(9, "sector", "Secteur inconnu « astronautique »."),
        RowError(10, "name", "Le nom dépasse 80 caractères."),
        RowError(11, "name", "Ce texte contient un caractère invisible ou de contrôle (U+202E) qui n’est pas accepté."),
    ]
    # A plan with errors holds nothing to apply, and applying it is refused.
    assert plan.to_create == [] and plan.to_update == [] and plan.unchanged == 0
    before = accounts_snapshot()
    with pytest.raises(ValueError, match="cannot be applied"):
        services.member_import(plan=plan, actor=None)
    assert accounts_snapshot() == before


def test_an_erased_member_cannot_be_imported_again() -> None:
    user = UserFactory(email="parti@example.org")
    services.member_anonymise(user=user)
    user.refresh_from_db()

    plan = plan_from(f"email,name\n{user.email},Revenant\n".encode())

    assert plan.errors == [RowError(2, "email", "Ce compte a été supprimé à la demande de la personne.")]


def test_an_account_without_profile_is_reported() -> None:
    User.objects.create_user("sans-profil@example.org", "un mot de passe solide")

    plan = plan_from(b"email,name\nsans-profil@example.org,Nom\n")

    assert plan.errors == [RowError(2, "email", "Ce compte existe sans profil de sociétaire ; corrigez-le dans l’administration.")]


# --- applying a plan ------------------------------------------------------------------


def test_member_import_creates_accounts_profiles_and_roles(
    structure: dict[str, int], django_capture_on_commit_callbacks, mailoutbox: list
) -> None:
    coordinator = UserFactory(roles=[Role.COORDINATION])
    data = b"email,name,language,country,office,sector\nlea@example.org,Lea,nl,BE,Gent,musique\nmarc@example.org,Marc,fr,FR,,\n"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record = services.member_import(plan=plan_from(data), actor=coordinator)

    assert (record.created_by, record.created_count, record.updated_count, record.unchanged_count) == (coordinator, 2, 0, 0)
    lea = User.objects.get(email="lea@example.org")
    assert not lea.has_usable_password()
    assert lea.is_active
    assert list(lea.groups.values_list("name", flat=True)) == [Role.MEMBER]
    assert list(EmailAddress.objects.filter(user=lea).values_list("email", "verified", "primary")) == [("lea@example.org", False, True)]
    profile = Profile.objects.get(user=lea)
    assert (profile.display_name, profile.language, profile.country, profile.office.name, profile.sector.slug, profile.visibility) == (
        "Lea",
        "nl",
        "BE",
        "Gent",
        "musique",
        Visibility.MEMBERS,
    )
    # One task for the batch, one e-mail per new member.
    assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["lea@example.org", "marc@example.org"]
    assert User.objects.filter(email__in=["lea@example.org", "marc@example.org"], invited_at__isnull=False).count() == 2


def test_reimporting_the_same_file_changes_nothing_and_sends_nothing(
    structure: dict[str, int], django_capture_on_commit_callbacks, mailoutbox: list
) -> None:
    data = b"email,name,language,country,office,sector\nlea@example.org,Lea,nl,BE,Gent,musique\nmarc@example.org,Marc,fr,FR,,\n"
    with django_capture_on_commit_callbacks(execute=True):
        services.member_import(plan=plan_from(data), actor=None)
    mailoutbox.clear()
    before = accounts_snapshot()

    plan = plan_from(data)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record = services.member_import(plan=plan, actor=None)

    assert (len(plan.to_create), len(plan.to_update), plan.unchanged) == (0, 0, 2)
    assert (record.created_count, record.updated_count, record.unchanged_count) == (0, 0, 2)
    after = accounts_snapshot()
    assert after.pop("imports") == [*before.pop("imports"), (record.pk, 0, 0, 2)]
    assert after == before
    assert callbacks == []
    assert mailoutbox == []


def test_member_import_updates_existing_profiles_by_email(django_capture_on_commit_callbacks, mailoutbox: list) -> None:
    user = UserFactory(email="jan@example.org", profile__display_name="Jan", profile__language="fr", profile__bio="Reste là")
    password = user.password

    plan = plan_from(b"email,name,language,country\nJAN@example.org,Jan Peeters,nl,BE\n")
    with django_capture_on_commit_callbacks(execute=True):
        record = services.member_import(plan=plan, actor=None)

    assert (record.created_count, record.updated_count, record.unchanged_count) == (0, 1, 0)
    user.refresh_from_db()
    assert (user.profile.display_name, user.profile.language, user.profile.bio) == ("Jan Peeters", "nl", "Reste là")
    assert user.password == password
    assert User.objects.count() == 1
    assert mailoutbox == []  # an existing member is not invited
