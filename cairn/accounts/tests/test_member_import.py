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
from cairn.accounts.tests.helpers import accounts_snapshot, make_user
from cairn.core.models import AuditEntry
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


def test_two_addresses_of_one_account_are_reported() -> None:
    user = make_user("registered", email="lea@example.org")
    EmailAddress.objects.create(user=user, email="lea.martin@coop.example", verified=True, primary=False)

    plan = plan_from(b"email,name\nlea@example.org,Lea\nLea.Martin@coop.example,Lea Martin\n")

    assert plan.errors == [RowError(3, "email", "Cette adresse et celle de la ligne 2 sont deux adresses du même compte.")]


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
    assert after.pop("imports") == [*before.pop("imports"), (record.pk, 0, 0, 0, 2)]
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
    assert _audit("updated_from_register") == [
        (
            str(user.profile.pk),
            {
                "display_name": {"before": "Jan", "after": "Jan Peeters"},
                "language": {"before": "fr", "after": "nl"},
            },
        )
    ]


# --- recognising accounts that signed up before the register listed them --------------


def _roles(user: User) -> set[str]:
    return set(User.objects.get(pk=user.pk).groups.values_list("name", flat=True))


def _audit(action: str) -> list[tuple[str, dict]]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk").values_list("object_id", "changes"))


def test_an_account_that_signed_up_is_recognised_by_its_email_and_gets_the_register_profile(
    structure: dict[str, int], django_capture_on_commit_callbacks, mailoutbox: list
) -> None:
    coordinator = make_user("coordination")
    signed_up = make_user(
        "registered", email="lea@example.org", profile__display_name="Léa", profile__language="fr", profile__bio="Bonjour"
    )
    profile = signed_up.profile
    Profile.objects.filter(pk=profile.pk).update(visibility=Visibility.PUBLIC)
    password = signed_up.password
    data = b"email,name,language,country,office\nLEA@Example.org,Lea Martin,nl,BE,Gent\nmarc@example.org,Marc,fr,FR,\n"

    plan = plan_from(data)
    with django_capture_on_commit_callbacks(execute=True):
        record = services.member_import(plan=plan, actor=coordinator)

    assert [(item.row.row, item.user.pk) for item in plan.to_recognise] == [(2, signed_up.pk)]
    assert (record.created_count, record.recognised_count, record.updated_count, record.unchanged_count) == (1, 1, 0, 0)
    # The same account, now a member, with its profile from the register; what the
    # register does not hold (visibility, bio, password) stays the person's.
    assert User.objects.filter(email="lea@example.org").count() == 1
    assert _roles(signed_up) == {Role.MEMBER}
    profile.refresh_from_db()
    assert (profile.display_name, profile.language, profile.country, profile.office_id) == ("Lea Martin", "nl", "BE", structure["gent"])
    assert (profile.visibility, profile.bio) == (Visibility.PUBLIC, "Bonjour")
    assert User.objects.get(pk=signed_up.pk).password == password
    # The account has its password: only the new member is invited.
    assert [m.to for m in mailoutbox] == [["marc@example.org"]]
    # Audited: who recognised whom, and the profile before and after.
    assert _audit("member_recognised") == [(str(signed_up.pk), {"member": {"before": False, "after": True}})]
    assert _audit("updated_from_register") == [
        (
            str(profile.pk),
            {
                "display_name": {"before": "Léa", "after": "Lea Martin"},
                "language": {"before": "fr", "after": "nl"},
                "office": {"before": None, "after": structure["gent"]},
            },
        )
    ]
    assert set(AuditEntry.objects.values_list("actor", flat=True)) == {coordinator.pk}


def test_importing_the_register_again_after_a_recognition_changes_nothing(django_capture_on_commit_callbacks, mailoutbox: list) -> None:
    signed_up = make_user("registered", email="lea@example.org")
    data = b"email,name\nlea@example.org,Lea Martin\n"
    with django_capture_on_commit_callbacks(execute=True):
        services.member_import(plan=plan_from(data), actor=None)
    before, audit_before = accounts_snapshot(), AuditEntry.objects.count()

    plan = plan_from(data)
    with django_capture_on_commit_callbacks(execute=True):
        record = services.member_import(plan=plan, actor=None)

    assert (len(plan.to_create), len(plan.to_recognise), len(plan.to_update), plan.unchanged) == (0, 0, 0, 1)
    after = accounts_snapshot()
    assert after.pop("imports") == [*before.pop("imports"), (record.pk, 0, 0, 0, 1)]
    assert after == before
    assert AuditEntry.objects.count() == audit_before
    assert _roles(signed_up) == {Role.MEMBER}
    assert mailoutbox == []


def test_an_account_without_profile_is_recognised_given_its_profile_and_invited(
    django_capture_on_commit_callbacks, mailoutbox: list
) -> None:
    # As ``createsuperuser`` without a password, or the admin's "add user", make them.
    user = User.objects.create_user("sans-profil@example.org")

    plan = plan_from(b"email,name,language\nsans-profil@example.org,Nom Complet,nl\n")
    with django_capture_on_commit_callbacks(execute=True):
        record = services.member_import(plan=plan, actor=None)

    assert plan.errors == []
    assert (record.created_count, record.recognised_count) == (0, 1)
    assert _roles(user) == {Role.MEMBER}
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.language, profile.visibility) == ("Nom Complet", "nl", Visibility.MEMBERS)
    assert _audit("created_from_register") == [
        (
            str(profile.pk),
            {
                "display_name": {"before": None, "after": "Nom Complet"},
                "language": {"before": None, "after": "nl"},
                "country": {"before": None, "after": ""},
            },
        )
    ]
    # It has no password yet: the invitation lets its owner choose one.
    assert [m.to for m in mailoutbox] == [["sans-profil@example.org"]]


def test_a_verified_extra_address_names_the_account_an_unverified_one_names_nobody(django_capture_on_commit_callbacks) -> None:
    proven = make_user("registered", email="lea@perso.example")
    EmailAddress.objects.create(user=proven, email="lea@coop.example", verified=True, primary=False)
    claimed = make_user("registered", email="intrus@perso.example")
    EmailAddress.objects.create(user=claimed, email="jan@coop.example", verified=False, primary=False)

    plan = plan_from(b"email,name\nlea@coop.example,Lea\njan@coop.example,Jan\n")
    with django_capture_on_commit_callbacks(execute=True):
        services.member_import(plan=plan, actor=None)

    assert [item.user.pk for item in plan.to_recognise] == [proven.pk]
    assert [row.email for row in plan.to_create] == ["jan@coop.example"]
    assert _roles(proven) == {Role.MEMBER}
    assert User.objects.get(pk=proven.pk).email == "lea@perso.example"  # its own address stays
    # Adding someone's address to one's account, unconfirmed, does not make one a member.
    assert _roles(claimed) == set()
    assert _roles(User.objects.get(email="jan@coop.example")) == {Role.MEMBER}


def test_nothing_is_granted_to_an_address_the_register_does_not_list(django_capture_on_commit_callbacks) -> None:
    outsider = make_user("registered", email="pas-au-registre@example.org")
    profile_before = Profile.objects.values().get(user=outsider)

    with django_capture_on_commit_callbacks(execute=True):
        record = services.member_import(plan=plan_from(b"email,name\nlea@example.org,Lea\n"), actor=None)

    assert (record.created_count, record.recognised_count) == (1, 0)
    assert _roles(outsider) == set()
    assert Profile.objects.values().get(user=outsider) == profile_before
    assert AuditEntry.objects.count() == 0
