"""Member import: read a CSV/XLSX export of the cooperative's register and check every row.

``plan_member_import`` only reads; it returns what would be created and updated, or every
row-level error. ``services.member_import`` applies a plan without errors in one transaction.
The columns are documented in the README ("Importing members").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from cairn.accounts.models import Country, Language, Office, Profile, Sector, User
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
class ImportPlan:
    to_create: list[MemberRow] = field(default_factory=list)
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

    existing = {
        p.user.email: p
        for p in Profile.objects.select_related("user").annotate(lemail=Lower("user__email")).filter(lemail__in=[r.email for r in parsed])
    }
    accounts_without_profile = set(
        User.objects.filter(email__in=[r.email for r in parsed], profile__isnull=True).values_list("email", flat=True)
    )
    for row in parsed:
        if row.email in accounts_without_profile:
            plan.errors.append(
                RowError(row.row, "email", _("Ce compte existe sans profil de sociétaire ; corrigez-le dans l’administration."))
            )
            continue
        profile = existing.get(row.email)
        if profile is None:
            plan.to_create.append(row)
        elif profile.user.anonymised_at is not None:
            plan.errors.append(RowError(row.row, "email", _("Ce compte a été supprimé à la demande de la personne.")))
        elif _profile_differs(profile, row):
            plan.to_update.append((row, profile))
        else:
            plan.unchanged += 1
    return plan
