"""Member import: read a CSV/XLSX export of the cooperative's register and check every row.

``plan_member_import`` only reads; it returns what would be created, recognised and updated,
or every row-level error. ``services.member_import`` applies a plan without errors in one
transaction. The columns are documented in the README ("Importing members").

The register is what makes a member. A row whose e-mail is an existing account's address
(its own, or another address its owner verified; case is ignored) is that account: one
that holds the member role has its profile updated; one that does not — someone who signed
up before the register listed them — is *recognised*: it gets the member role and its
profile from the row. Nothing is granted to an address the register does not list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from cairn.accounts.models import Country, Language, Office, Profile, Role, Sector, User
from cairn.core.tabular import Table, normalise_header
from cairn.core.validators import validate_single_line

COLUMNS = ["email", "name", "language", "country", "office", "sector"]
REQUIRED = ["email", "name"]
ALIASES = {
    normalise_header(alias): key
    for key, names in {
        "email": ["email", "e-mail", "courriel", "adresse e-mail", "e-mailadres"],
        "name": ["name", "nom", "naam", "display name", "nom affiché"],
        "language": ["language", "langue", "taal"],
        "country": ["country", "pays", "land"],
        "office": ["office", "bureau", "kantoor", "agence"],
        "sector": ["sector", "secteur"],
    }.items()
    for alias in names
}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class MemberRow:
    row: int
    email: str
    name: str
    language: str
    country: str
    office_id: int | None
    sector_id: int | None


@dataclass
class Recognition:
    """An existing account the register lists that is not a member yet (it signed up, or
    was made by hand): the import gives it the member role and its profile from the row
    (``profile`` is None when the account has none yet, as ``createsuperuser`` makes them;
    ``is_member`` is true only for a member account that lacks its profile)."""

    row: MemberRow
    user: User
    profile: Profile | None
    is_member: bool = False


@dataclass
class ImportPlan:
    to_create: list[MemberRow] = field(default_factory=list)
    to_recognise: list[Recognition] = field(default_factory=list)
    to_update: list[tuple[MemberRow, Profile]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _profile_differs(profile: Profile, row: MemberRow) -> bool:
    return (profile.display_name, profile.language, profile.country, profile.office_id, profile.sector_id) != (
        row.name,
        row.language,
        row.country,
        row.office_id,
        row.sector_id,
    )


def plan_member_import(table: Table) -> ImportPlan:
    plan = ImportPlan()
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        plan.errors.append(
            RowError(1, ", ".join(missing), _("Colonne obligatoire absente de l’en-tête : %(columns)s.") % {"columns": ", ".join(missing)})
        )
        return plan
    if not table.rows:
        plan.errors.append(RowError(1, "", _("Le fichier ne contient aucune ligne de sociétaire.")))
        return plan

    offices = {o.name.lower(): o.pk for o in Office.objects.all()}
    offices.update({o.city.lower(): o.pk for o in Office.objects.all() if o.city.lower() not in offices})
    sectors: dict[str, int] = {}
    for s in Sector.objects.all():
        for name in (s.slug, s.name_fr, s.name_nl, s.name_en):
            if name:
                sectors.setdefault(name.lower(), s.pk)
    languages = {code: code for code in Language.values}
    countries = {code.lower(): code for code in Country.values}

    seen: dict[str, int] = {}
    parsed: list[MemberRow] = []
    for number, values in table.rows:
        row_errors: list[RowError] = []
        email = values.get("email", "").strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            row_errors.append(RowError(number, "email", _("Adresse e-mail invalide : « %(value)s ».") % {"value": email}))
        if email in seen:
            row_errors.append(RowError(number, "email", _("Adresse déjà présente à la ligne %(row)s du fichier.") % {"row": seen[email]}))
        name = " ".join(values.get("name", "").split())
        if not name:
            row_errors.append(RowError(number, "name", _("Le nom est obligatoire.")))
        elif len(name) > 80:
            row_errors.append(RowError(number, "name", _("Le nom dépasse 80 caractères.")))
        else:
            try:
                validate_single_line(name)
            except ValidationError as exc:
                row_errors.append(RowError(number, "name", " ".join(exc.messages)))
        language_value = values.get("language", "").strip().lower() or "fr"
        language = languages.get(language_value[:2], "")
        if not language:
            row_errors.append(RowError(number, "language", _("Langue inconnue « %(value)s » : fr, nl ou en.") % {"value": language_value}))
        country_value = values.get("country", "").strip()
        country = countries.get(country_value.lower(), "") if country_value else ""
        if country_value and not country:
            row_errors.append(RowError(number, "country", _("Pays inconnu « %(value)s » : BE ou FR.") % {"value": country_value}))
        office_value = values.get("office", "").strip()
        office_id = offices.get(office_value.lower()) if office_value else None
        if office_value and office_id is None:
            row_errors.append(RowError(number, "office", _("Bureau inconnu « %(value)s ».") % {"value": office_value}))
        sector_value = values.get("sector", "").strip()
        sector_id = sectors.get(sector_value.lower()) if sector_value else None
        if sector_value and sector_id is None:
            row_errors.append(RowError(number, "sector", _("Secteur inconnu « %(value)s ».") % {"value": sector_value}))
        if row_errors:
            plan.errors.extend(row_errors)
        else:
            parsed.append(MemberRow(number, email, name, language, country, office_id, sector_id))
        if email and email not in seen:
            seen[email] = number

    if plan.errors:
        return plan

    accounts, members = _accounts_by_address([r.email for r in parsed])
    taken: dict[int, int] = {}  # account id → the row that named it
    for row in parsed:
        user = accounts.get(row.email)
        if user is None:
            plan.to_create.append(row)
            continue
        if user.anonymised_at is not None:
            plan.errors.append(RowError(row.row, "email", _("Ce compte a été supprimé à la demande de la personne.")))
            continue
        if user.pk in taken:
            plan.errors.append(
                RowError(
                    row.row,
                    "email",
                    _("Cette adresse et celle de la ligne %(row)s sont deux adresses du même compte.") % {"row": taken[user.pk]},
                )
            )
            continue
        taken[user.pk] = row.row
        profile = getattr(user, "profile", None)
        if user.pk not in members or profile is None:
            plan.to_recognise.append(Recognition(row, user, profile, is_member=user.pk in members))
        elif _profile_differs(profile, row):
            plan.to_update.append((row, profile))
        else:
            plan.unchanged += 1
    return plan


def _accounts_by_address(emails: list[str]) -> tuple[dict[str, User], set[int]]:
    """The existing accounts these (lower-case) addresses name, with their profile, and the
    ids of those that hold the member role. An address names an account when it is the
    account's own (stored in lower case) or another address its owner verified; an
    unverified extra address names nobody: adding someone else's address to one's account
    must not make one a member. Four queries at most."""
    found = {user.email: user for user in User.objects.filter(email__in=emails).select_related("profile")}
    others = dict(
        EmailAddress.objects.filter(verified=True)
        .annotate(lemail=Lower("email"))
        .filter(lemail__in=[email for email in emails if email not in found])
        .values_list("lemail", "user_id")
    )
    if others:
        by_id = User.objects.select_related("profile").in_bulk(set(others.values()))
        found.update({email: by_id[user_id] for email, user_id in others.items()})
    members = set(
        User.groups.through.objects.filter(user_id__in={user.pk for user in found.values()}, group__name=Role.MEMBER).values_list(
            "user_id", flat=True
        )
    )
    return found, members
