"""Demo stories: about thirty stories of what followed from the recommendations, most
published (some in Dutch only, some in French and Dutch, one in three languages), a few
drafts and stories in review. Written through the services, as the coordination team
would, so the audit trail and the workflow are the real ones; covers are PNGs drawn with
Pillow (``covers.py``: the broad theme's motif, drawn its own way for each story), each
with its alt text.

The same stories at every scale: the cooperative writes a few a year, whatever its size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from cairn.accounts.models import User
from cairn.core.seeding import SeedContext
from cairn.projects.models import Project, ProjectRecommendation
from cairn.recommendations.models import Recommendation, ThemeCategory
from cairn.stories import services
from cairn.stories.covers import cover_alt, cover_png
from cairn.stories.models import Story, StorySeries
from cairn.stories.services import VersionText

COORDINATOR = "coordination@demo.cairn.example"
DEPARTMENT_LEAD = "direction@demo.cairn.example"

SERIES = [
    ("un-an-apres", "Un an après l’état des lieux", "Een jaar na de stand van zaken", "One year after the state of play"),
    ("portraits", "Portraits de sociétaires", "Portretten van vennoten", "Member portraits"),
]


@dataclass(frozen=True)
class Spec:
    category: str
    fr: tuple[str, str] | None  # (title, lead)
    nl: tuple[str, str] | None = None
    en: tuple[str, str] | None = None
    series: str = ""
    state: str = "published"  # or "draft", "in_review"
    by_lead: bool = False


SPECS: list[Spec] = [
    Spec(
        "accompagnement",
        (
            "Un accueil des nouveaux sociétaires en trois rendez-vous",
            "Le groupe de Liège demandait qu’aucun nouveau sociétaire ne reste seul les premiers mois. Depuis 2022, trois rendez-vous l’accompagnent ; 1 200 personnes en ont profité.",
        ),
        (
            "Drie afspraken om nieuwe vennoten te verwelkomen",
            "De Luikse werkgroep vroeg dat geen enkele nieuwe vennoot de eerste maanden alleen zou staan. Sinds 2022 begeleiden drie afspraken hen; 1 200 mensen maakten er gebruik van.",
        ),
        series="un-an-apres",
    ),
    Spec(
        "modele-economique",
        (
            "La contribution solidaire expliquée en une page",
            "Une recommandation de 2019 demandait de rendre lisible le calcul de la contribution. La direction financière a réécrit la fiche avec des sociétaires ; voici ce qui a changé.",
        ),
        series="un-an-apres",
    ),
    Spec(
        "outils",
        (
            "Le nouvel espace en ligne, testé par trente sociétaires",
            "Avant de remplacer l’ancien portail, l’équipe numérique a invité trente sociétaires à le tester pendant six semaines. Leurs retours ont changé la page d’accueil et la facturation.",
        ),
        (
            "Het nieuwe online platform, getest door dertig vennoten",
            "Voor het oude portaal verdween, testten dertig vennoten het nieuwe zes weken lang. Hun opmerkingen veranderden de startpagina en de facturatie.",
        ),
    ),
    Spec(
        "solidarite",
        (
            "Le fonds de solidarité a dix ans",
            "Né d’une recommandation du premier cycle, le fonds a aidé 640 sociétaires à traverser un mois difficile. Retour sur ce qu’il finance, et sur ce qu’il ne finance pas.",
        ),
        series="un-an-apres",
    ),
    Spec(
        "gouvernance",
        (
            "Comment l’assemblée générale vote désormais les thématiques",
            "Les groupes de 2017 voulaient comprendre d’où viennent les thématiques. Depuis, chaque proposition est présentée en ligne un mois avant l’AG, avec ses porteurs.",
        ),
        (
            "Hoe de algemene vergadering voortaan de thema’s kiest",
            "De werkgroepen van 2017 wilden weten waar de thema’s vandaan komen. Sindsdien wordt elk voorstel een maand voor de AV online voorgesteld, met wie het draagt.",
        ),
    ),
    Spec(
        "plaidoyer",
        (
            "Statut des indépendants : ce que la coopérative a porté au Parlement",
            "Trois recommandations demandaient de faire entendre la voix des sociétaires. Récit d’une année de plaidoyer, des premières auditions à la note remise en commission.",
        ),
        series="un-an-apres",
    ),
    Spec(
        "accompagnement",
        (
            "Portrait : Aïcha, graphiste à Bruxelles, animatrice d’un groupe",
            "Elle a rejoint la coopérative en 2018 et anime depuis deux cycles un groupe sur l’accompagnement. Ce qu’elle en retient, et ce qu’elle aimerait voir changer.",
        ),
        series="portraits",
    ),
    Spec(
        "outils",
        None,
        (
            "Digitale afterworks: een jaar ontmoetingen in Gent",
            "Elke eerste donderdag van de maand komen vennoten uit de digitale sector samen in Gent. Een experiment dat begon met een aanbeveling over netwerken.",
        ),
        series="",
        by_lead=True,
    ),
    Spec(
        "modele-economique",
        (
            "Mutualiser les assurances : où en est-on ?",
            "La recommandation est en cours depuis 2021. Deux assureurs ont répondu à l’appel d’offres ; la direction juridique raconte ce qui bloque encore.",
        ),
    ),
    Spec(
        "solidarite",
        None,
        (
            "Een vervangingsfonds bij ziekte, stap voor stap",
            "De werkgroep van Antwerpen stelde een fonds voor dat inkomen vervangt bij ziekte. Het project staat nog in de startblokken: dit is waar het op wacht.",
        ),
    ),
    Spec(
        "gouvernance",
        (
            "Les secrétaires des groupes de travail, ces piliers discrets",
            "Sans leurs notes, pas de recommandations. Rencontre avec quatre secrétaires de groupes, de Mons à Lyon, et les outils qu’ils ont demandés.",
        ),
        series="portraits",
    ),
    Spec(
        "accompagnement",
        (
            "Un parrainage entre sociétaires, expérimenté à Lyon",
            "Une expérimentation menée par huit sociétaires : chaque nouveau venu rencontre un parrain ou une marraine de son secteur. Premier bilan après six mois.",
        ),
    ),
    Spec(
        "outils",
        (
            "Facturer en un clic depuis son téléphone",
            "Une des recommandations les plus votées de 2020. L’application est sortie au printemps ; voici les chiffres des premiers mois et ce qui reste à faire.",
        ),
        (
            "Factureren met één klik vanaf je telefoon",
            "Een van de meest gesteunde aanbevelingen van 2020. De app verscheen in de lente; dit zijn de cijfers van de eerste maanden en wat nog moet gebeuren.",
        ),
        (
            "Invoicing in one click from your phone",
            "One of the most supported recommendations of 2020. The app came out in spring; here are the first months’ figures and what is still to do.",
        ),
    ),
    Spec(
        "plaidoyer",
        None,
        (
            "Vennoten aan het woord in de Kamercommissie",
            "Twee vennoten getuigden in de commissie Sociale Zaken over de onzekerheid van freelancers. Een verslag van een lange voorbereiding.",
        ),
        by_lead=True,
    ),
    Spec(
        "modele-economique",
        (
            "Pourquoi la cotisation n’a pas baissé en 2024",
            "Une recommandation demandait une baisse de la cotisation. Le conseil d’administration l’a reportée, avec une justification publique que nous détaillons ici.",
        ),
        series="un-an-apres",
    ),
    Spec(
        "solidarite",
        (
            "Congé parental : un complément pour les sociétaires",
            "Le complément existe depuis janvier. Comment il est calculé, qui peut le demander, et ce que les premières familles en disent.",
        ),
        (
            "Ouderschapsverlof: een aanvulling voor vennoten",
            "De aanvulling bestaat sinds januari. Hoe ze berekend wordt, wie ze kan aanvragen en wat de eerste gezinnen erover zeggen.",
        ),
    ),
    Spec(
        "gouvernance",
        (
            "Le hackathon de Namur, de la question à la réponse",
            "Quarante personnes, deux jours, une question issue des recommandations : comment rendre la vie coopérative visible aux nouveaux sociétaires ? Trois équipes, une réponse retenue.",
        ),
    ),
    Spec(
        "accompagnement",
        None,
        (
            "Portret: Pieter, fotograaf in Brugge",
            "Pieter is vennoot sinds 2016 en nam deel aan drie werkgroepen. Hij vertelt wat hij zag veranderen, en wat niet.",
        ),
        series="portraits",
    ),
    Spec(
        "outils",
        (
            "Un annuaire des compétences pour trouver un coéquipier",
            "Les groupes de 2019 voulaient que les sociétaires se trouvent entre eux. L’annuaire existe : 4 000 profils publics, et des équipes formées pour des projets communs.",
        ),
    ),
    Spec(
        "plaidoyer",
        (
            "Droits d’auteur : la coopérative rejoint une coalition européenne",
            "Une recommandation de 2021 demandait d’agir au niveau européen. Récit d’une adhésion et des premières actions communes.",
        ),
    ),
    Spec(
        "modele-economique",
        (
            "Les réserves de la coopérative, expliquées aux sociétaires",
            "À quoi servent-elles, combien y a-t-il, qui décide de leur usage ? Un atelier à Lille a posé ces questions ; la direction financière y répond.",
        ),
    ),
    Spec(
        "solidarite",
        None,
        (
            "Een solidariteitskas voor kleine tegenslagen",
            "Een experiment in Leuven: vennoten leggen samen een kleine kas aan voor onverwachte uitgaven. Na een jaar de eerste balans.",
        ),
    ),
    Spec(
        "gouvernance",
        (
            "Petits-déjeuners de travail à Charleroi : le bilan",
            "Un mardi par mois depuis septembre, des sociétaires se retrouvent avant le travail. Une expérimentation née d’une recommandation sur la vie locale.",
        ),
        (
            "Werkontbijten in Charleroi: de balans",
            "Elke maand op dinsdag ontmoeten vennoten elkaar voor het werk. Een experiment dat ontstond uit een aanbeveling over lokaal leven.",
        ),
    ),
    Spec(
        "accompagnement",
        (
            "Des permanences juridiques dans chaque bureau",
            "La recommandation date de 2016 ; elle est réalisée depuis 2023. Comment elles fonctionnent, et pourquoi il a fallu sept ans.",
        ),
        series="un-an-apres",
    ),
    Spec(
        "outils",
        (
            "Le tableau de bord des recommandations, ouvert à tous",
            "Ce site même est né d’une recommandation : voir, preuves à l’appui, ce que chaque recommandation est devenue. Comment il a été construit avec les sociétaires.",
        ),
    ),
    # Not published yet: drafts and stories in review (visible only to the staff).
    Spec(
        "solidarite",
        (
            "Brouillon : la mutuelle complémentaire, premiers échanges",
            "Un récit en cours d’écriture sur les premières discussions avec deux mutuelles.",
        ),
        state="draft",
    ),
    Spec(
        "plaidoyer",
        (
            "Brouillon : la TVA des artistes, un dossier ouvert",
            "Notes pour un récit à venir sur le dossier TVA porté avec d’autres coopératives.",
        ),
        state="draft",
        by_lead=True,
    ),
    Spec(
        "outils",
        None,
        ("Concept: de nieuwe agenda voor evenementen", "Een verhaal in wording over de agenda die workshops en meetups samenbrengt."),
        state="draft",
    ),
    Spec(
        "modele-economique",
        ("En relecture : le bilan financier de l’état des lieux", "Combien a coûté l’état des lieux, et ce qu’il a rapporté en décisions."),
        state="in_review",
        by_lead=True,
    ),
    Spec(
        "gouvernance",
        ("En relecture : les nouveaux statuts expliqués", "Ce qui change dans les statuts votés en juin, article par article."),
        (
            "Ter nalezing: de nieuwe statuten uitgelegd",
            "Wat er verandert in de statuten die in juni werden goedgekeurd, artikel per artikel.",
        ),
        state="in_review",
    ),
]

BODY_FR = """## D’où vient ce projet

{lead}

La recommandation a été écrite par un groupe de travail, discutée avec les sociétaires, puis remise au conseil d’administration. Elle figure dans le registre avec son état d’avancement et ses preuves.

## Ce qui a été fait

- des entretiens avec la direction concernée et les personnes qui portent le projet ;
- un premier essai dans un bureau, puis l’extension aux autres ;
- un point d’étape présenté lors d’un atelier de l’état des lieux.

## Et maintenant ?

Tout n’est pas fini : le récit sera complété au prochain point d’étape. Les questions peuvent être posées à l’équipe de coordination.
"""

BODY_NL = """## Waar dit project vandaan komt

{lead}

De aanbeveling werd geschreven door een werkgroep, besproken met de vennoten en daarna aan de raad van bestuur overgemaakt. Ze staat in het register, met haar stand van zaken en de bewijzen.

## Wat er gebeurde

- gesprekken met de betrokken directie en met wie het project draagt;
- een eerste test in één kantoor, daarna in de andere;
- een tussentijdse stand van zaken, voorgesteld op een workshop.

## En nu?

Het is nog niet af: dit verhaal wordt aangevuld bij de volgende stand van zaken. Vragen kunnen aan het coördinatieteam gesteld worden.
"""

BODY_EN = """## Where this project comes from

{lead}

A working group wrote the recommendation, discussed it with members, then handed it to the board. It is in the registry with its status and evidence.

## What was done

- interviews with the department and the people carrying the project;
- a first trial in one office, then in the others;
- a progress report presented at a state-of-play workshop.

## What next?

It is not finished: this story will be completed at the next progress report.
"""


def seed_stories(ctx: SeedContext) -> None:
    users = {u.email: u for u in User.objects.filter(email__in=[COORDINATOR, DEPARTMENT_LEAD])}
    coordinator, lead = users.get(COORDINATOR), users.get(DEPARTMENT_LEAD)
    categories = {c.slug: c for c in ThemeCategory.objects.all()}
    series = {}
    for slug, fr, nl, en in SERIES:
        series[slug], _created = StorySeries.objects.get_or_create(slug=slug, defaults={"name_fr": fr, "name_nl": nl, "name_en": en})
    public = Recommendation.objects.public()
    by_category: dict[int | None, list[int]] = {}
    for pk, category_id in public.order_by("pk").values_list("pk", "theme__category_id"):
        by_category.setdefault(category_id, []).append(pk)
    # The public projects answering each recommendation (seeded before: projects' order 30).
    answered_by: dict[int, list[int]] = {}
    for rec_id, project_id in (
        ProjectRecommendation.objects.filter(project__in=Project.objects.public())
        .order_by("pk")
        .values_list("recommendation_id", "project_id")
    ):
        answered_by.setdefault(rec_id, []).append(project_id)
    rng = ctx.rng
    start = datetime.datetime(2023, 9, 4, 9, 30, tzinfo=datetime.UTC)
    published = drafts = 0
    for index, spec in enumerate(SPECS):
        category = categories.get(spec.category)
        versions: dict[str, VersionText] = {}
        for language, text, body in (("fr", spec.fr, BODY_FR), ("nl", spec.nl, BODY_NL), ("en", spec.en, BODY_EN)):
            if text is not None:
                versions[language] = VersionText(
                    title=text[0], lead=text[1], body=body.format(lead=text[1]), cover_alt=cover_alt(spec.category, language)
                )
        # The category's recommendations; any public one when the scale seeded none there.
        candidates = by_category.get(category.pk if category else None) or [pk for pks in by_category.values() for pk in pks]
        chosen = rng.sample(candidates, min(len(candidates), rng.randint(1, 3)))
        # Most stories tell of a project: then one of their recommendations is one it answers.
        told = [pk for pk in candidates if pk in answered_by]
        if chosen and told and index % 4 != 3 and not any(pk in answered_by for pk in chosen):
            chosen[0] = rng.choice([pk for pk in told if pk not in chosen])
        linked: list[Recommendation] = list(Recommendation.objects.filter(pk__in=chosen))
        carrying = sorted({pk for rec in linked for pk in answered_by.get(rec.pk, [])})
        projects = rng.sample(carrying, min(len(carrying), 2)) if carrying and index % 4 != 3 else []
        author = lead if spec.by_lead and lead else coordinator
        story = services.story_create(
            actor=author,
            versions=versions,
            cover_image=SimpleUploadedFile(f"cover-{index}.png", cover_png(spec.category, index), content_type="image/png"),
            series=series.get(spec.series),
            categories=[category] if category else [],
            recommendations=list(linked),
            projects=Project.objects.filter(pk__in=projects),
        )
        if spec.state in {"in_review", "published"}:
            story = services.story_submit(actor=author, story=story)
        if spec.state == "published":
            # About three weeks apart, oldest first, so the list spans 2023 to 2025.
            when = start + datetime.timedelta(days=index * 24, hours=rng.randint(0, 8))
            services.story_publish(actor=coordinator, story=story, published_at=when)
            published += 1
        else:
            drafts += 1
    linked_to_projects = Story.objects.filter(projects__isnull=False).distinct().count()
    ctx.log(f"{published} published stories, {drafts} drafts or in review, {len(series)} series, {linked_to_projects} about projects")
