"""The demo's state of play: the coordination team's analysis of each broad theme (French,
Dutch, English) and the published edition "État des lieux 2023", frozen at the end of the
2022–2023 interviews, so the demo shows an edition beside today's figures."""

from __future__ import annotations

import datetime

from cairn.accounts.models import Role, User
from cairn.core.seeding import SeedContext
from cairn.recommendations.models import ThemeCategory

EDITION_TITLE = "État des lieux 2023"
EDITION_AS_OF = datetime.date(2023, 6, 30)

#: slug → (fr, nl, en)
ANALYSES: dict[str, tuple[str, str, str]] = {
    "modele-economique": (
        "Le modèle économique est la grande thématique la plus avancée : la **mutualisation des frais de "
        "gestion** et la grille tarifaire progressive sont en place depuis 2021. Restent en suspens les "
        "recommandations qui demandaient une révision des statuts, reportées à l’assemblée générale de 2024.",
        "Het economisch model is het verst gevorderde hoofdthema: de **gedeelde beheerskosten** en het "
        "progressieve tarief bestaan sinds 2021. De aanbevelingen die een statutenwijziging vroegen, zijn "
        "uitgesteld tot de algemene vergadering van 2024.",
        "The economic model is the most advanced broad theme: **shared management costs** and the progressive "
        "fee scale have been in place since 2021. Recommendations that required amending the articles were "
        "postponed to the 2024 general assembly.",
    ),
    "gouvernance": (
        "La vie coopérative a beaucoup bougé : assemblées décentralisées, vote en ligne, rotation des mandats. "
        "Le tirage au sort d’une partie du conseil a été **rejeté** par le CA, qui s’en est expliqué aux "
        "sociétaires ; la formation des nouveaux administrateur·rices est en cours.",
        "Het coöperatieve leven is sterk veranderd: gedecentraliseerde vergaderingen, online stemmen, "
        "rotatie van mandaten. De loting van een deel van de raad werd door de raad van bestuur **verworpen**, "
        "met uitleg aan de vennoten; de opleiding van nieuwe bestuurders loopt.",
        "Cooperative life has changed a lot: decentralised assemblies, online voting, rotating mandates. "
        "Drawing part of the board by lot was **rejected** by the board, which explained why to members; "
        "training for new board members is under way.",
    ),
    "accompagnement": (
        "L’accompagnement des membres avance par les bureaux : permanences, parrainage entre sociétaires, "
        "ateliers de démarrage. Les recommandations qui supposaient des recrutements sont pour la plupart "
        "**non réalisées**, faute de budget.",
        "De begeleiding van de vennoten vordert via de kantoren: spreekuren, peterschap tussen vennoten, "
        "startworkshops. De aanbevelingen die aanwervingen vergden, zijn meestal **niet gerealiseerd**, "
        "bij gebrek aan budget.",
        "Member support moves forward through the offices: drop-in hours, member mentoring, starter "
        "workshops. Recommendations that needed new hires are mostly **not done**, for lack of budget.",
    ),
    "plaidoyer": (
        "Le plaidoyer s’est concentré sur le statut des travailleur·euses autonomes en Belgique et en France. "
        "Plusieurs recommandations sont portées par la direction des affaires publiques et restent **en cours**.",
        "De belangenbehartiging richtte zich op het statuut van zelfstandige werkers in België en Frankrijk. "
        "Verschillende aanbevelingen worden gedragen door de directie publieke zaken en zijn **lopend**.",
        "Advocacy focused on the status of self-employed workers in Belgium and France. Several "
        "recommendations are carried by the public affairs department and remain **in progress**.",
    ),
    "solidarite": (
        "La caisse de solidarité existe depuis 2022 ; son extension aux congés de maladie longue a été "
        "**reportée** le temps d’en mesurer le coût. Les groupes de travail demandent un point d’étape en 2024.",
        "Het solidariteitsfonds bestaat sinds 2022; de uitbreiding naar langdurig ziekteverlof werd "
        "**uitgesteld** om de kosten te meten. De werkgroepen vragen een tussentijdse stand in 2024.",
        "The solidarity fund has existed since 2022; extending it to long sick leave was **postponed** while "
        "its cost is measured. The working groups ask for a progress review in 2024.",
    ),
    "outils": (
        "Les outils numériques libres et la nouvelle plateforme de facturation sont **réalisés**. La "
        "traduction systématique des outils en néerlandais reste le principal chantier.",
        "De vrije digitale tools en het nieuwe facturatieplatform zijn **gerealiseerd**. De systematische "
        "vertaling van de tools naar het Nederlands blijft het belangrijkste werk.",
        "Free digital tools and the new invoicing platform are **done**. Systematically translating the "
        "tools into Dutch remains the main piece of work.",
    ),
}


def seed_reports(ctx: SeedContext) -> None:
    from cairn.reports.models import Edition
    from cairn.reports.services import category_analysis_update, edition_publish

    if Edition.objects.exists():
        return
    coordinator = User.objects.filter(groups__name=Role.COORDINATION).order_by("pk").first()
    for category in ThemeCategory.objects.order_by("position"):
        fr, nl, en = ANALYSES.get(
            category.slug,
            (
                f"Analyse de « {category.name_fr} » par l’équipe de coordination.",
                f"Analyse van « {category.name_nl or category.name_fr} » door het coördinatieteam.",
                "",
            ),
        )
        category_analysis_update(category=category, text_fr=fr, text_nl=nl, text_en=en, actor=coordinator)
    edition = edition_publish(
        title=EDITION_TITLE,
        as_of=EDITION_AS_OF,
        introduction="Publié aux sociétaires en juin 2023, après les entretiens menés de septembre 2022 à mai 2023.",
        actor=coordinator,
    )
    ctx.log(f"State of play: {len(ANALYSES)} analyses, edition « {edition.title} » ({edition.recommendations.count()} recommendations)")
