"""What the demo registry says: cycles, themes, and recommendations written like the real ones.

Kept apart from ``seed.py`` so that the generator reads as code and this file as text. The
recommendations of each broad theme are written in a small line format, parsed once:

    § Section                       a section of the recommendations document
    Title :: text :: fin smb        a recommendation, with the codes of its departments
    nl: Titel :: tekst              the same in Dutch, as a Flemish group wrote it
    - sub-item                      a numbered sub-item of the recommendation above
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Written:
    """One recommendation as a working group wrote it, before it is numbered in a document."""

    category: str
    key: int
    section: str
    title: str
    text: str
    departments: tuple[str, ...]
    title_nl: str = ""
    text_nl: str = ""
    sub_items: tuple[str, ...] = field(default=())


# (slug, fr, nl, en)
CATEGORIES = [
    ("modele-economique", "Modèle économique", "Economisch model", "Economic model"),
    ("gouvernance", "Gouvernance et vie coopérative", "Bestuur en coöperatief leven", "Governance and cooperative life"),
    ("accompagnement", "Accompagnement des membres", "Begeleiding van de vennoten", "Member support"),
    ("plaidoyer", "Plaidoyer", "Belangenbehartiging", "Advocacy"),
    ("solidarite", "Solidarité et protection sociale", "Solidariteit en sociale bescherming", "Solidarity and social protection"),
    ("outils", "Outils et numérique", "Tools en digitalisering", "Tools and digital"),
]

# (code, name, country, AG vote / start, end, description)
CYCLES = [
    (
        "2015-16",
        "2015-2016",
        "BE",
        (2015, 6, 20),
        (2016, 6, 18),
        "Le premier cycle du processus participatif, en Belgique : quatre thématiques votées par "
        "l’assemblée générale de juin 2015, des groupes de travail dans sept villes.",
    ),
    (
        "2016-17",
        "2016-2017",
        "FR",
        (2016, 6, 11),
        (2017, 6, 17),
        "Le premier cycle en France, un an après la Belgique ; les sociétaires français reprennent la "
        "question de la vie coopérative et ouvrent celle de la protection sociale.",
    ),
    (
        "2017-18",
        "2017-2018",
        "BE",
        (2017, 6, 17),
        (2018, 6, 16),
        "Deuxième cycle belge : la contribution des membres, la solidarité et le plaidoyer pour les métiers créatifs.",
    ),
    (
        "2019-20",
        "2019-2020",
        "BE",
        (2019, 6, 15),
        (2020, 6, 20),
        "Après une année de pause, le processus reprend autour de l’accueil des nouveaux membres et de la vie "
        "des bureaux. Les dernières réunions se sont tenues en visioconférence.",
    ),
    (
        "2020-21",
        "2020-2021",
        "BI",
        (2020, 6, 27),
        (2021, 6, 26),
        "Le premier cycle binational, mené entièrement en ligne pendant la crise sanitaire : "
        "des groupes belges et français sur les mêmes thématiques, des documents fusionnés.",
    ),
]

# (cycle, code, title, category, prolongs "cycle/code" or "", the question the groups worked on,
#  groups as "name|languages", the name listing the group's offices separated by "–")
THEMES = [
    (
        "2015-16",
        "ECO",
        "Un modèle économique juste et durable",
        "modele-economique",
        "",
        "comment financer la coopérative sans peser d’abord sur les plus petits revenus",
        ["Bruxelles|fr", "Liège|fr"],
    ),
    (
        "2015-16",
        "GOU",
        "La place des sociétaires dans les décisions",
        "gouvernance",
        "",
        "comment chaque sociétaire peut peser sur les choix de la coopérative",
        ["Bruxelles|fr,nl", "Gent|nl"],
    ),
    (
        "2015-16",
        "ACC",
        "Accompagner les membres tout au long de leur parcours",
        "accompagnement",
        "",
        "ce dont un membre a besoin, de son premier contrat à son centième",
        ["Charleroi–Mons–Eupen–Louvain-la-Neuve|fr"],
    ),
    (
        "2015-16",
        "OUT",
        "Des outils partagés pour travailler ensemble",
        "outils",
        "",
        "quels outils la coopérative doit offrir à ses membres, et comment les construire avec eux",
        ["Bruxelles|fr,nl", "Antwerpen|nl"],
    ),
    (
        "2016-17",
        "PRO",
        "Protection sociale des travailleurs autonomes",
        "solidarite",
        "",
        "comment protéger celles et ceux dont les revenus sont irréguliers",
        ["Paris|fr", "Lyon|fr"],
    ),
    (
        "2016-17",
        "VIE",
        "Vie coopérative et participation en France",
        "gouvernance",
        "2015-16/GOU",
        "comment faire vivre la coopérative entre des sociétaires dispersés sur tout le territoire",
        ["Lille|fr", "Nantes|fr"],
    ),
    (
        "2016-17",
        "PLA",
        "Faire reconnaître l’entrepreneuriat salarié",
        "plaidoyer",
        "",
        "comment faire connaître et reconnaître le statut des entrepreneur·es salarié·es",
        ["Paris|fr", "Marseille–Bordeaux–Toulouse|fr"],
    ),
    (
        "2017-18",
        "ECO",
        "Contribution et mutualisation : qui paie quoi ?",
        "modele-economique",
        "2015-16/ECO",
        "comment répartir équitablement le coût des services mutualisés",
        ["Bruxelles|fr", "Namur–Liège|fr"],
    ),
    (
        "2017-18",
        "SOL",
        "Fonds de solidarité et coups durs",
        "solidarite",
        "",
        "comment la coopérative peut tenir ses membres debout quand tout s’arrête",
        ["Gent–Antwerpen|nl", "Charleroi–Mons|fr"],
    ),
    (
        "2017-18",
        "PLA",
        "Plaidoyer pour les métiers créatifs",
        "plaidoyer",
        "",
        "quels messages porter auprès des pouvoirs publics pour les métiers artistiques et créatifs",
        ["Bruxelles|fr,nl"],
    ),
    (
        "2017-18",
        "NUM",
        "La plateforme numérique des membres",
        "outils",
        "2015-16/OUT",
        "ce que la plateforme en ligne doit permettre, et ce qu’elle ne doit jamais faire",
        ["Leuven|nl", "Louvain-la-Neuve|fr"],
    ),
    (
        "2019-20",
        "ACC",
        "Accueil et intégration des nouveaux membres",
        "accompagnement",
        "2015-16/ACC",
        "comment un nouveau membre trouve sa place dans la coopérative pendant sa première année",
        ["Bruxelles|fr", "Liège|fr", "Gent|nl"],
    ),
    (
        "2019-20",
        "TER",
        "Ancrage local et vie des bureaux",
        "gouvernance",
        "",
        "ce qui fait d’un bureau un lieu de vie pour les sociétaires de sa région",
        ["Charleroi–Mons–Eupen–Louvain-la-Neuve|fr", "Antwerpen|nl"],
    ),
    (
        "2019-20",
        "TAR",
        "Tarification et transparence des coûts",
        "modele-economique",
        "",
        "comment rendre lisible ce que paie chaque membre et ce qu’il reçoit en retour",
        ["Bruxelles|fr,nl"],
    ),
    (
        "2020-21",
        "CRI",
        "Traverser la crise : solidarité et revenus",
        "solidarite",
        "2017-18/SOL",
        "comment la coopérative soutient ses membres privés de travail par la crise sanitaire",
        ["Bruxelles|fr", "Paris|fr", "Gent|nl"],
    ),
    (
        "2020-21",
        "GOU",
        "Une gouvernance partagée entre la Belgique et la France",
        "gouvernance",
        "2016-17/VIE",
        "comment deux pays décident ensemble sans que l’un parle pour l’autre",
        ["Bruxelles–Lille|fr", "Lyon|fr"],
    ),
    (
        "2020-21",
        "PLA",
        "Plaidoyer européen pour les travailleurs autonomes",
        "plaidoyer",
        "2017-18/PLA",
        "quelles alliances nouer en Europe pour les droits des travailleurs autonomes",
        ["Bruxelles–Paris|fr"],
    ),
    (
        "2020-21",
        "DON",
        "Outils numériques et données des membres",
        "outils",
        "2017-18/NUM",
        "comment les outils en ligne servent les membres sans exploiter leurs données",
        ["Antwerpen–Leuven|nl", "Nantes|fr"],
    ),
]

#: Themes whose groups wrote only lines of thought, not formal recommendations.
LINES_OF_THOUGHT_ONLY = {"2016-17/VIE"}

_BANK = {
    "modele-economique": """
§ Modèle économique
Rendre la contribution dégressive :: Le pourcentage prélevé sur le chiffre d’affaires diminue par paliers au-delà d’un certain volume d’activité, pour que la contribution reste supportable pour les petites activités comme pour les plus grandes. :: fin dg
nl: De bijdrage degressief maken :: Het percentage op de omzet daalt in schijven boven een bepaald activiteitsvolume, zodat de bijdrage haalbaar blijft voor kleine én grote activiteiten.
- Simuler l’effet de trois grilles sur les revenus de 2015
- Présenter les simulations à l’assemblée générale avant tout vote
Plafonner la contribution annuelle :: Au-delà d’un plafond annuel à définir, les membres ne contribuent plus qu’aux frais réels de gestion de leurs contrats. :: fin
Créer une contribution minimale forfaitaire pour les activités dormantes :: Un membre sans activité pendant douze mois garde ses droits contre un petit forfait annuel, plutôt que de perdre son historique. :: fin smb
Diversifier les ressources de la coopérative :: La coopérative cherche des ressources autres que la contribution des membres : subsides, prestations pour des tiers, partenariats, pour réduire sa dépendance au chiffre d’affaires des membres. :: dg fin
- Étudier les subsides européens accessibles aux coopératives
- Proposer des formations payantes à des organisations extérieures
Constituer une réserve de trésorerie de six mois :: La coopérative constitue progressivement une réserve couvrant six mois de charges fixes, pour ne plus devoir réduire ses services au premier coup dur. :: fin dg
Mutualiser les achats des membres :: Des achats groupés (assurances, matériel, logiciels) sont négociés par la coopérative et proposés aux membres qui le souhaitent. :: prod fin
nl: Aankopen van de vennoten bundelen :: De coöperatie onderhandelt groepsaankopen (verzekeringen, materiaal, software) en biedt ze aan de vennoten die dat willen.
Rémunérer les membres qui contribuent au fonctionnement de la coopérative :: Le temps passé par des sociétaires dans les groupes, les formations entre pairs ou l’accueil des nouveaux est reconnu, au moins par une réduction de contribution. :: fin vie
§ Contribution et tarification
Publier une grille tarifaire unique et lisible :: Tous les frais facturés aux membres figurent sur une seule page, avec des exemples chiffrés pour les cas les plus courants. :: fin com
nl: Eén duidelijke tarieflijst publiceren :: Alle kosten die aan de vennoten worden aangerekend staan op één pagina, met rekenvoorbeelden voor de meest voorkomende gevallen.
Supprimer les frais de dossier pour les premiers contrats :: Les trois premiers contrats d’un nouveau membre ne sont pas soumis aux frais de dossier, pour ne pas décourager le démarrage d’une activité. :: fin smb
Moduler la contribution selon le secteur :: Les secteurs à faible marge (spectacle, artisanat) bénéficient d’un taux adapté, financé par une solidarité entre secteurs. :: fin dg
- Objectiver les marges par secteur à partir des comptes de trois années
- Revoir le taux tous les trois ans
Facturer les services à l’usage plutôt qu’au pourcentage :: Les services ponctuels (recouvrement, conseil juridique approfondi) sont facturés à l’acte, à un prix connu d’avance. :: fin jur
Offrir un mois de contribution aux membres en congé parental :: Pendant un congé parental, la contribution minimale est suspendue sans perte de droits. :: fin rh
Geler les tarifs pendant la durée d’un cycle :: Aucun tarif ne change entre deux assemblées générales, sauf décision motivée du conseil d’administration. :: fin dg
§ Transparence financière
Publier chaque année l’usage de la contribution :: Un document simple montre à quoi a servi chaque euro de contribution : services, personnel, bâtiments, fonds de solidarité, réserves. :: fin com
nl: Jaarlijks tonen waaraan de bijdrage besteed wordt :: Een eenvoudig document toont waaraan elke euro bijdrage besteed werd: diensten, personeel, gebouwen, solidariteitsfonds, reserves.
- Une infographie dans la lettre aux sociétaires
- Le détail par bureau, sur demande
Présenter les comptes en assemblée générale avec un langage accessible :: Les comptes sont expliqués par un membre de la direction financière avec des mots que tout le monde comprend, questions comprises. :: fin vie
Donner à chaque membre un relevé annuel de ce qu’il a payé :: Chaque membre reçoit en janvier le total de ce qu’il a versé à la coopérative l’année précédente, poste par poste. :: fin it
nl: Elke vennoot een jaaroverzicht geven :: Elke vennoot krijgt in januari het totaal van wat hij of zij het jaar voordien aan de coöperatie betaalde, post per post.
Ouvrir un comité budgétaire aux sociétaires :: Des sociétaires tirés au sort participent à la préparation du budget annuel aux côtés de la direction financière. :: fin vie dg
Comparer nos coûts à ceux d’autres coopératives :: Une étude compare chaque année nos frais de gestion à ceux de coopératives comparables en Belgique et en France. :: fin
Expliquer les écarts entre le budget et les comptes :: Quand les comptes s’écartent du budget de plus de cinq pour cent, la coopérative explique pourquoi et ce qu’elle en tire. :: fin com
Rendre publique la grille des salaires du personnel :: La grille salariale de l’équipe permanente est publiée, avec l’écart entre le plus haut et le plus bas salaire. :: rh fin
Étudier une monnaie interne entre membres :: Les membres pourraient échanger des services entre eux dans une unité de compte interne, sans passer par la facturation classique. :: fin jur
Associer les membres aux investissements importants :: Tout investissement de plus de 100 000 euros est présenté aux sociétaires avant décision, avec ses alternatives. :: dg fin
§ Modèle économique
Ouvrir le capital à des investisseurs solidaires :: Des parts sans droit de vote peuvent être proposées à des investisseurs de l’économie sociale, sans changer l’équilibre des voix des sociétaires. :: dg fin jur
Réinvestir une part des excédents dans les services aux membres :: Une part fixe des excédents annuels finance de nouveaux services décidés avec les sociétaires. :: fin smb
nl: Een deel van de overschotten herinvesteren in de dienstverlening :: Een vast deel van de jaarlijkse overschotten financiert nieuwe diensten, beslist samen met de vennoten.
Développer des activités collectives portées par la coopérative :: La coopérative porte elle-même des projets collectifs (festivals, ateliers partagés) qui font travailler plusieurs membres. :: dg prod
- Lancer un premier projet pilote dans un bureau volontaire
- Évaluer l’équilibre financier après deux ans
Rémunérer le capital des sociétaires de manière limitée :: Les parts sociales reçoivent un intérêt modeste et plafonné, pour encourager la souscription sans spéculation. :: fin jur
Réduire les coûts de fonctionnement avant d’augmenter la contribution :: Toute hausse de contribution est précédée d’un plan d’économies présenté aux sociétaires. :: fin dg
Publier le coût réel de chaque service :: Chaque service (facturation, conseil, assurances) a un coût connu, pour que les sociétaires voient ce qu’ils financent ensemble. :: fin com
""",
    "gouvernance": """
§ Gouvernance
Ouvrir le conseil d’administration à des sociétaires tirés au sort :: Deux sièges du conseil d’administration sont réservés à des sociétaires tirés au sort parmi les volontaires, pour un mandat de deux ans. :: dg vie
nl: Vennoten bij loting in de raad van bestuur :: Twee zetels in de raad van bestuur gaan naar vennoten die bij loting gekozen worden onder de kandidaten, voor een mandaat van twee jaar.
- Former les personnes tirées au sort avant leur entrée en fonction
- Indemniser le temps passé en réunion
Publier les décisions du conseil d’administration :: Un relevé des décisions du conseil est publié dans le mois, avec les votes et les raisons des choix importants. :: dg com
nl: De beslissingen van de raad van bestuur publiceren :: Binnen de maand wordt een overzicht van de beslissingen van de raad gepubliceerd, met de stemmingen en de redenen voor belangrijke keuzes.
Limiter le cumul et la durée des mandats :: Aucun administrateur ne siège plus de trois mandats consécutifs ni ne cumule deux fonctions dans les organes de la coopérative. :: dg jur
Permettre le vote électronique à l’assemblée générale :: Les sociétaires qui ne peuvent se déplacer votent en ligne, avec les mêmes garanties que dans la salle. :: it jur vie
nl: Elektronisch stemmen op de algemene vergadering :: Vennoten die zich niet kunnen verplaatsen stemmen online, met dezelfde waarborgen als in de zaal.
Tenir l’assemblée générale dans les deux langues nationales :: Interprétation simultanée, documents en français et en néerlandais, et parole donnée alternativement dans les deux langues. :: vie com
nl: De algemene vergadering in beide landstalen houden :: Simultaanvertaling, documenten in het Frans en het Nederlands en het woord afwisselend in beide talen.
Créer un comité d’éthique :: Un comité indépendant rend des avis sur les questions délicates : partenariats, secteurs d’activité acceptés, conflits d’intérêts. :: dg jur
Faire évaluer la direction générale par les sociétaires :: Tous les trois ans, une évaluation de la direction générale associe des sociétaires et des membres du personnel. :: dg rh
§ Vie coopérative
Organiser des assemblées locales avant l’assemblée générale :: Dans chaque bureau, une rencontre prépare les votes de l’assemblée générale et fait remonter les questions des sociétaires. :: vie
nl: Lokale vergaderingen vóór de algemene vergadering :: In elk kantoor bereidt een bijeenkomst de stemmingen van de algemene vergadering voor en verzamelt ze de vragen van de vennoten.
- Un calendrier commun à tous les bureaux
- Un compte rendu envoyé à tous les sociétaires du bureau
Accueillir chaque nouveau sociétaire par une rencontre collective :: Chaque trimestre, les nouveaux sociétaires sont invités à une rencontre qui présente le projet coopératif et ses instances. :: vie smb
Créer une lettre d’information des sociétaires :: Une lettre mensuelle, courte, raconte les décisions, les projets en cours et les initiatives des membres. :: com vie
nl: Een nieuwsbrief voor de vennoten :: Een korte maandelijkse nieuwsbrief vertelt over de beslissingen, de lopende projecten en de initiatieven van de vennoten.
Former les sociétaires à la gouvernance coopérative :: Un module court explique le fonctionnement des instances, le rôle de chacun et la manière de prendre la parole. :: form vie
Reconnaître le bénévolat des sociétaires :: Le temps donné par les sociétaires à la vie coopérative est rendu visible et remercié, par exemple dans le rapport annuel. :: vie com
Fêter chaque année la coopérative :: Une journée festive annuelle réunit sociétaires et personnel, alternativement en Belgique et en France. :: vie com
§ Participation des sociétaires
Garantir un retour écrit sur chaque recommandation :: Chaque recommandation des groupes de travail reçoit une réponse écrite du conseil d’administration, même lorsqu’elle est rejetée. :: dg vie
- Un délai de réponse de six mois au plus
- Un état des lieux public tous les deux ans
Ouvrir un droit d’initiative aux sociétaires :: Une proposition signée par cent sociétaires est inscrite à l’ordre du jour de l’assemblée générale suivante. :: dg jur vie
Consulter les sociétaires avant les décisions structurantes :: Fusions, changements de statuts ou de tarifs sont précédés d’une consultation ouverte d’au moins un mois. :: dg vie
nl: De vennoten raadplegen vóór structurele beslissingen :: Fusies, statutenwijzigingen of tariefwijzigingen gaan vooraf door een open raadpleging van minstens een maand.
Indemniser les frais de participation :: Les frais de déplacement et de garde d’enfants pour assister aux instances sont remboursés. :: fin vie
Rendre les groupes de travail accessibles à distance :: Chaque groupe de travail propose une participation en visioconférence pour les membres éloignés d’un bureau. :: vie it
Mesurer la participation et la publier :: Le taux de participation aux votes et aux groupes est publié chaque année, par bureau et par secteur. :: vie com
Assurer la parité dans les instances :: Les listes de candidats aux instances respectent la parité, et la coopérative publie la composition de ses organes. :: dg vie
Créer un espace de dialogue entre bureaux belges et français :: Des rencontres régulières permettent aux sociétaires des deux pays d’échanger leurs pratiques et de préparer des positions communes. :: vie dg
Donner un budget participatif aux bureaux :: Chaque bureau dispose d’un petit budget annuel dont l’usage est décidé par ses sociétaires. :: fin vie
nl: Een participatief budget per kantoor :: Elk kantoor krijgt een klein jaarlijks budget waarover de vennoten van dat kantoor zelf beslissen.
Désigner des sociétaires relais dans chaque bureau :: Dans chaque bureau, des sociétaires volontaires font le lien entre les membres et les instances, et relaient les questions. :: vie
nl: Aanspreekpunten onder de vennoten in elk kantoor :: In elk kantoor vormen vrijwillige vennoten de brug tussen de leden en de bestuursorganen, en brengen ze vragen door.
Ouvrir les bureaux aux initiatives des sociétaires :: Les sociétaires peuvent utiliser les salles des bureaux le soir pour des rencontres, des ateliers ou des projections. :: vie prod
Faire tourner l’assemblée générale entre les villes :: L’assemblée générale se tient chaque année dans une ville différente, en Belgique et en France. :: vie
Rendre le rapport annuel compréhensible par tous :: Une version courte et illustrée du rapport annuel est envoyée à chaque sociétaire. :: com vie
nl: Het jaarverslag voor iedereen begrijpelijk maken :: Elke vennoot krijgt een korte, geïllustreerde versie van het jaarverslag.
Associer le personnel aux décisions de la coopérative :: Le personnel est représenté au conseil d’administration et consulté sur les décisions qui le concernent. :: rh dg
Évaluer le processus participatif à chaque cycle :: À la fin de chaque cycle, participants, animateurs et directions évaluent ensemble le processus et proposent des améliorations. :: vie
- Un questionnaire court envoyé à tous les participants
- Une réunion de bilan ouverte à tous
""",
    "accompagnement": """
§ Accueil des nouveaux membres
Proposer un parrainage à chaque nouveau membre :: Un sociétaire expérimenté du même secteur accompagne le nouveau membre pendant ses six premiers mois. :: smb vie
nl: Elke nieuwe vennoot een peter of meter geven :: Een ervaren vennoot uit dezelfde sector begeleidt het nieuwe lid tijdens de eerste zes maanden.
- Constituer un réseau de parrains et marraines volontaires
- Former les parrains à l’écoute et aux outils de base
Remettre un guide d’accueil clair :: Un guide d’une vingtaine de pages répond aux questions des premières semaines : contrats, facturation, assurances, contacts. :: smb com
nl: Een duidelijke onthaalgids :: Een gids van een twintigtal pagina’s beantwoordt de vragen van de eerste weken: contracten, facturatie, verzekeringen, contactpersonen.
Organiser une séance d’accueil mensuelle dans chaque bureau :: Une séance mensuelle présente la coopérative, ses services et ses instances aux membres arrivés dans le mois. :: smb vie
Nommer une personne de référence pour chaque membre :: Chaque membre connaît le nom de la personne de l’équipe qui suit son dossier et peut la joindre directement. :: smb
nl: Eén aanspreekpunt per vennoot :: Elke vennoot kent de naam van de medewerker die het dossier opvolgt en kan die rechtstreeks bereiken.
Rappeler les nouveaux membres après trois mois :: Un appel systématique après trois mois vérifie que tout se passe bien et repère les difficultés. :: smb
§ Accompagnement
Garantir un délai de réponse aux questions des membres :: Toute question reçoit une première réponse en deux jours ouvrables, et le délai est mesuré. :: smb it
- Publier le délai moyen chaque trimestre
Proposer un bilan annuel d’activité :: Chaque membre qui le souhaite fait le point une fois par an avec un conseiller : revenus, perspectives, besoins. :: smb
Créer un accompagnement renforcé pour les activités en difficulté :: Quand le chiffre d’affaires chute fortement, un conseiller propose un plan d’action et des solutions de transition. :: smb fin
nl: Versterkte begeleiding voor activiteiten in moeilijkheden :: Wanneer de omzet sterk daalt, stelt een adviseur een actieplan en overgangsoplossingen voor.
Ouvrir des permanences juridiques :: Une permanence mensuelle permet de poser des questions juridiques sans rendez-vous : contrats, droits d’auteur, litiges. :: jur smb
Accompagner les membres vers l’international :: Un accompagnement spécifique aide les membres qui travaillent à l’étranger : sécurité sociale, fiscalité, contrats. :: jur smb
Faciliter la mise en relation entre membres :: Un annuaire et des rencontres sectorielles permettent aux membres de se trouver pour travailler ensemble. :: vie it
§ Formation
Former les nouveaux membres à la gestion de leur activité :: Un parcours de formation de base couvre la facturation, la prospection et la gestion du temps. :: form
nl: De nieuwe vennoten opleiden in het beheer van hun activiteit :: Een basisopleiding behandelt facturatie, prospectie en tijdsbeheer.
- Un module en ligne accessible à tout moment
- Un atelier pratique en petit groupe
Développer la formation entre pairs :: Des membres partagent leur savoir-faire avec d’autres membres, dans des ateliers reconnus par la coopérative. :: form vie
Former l’équipe à l’accueil des publics fragilisés :: L’équipe d’accompagnement est formée à l’accueil de membres en situation de précarité ou de handicap. :: rh form
Proposer des formations en néerlandais et en français :: Chaque formation de base existe dans les deux langues, et pas seulement à Bruxelles. :: form
nl: Opleidingen in het Nederlands en het Frans :: Elke basisopleiding bestaat in beide talen, en niet alleen in Brussel.
Reconnaître les compétences acquises dans la coopérative :: Une attestation valorise les compétences acquises par les membres dans les groupes et les projets coopératifs. :: form vie
Créer un fonds de formation mutualisé :: Une part de la contribution finance des formations choisies par les membres eux-mêmes. :: form fin
Proposer un mentorat entre membres de même métier :: Des binômes entre membres expérimentés et débutants d’un même métier se rencontrent régulièrement pendant un an. :: vie form
nl: Mentorschap tussen vennoten met hetzelfde beroep :: Ervaren en beginnende vennoten uit hetzelfde beroep vormen een duo en ontmoeten elkaar een jaar lang regelmatig.
Accompagner la fin d’activité :: Les membres qui cessent leur activité sont accompagnés : clôture des contrats, droits sociaux, éventuelle reconversion. :: smb jur
Évaluer chaque année la satisfaction des membres :: Une enquête annuelle mesure la satisfaction des membres sur l’accompagnement, et ses résultats sont publiés. :: smb com
""",
    "plaidoyer": """
§ Plaidoyer
Faire reconnaître le statut de travailleur autonome salarié :: La coopérative porte auprès des pouvoirs publics la reconnaissance d’un statut qui combine autonomie et protection du salariat. :: dg jur
nl: Erkenning van het statuut van zelfstandig werkende werknemer :: De coöperatie pleit bij de overheid voor de erkenning van een statuut dat autonomie en de bescherming van het werknemerschap combineert.
- Rédiger une note de position partagée avec les partenaires
- Rencontrer les cabinets ministériels concernés
Défendre l’accès au chômage des travailleurs intermittents :: La coopérative documente les situations de ses membres pour défendre un accès équitable aux allocations de chômage. :: jur dg
nl: Toegang tot werkloosheidsuitkeringen voor intermittente werkers verdedigen :: De coöperatie documenteert de situatie van haar vennoten om een billijke toegang tot werkloosheidsuitkeringen te verdedigen.
Publier des études chiffrées sur les revenus des membres :: Des études anonymisées montrent la réalité des revenus des membres et servent d’appui au plaidoyer. :: dg com
Participer aux concertations sur le statut d’artiste :: La coopérative siège dans les concertations officielles et y relaie les propositions de ses membres. :: dg jur
nl: Deelnemen aan het overleg over het kunstenaarsstatuut :: De coöperatie neemt deel aan het officiële overleg en brengt er de voorstellen van haar vennoten in.
Former des sociétaires porte-parole :: Des sociétaires volontaires sont formés pour témoigner dans les médias et devant les élus. :: com form
Interpeller les candidats avant chaque élection :: Un questionnaire est adressé aux partis, et leurs réponses sont publiées pour les sociétaires. :: com dg
§ Alliances et réseaux
Rejoindre les fédérations de coopératives :: La coopérative adhère aux fédérations belges et françaises de l’économie sociale et y défend ses positions. :: dg
Construire une alliance européenne des coopératives d’activité :: Avec des coopératives semblables dans d’autres pays, la coopérative porte des positions communes au niveau européen. :: dg
- Organiser une rencontre européenne tous les deux ans
- Partager un socle commun de revendications
Travailler avec les syndicats :: Des échanges réguliers avec les organisations syndicales rapprochent les positions sur la protection des travailleurs autonomes. :: dg rh
nl: Samenwerken met de vakbonden :: Regelmatig overleg met de vakbonden brengt de standpunten over de bescherming van zelfstandig werkenden dichter bij elkaar.
Soutenir les collectifs de travailleurs des plateformes :: La coopérative apporte son expertise aux collectifs de coursiers et de travailleurs des plateformes. :: jur dg
Partager notre modèle avec les coopératives naissantes :: Une documentation ouverte et des visites permettent à d’autres de s’inspirer du modèle. :: com vie
§ Communication externe
Raconter les parcours des membres :: Des portraits de membres montrent au grand public la diversité des métiers et la réalité du travail autonome. :: com
nl: De verhalen van de vennoten vertellen :: Portretten van vennoten tonen het brede publiek de verscheidenheid aan beroepen en de realiteit van zelfstandig werk.
Clarifier l’image de la coopérative auprès des clients :: Les clients des membres reçoivent une information claire sur ce qu’est la coopérative et sur ce qu’elle garantit. :: com smb
Publier un rapport annuel d’impact :: Le rapport annuel mesure l’impact social de la coopérative : emplois, revenus, protection, formation. :: com dg
Répondre publiquement aux critiques du modèle :: Une page de questions-réponses explique le modèle et répond aux critiques qui reviennent dans la presse. :: com jur
Tenir une présence dans les salons professionnels :: La coopérative est présente dans les salons des secteurs de ses membres, avec des sociétaires sur le stand. :: com
§ Plaidoyer
Défendre un taux de TVA réduit pour les prestations culturelles :: La coopérative porte, avec les fédérations du secteur, une demande de taux réduit pour les prestations artistiques. :: jur dg
Obtenir la simplification des démarches administratives :: La coopérative recense les démarches les plus lourdes pour ses membres et propose des simplifications aux administrations. :: jur smb
nl: Administratieve vereenvoudiging bepleiten :: De coöperatie brengt de zwaarste administratieve stappen voor haar vennoten in kaart en stelt de overheid vereenvoudigingen voor.
- Un recensement annuel auprès des membres
- Une rencontre avec les administrations concernées
Faire reconnaître le modèle coopératif dans les marchés publics :: Les cahiers des charges publics devraient permettre aux membres de répondre via la coopérative sans être pénalisés. :: jur dg
Plaider pour un revenu de remplacement en cas de crise sectorielle :: Quand un secteur entier s’arrête, les travailleurs autonomes doivent recevoir un revenu de remplacement rapide et simple. :: dg jur
nl: Een vervangingsinkomen bij een sectorcrisis bepleiten :: Wanneer een hele sector stilvalt, moeten zelfstandig werkenden snel en eenvoudig een vervangingsinkomen krijgen.
Documenter les discriminations vécues par les membres :: Un recueil anonyme de témoignages sert à interpeller les pouvoirs publics sur les discriminations dans l’accès au travail. :: jur com
§ Alliances et réseaux
Coopérer avec les universités sur le travail autonome :: Des partenariats de recherche étudient les conditions de travail des membres et nourrissent le plaidoyer. :: dg com
Partager les positions communes avec les coopératives françaises :: Les positions de plaidoyer sont préparées ensemble par les sociétaires belges et français avant d’être portées dans chaque pays. :: dg vie
""",
    "solidarite": """
§ Solidarité
Créer un fonds de solidarité entre membres :: Un fonds alimenté par une part de la contribution aide les membres qui traversent une baisse brutale de revenus. :: fin vie
nl: Een solidariteitsfonds tussen vennoten oprichten :: Een fonds, gevoed door een deel van de bijdrage, helpt vennoten die een plotse inkomensdaling doormaken.
- Définir des critères d’accès simples et publics
- Confier les décisions à un comité mixte sociétaires et personnel
Avancer les paiements des clients en retard :: La coopérative avance les factures impayées depuis plus de soixante jours aux membres qui en ont besoin. :: fin
nl: Laattijdige betalingen van klanten voorschieten :: De coöperatie schiet facturen die meer dan zestig dagen onbetaald zijn voor aan de vennoten die dat nodig hebben.
Lisser les revenus sur l’année :: Les membres qui le souhaitent reçoivent un salaire mensuel stable, lissé sur leurs rentrées de l’année. :: fin smb
Offrir un prêt d’honneur au démarrage :: Un prêt sans intérêt aide les nouveaux membres à financer leur premier matériel. :: fin smb
Créer une caisse de solidarité alimentée par des dons :: En plus du fonds statutaire, les sociétaires peuvent donner librement à une caisse d’entraide. :: fin vie
§ Protection sociale
Proposer une mutuelle complémentaire négociée :: La coopérative négocie une complémentaire santé collective à un tarif accessible pour ses membres. :: rh fin
- Comparer les offres de trois organismes
- Prévoir une option pour les ayants droit
Informer chaque membre de ses droits sociaux :: Un bilan personnalisé explique à chaque membre ses droits en matière de chômage, de maladie et de pension. :: smb jur
nl: Elke vennoot informeren over zijn sociale rechten :: Een persoonlijk overzicht legt elke vennoot zijn rechten uit inzake werkloosheid, ziekte en pensioen.
Améliorer la couverture en cas de maladie :: Une assurance revenu garanti complète les indemnités légales pendant les trois premiers mois de maladie. :: rh fin
Préparer la pension des membres :: Des séances d’information et une épargne pension collective aident les membres à préparer leur retraite. :: fin form
nl: Het pensioen van de vennoten voorbereiden :: Infosessies en een collectief pensioensparen helpen de vennoten hun pensioen voor te bereiden.
Garantir les droits liés à la parentalité :: Les membres bénéficient d’un accompagnement pour faire valoir leurs droits au congé de maternité, de paternité et parental. :: rh jur
Couvrir les accidents du travail en déplacement :: L’assurance accidents du travail couvre clairement les déplacements et les missions à l’étranger. :: jur rh
§ Coups durs
Ouvrir une ligne d’écoute pour les membres en difficulté :: Une ligne téléphonique, tenue par des personnes formées, accueille les membres en détresse financière ou personnelle. :: smb rh
nl: Een luisterlijn voor vennoten in moeilijkheden :: Een telefoonlijn, bemand door opgeleide medewerkers, vangt vennoten op die in financiële of persoonlijke nood zitten.
Suspendre la contribution minimale en cas de crise :: Lors d’une crise qui arrête un secteur, la contribution minimale est suspendue pour les membres concernés. :: fin dg
Créer une cellule de crise pour les membres :: Une cellule activée en cas de crise informe les membres, centralise les aides publiques et aide à les demander. :: smb dg com
- Un point d’information unique, mis à jour chaque semaine
- Une aide individuelle pour les demandes d’aides publiques
Orienter vers les services sociaux partenaires :: L’équipe connaît les services sociaux de chaque région et oriente les membres qui en ont besoin. :: smb
Prévenir l’épuisement professionnel :: Des ateliers et un accompagnement aident les membres à repérer et prévenir l’épuisement. :: form rh
Étaler les dettes des membres envers la coopérative :: Un membre en difficulté peut étaler ce qu’il doit à la coopérative sans frais ni pénalités. :: fin
Maintenir le lien avec les membres sans activité :: Les membres dont l’activité est à l’arrêt reçoivent des nouvelles et des invitations, pour ne pas se sentir exclus. :: vie smb
§ Solidarité
Garantir un revenu minimum pendant les premiers mois d’activité :: Une avance remboursable assure un revenu minimum aux nouveaux membres pendant leurs trois premiers mois. :: fin smb
nl: Een minimuminkomen tijdens de eerste maanden van de activiteit :: Een terugbetaalbaar voorschot verzekert nieuwe vennoten van een minimuminkomen tijdens hun eerste drie maanden.
Publier chaque année l’usage du fonds de solidarité :: Le nombre d’aides accordées, leurs montants et les délais de décision sont publiés, sans nommer personne. :: fin com
Financer la garde d’enfants pendant les formations :: Les membres parents peuvent se faire rembourser la garde d’enfants pendant les formations et les groupes de travail. :: fin form
Soutenir les membres en situation de handicap :: Un accompagnement et des aménagements sont proposés aux membres en situation de handicap, avec un budget dédié. :: smb rh
nl: Vennoten met een handicap ondersteunen :: Vennoten met een handicap krijgen begeleiding en aanpassingen, met een eigen budget.
§ Protection sociale
Négocier une assurance perte de revenus collective :: Une assurance collective couvre une partie des revenus perdus en cas d’annulation massive de contrats. :: fin jur
- Étudier les offres du marché avec un courtier
- Présenter le coût par membre avant toute décision
Simplifier l’accès aux indemnités de maladie :: L’équipe aide les membres à constituer leur dossier d’indemnités et suit les demandes en cours. :: smb
""",
    "outils": """
§ Outils numériques
Créer un espace en ligne unique pour les membres :: Contrats, factures, documents et questions sont réunis dans un seul espace en ligne, accessible depuis un téléphone. :: it smb
nl: Eén online omgeving voor de vennoten :: Contracten, facturen, documenten en vragen staan samen in één online omgeving, ook bereikbaar met een smartphone.
- Une connexion unique pour tous les services
- Une version en néerlandais dès le lancement
Permettre la facturation en ligne :: Les membres établissent et suivent leurs factures en ligne, avec les rappels automatiques aux clients. :: it fin
nl: Online facturatie mogelijk maken :: Vennoten maken en volgen hun facturen online op, met automatische herinneringen aan de klanten.
Construire les outils avec les membres :: Chaque nouvel outil est testé par un panel de membres avant sa mise en service. :: it vie
Rendre les outils accessibles à tous :: Les outils respectent les règles d’accessibilité et restent utilisables avec une connexion lente. :: it
Former les membres aux outils numériques :: Des tutoriels courts et des permanences aident les membres moins à l’aise avec le numérique. :: form it
nl: De vennoten opleiden in de digitale tools :: Korte handleidingen en spreekuren helpen de vennoten die minder vertrouwd zijn met digitale tools.
Publier une feuille de route des outils :: La coopérative publie ce qu’elle prévoit de développer dans l’année et dans quel ordre. :: it com
§ Données et vie privée
Protéger les données des membres :: Les données personnelles des membres ne sont ni vendues ni partagées, et chaque membre peut les consulter et les faire effacer. :: it jur
nl: De gegevens van de vennoten beschermen :: De persoonsgegevens van de vennoten worden niet verkocht of gedeeld, en elke vennoot kan ze inkijken en laten wissen.
- Nommer un délégué à la protection des données
- Publier le registre des traitements
Privilégier les logiciels libres :: Les nouveaux outils reposent de préférence sur des logiciels libres, hébergés en Europe. :: it
Héberger les données en Europe :: Toutes les données des membres sont hébergées dans l’Union européenne, chez des prestataires choisis pour leur éthique. :: it jur
Permettre aux membres d’exporter leurs données :: Chaque membre peut télécharger ses contrats, factures et documents dans un format ouvert. :: it
Limiter la collecte de données au strict nécessaire :: Chaque formulaire est revu pour ne demander que ce qui sert réellement au membre. :: it jur
§ Outils partagés
Ouvrir une matériauthèque entre membres :: Les membres prêtent et empruntent du matériel professionnel via une plateforme de prêt. :: prod vie
nl: Een materialenbank tussen vennoten :: Vennoten lenen elkaar professioneel materiaal uit via een uitleenplatform.
- Commencer par le matériel audiovisuel et de scène
Mettre des espaces de travail à disposition :: Les bureaux proposent des postes de travail et des salles de réunion réservables par les membres. :: prod
Créer un annuaire des compétences des membres :: Un annuaire permet aux membres de se trouver par compétence, secteur et région, s’ils le souhaitent. :: it vie
Partager des modèles de documents :: Contrats types, devis et conditions générales sont mis à disposition et tenus à jour par l’équipe juridique. :: jur
Créer un forum d’entraide entre membres :: Un espace d’échange en ligne permet aux membres de se poser des questions et de partager leurs astuces. :: it vie
§ Outils numériques
Envoyer des notifications utiles, pas plus :: Les membres choisissent les notifications qu’ils reçoivent ; par défaut, seules les informations sur leurs contrats et paiements. :: it
Suivre ses paiements en temps réel :: Chaque membre voit à tout moment où en sont ses factures, ses paiements et son salaire. :: it fin
nl: Betalingen in real time opvolgen :: Elke vennoot ziet op elk moment hoe het staat met zijn facturen, betalingen en loon.
Signer ses contrats en ligne :: Contrats et avenants se signent électroniquement, avec une valeur juridique reconnue en Belgique et en France. :: it jur
Ouvrir une application mobile :: Une application légère permet de déclarer une prestation et de photographier ses frais depuis un téléphone. :: it
- Commencer par les notes de frais
§ Données et vie privée
Publier des statistiques ouvertes sur la coopérative :: Des données anonymisées (secteurs, revenus, régions) sont publiées en données ouvertes pour la recherche et le plaidoyer. :: it com
nl: Open statistieken over de coöperatie publiceren :: Geanonimiseerde gegevens (sectoren, inkomens, regio’s) worden als open data gepubliceerd voor onderzoek en belangenbehartiging.
Former l’équipe à la sécurité informatique :: Chaque membre de l’équipe suit une formation annuelle à la sécurité et à la protection des données. :: it rh
""",
}

SECTION_OF_LINES_OF_THOUGHT = "Pistes de réflexion"

#: Lines of thought: questions the groups opened without settling them, by broad theme
#: (a group's questions are about its subject; none is asked twice at the realistic scale).
LINES_OF_THOUGHT = {
    "modele-economique": [
        "Peut-on imaginer un revenu de base coopératif ?",
        "Comment mesurer ce que la coopérative apporte au-delà de l’argent ?",
        "La contribution doit-elle financer aussi ce qui ne rapporte rien ?",
        "Jusqu’où la coopérative doit-elle grandir pour rester viable ?",
        "Faut-il ouvrir la coopérative à des structures et pas seulement à des personnes ?",
        "Quelle part des excédents revient aux sociétaires qui les ont produits ?",
    ],
    "gouvernance": [
        "Et si chaque bureau devenait une coopérative autonome ?",
        "Comment décider ensemble quand les bureaux ne vivent pas les mêmes réalités ?",
        "Faut-il une charte des valeurs signée par chaque membre ?",
        "Quelle place pour les membres qui ne travaillent plus par la coopérative ?",
        "Le tirage au sort rend-il les instances plus légitimes ?",
        "Comment faire entendre les sociétaires qui ne viennent jamais aux assemblées ?",
        "Une voix par sociétaire, quel que soit son chiffre d’affaires : faut-il y toucher ?",
        "Qui parle au nom de la coopérative quand ses membres ne sont pas d’accord ?",
        "Faut-il limiter le nombre de thématiques par cycle ?",
        "Comment garder la mémoire des décisions d’un cycle à l’autre ?",
        "Le personnel doit-il voter comme les sociétaires ?",
        "Quelle autonomie pour les bureaux français face au siège belge ?",
        "Comment associer les sociétaires qui ne lisent ni le français ni le néerlandais ?",
        "Jusqu’où publier les débats du conseil d’administration ?",
    ],
    "accompagnement": [
        "Faut-il un accompagnement différent selon le secteur d’activité ?",
        "Jusqu’où la coopérative doit-elle accompagner une activité qui ne décolle pas ?",
        "Les sociétaires expérimentés doivent-ils être payés pour accompagner les nouveaux ?",
        "Comment accompagner sans décider à la place du membre ?",
        "Quelle place pour l’accompagnement à distance ?",
        "Faut-il un accompagnement à la sortie comme à l’entrée ?",
    ],
    "plaidoyer": [
        "La coopérative doit-elle prendre position sur des sujets qui divisent ses membres ?",
        "Faut-il s’allier aux syndicats ou garder une voix propre ?",
        "Comment plaider dans deux pays aux règles si différentes ?",
        "Le plaidoyer doit-il viser l’Europe avant les États ?",
        "Jusqu’où la coopérative peut-elle critiquer les pouvoirs qui la subsidient ?",
        "Qui choisit les combats que la coopérative mène en notre nom ?",
    ],
    "solidarite": [
        "Jusqu’où va la solidarité entre membres qui ne se connaissent pas ?",
        "La solidarité doit-elle dépendre de l’ancienneté ?",
        "Faut-il aider davantage les secteurs les plus exposés aux crises ?",
        "Une caisse de solidarité peut-elle remplacer la protection sociale publique ?",
        "Comment aider sans créer de dépendance ?",
        "Qui décide qu’une situation mérite l’aide du fonds ?",
    ],
    "outils": [
        "Les membres pourraient-ils détenir ensemble les outils qu’ils utilisent ?",
        "Quel rôle pour la coopérative dans la transition écologique de ses outils numériques ?",
        "Faut-il garder une voie papier pour chaque démarche ?",
        "La coopérative doit-elle développer ses outils ou les acheter ?",
        "Jusqu’où automatiser sans perdre le contact humain ?",
        "Faut-il partager nos outils avec d’autres coopératives ?",
    ],
}


def _parse(category: str, text: str, start: int) -> list[Written]:
    written: list[Written] = []
    section = ""
    pending: dict | None = None

    def flush() -> None:
        if pending is not None:
            written.append(Written(category=category, key=start + len(written), **pending))

    for line in text.strip().splitlines():
        line = line.strip()
        if line.startswith("§"):
            flush()
            pending, section = None, line[1:].strip()
        elif line.startswith("nl:") and pending is not None:
            pending["title_nl"], pending["text_nl"] = (part.strip() for part in line[3:].split("::"))
        elif line.startswith("- ") and pending is not None:
            pending["sub_items"] = (*pending["sub_items"], line[2:].strip())
        else:
            flush()
            title, body, departments = (part.strip() for part in line.split("::"))
            pending = {"section": section, "title": title, "text": body, "departments": tuple(departments.split()), "sub_items": ()}
    flush()
    return written


def _bank() -> dict[str, list[Written]]:
    bank: dict[str, list[Written]] = {}
    for category, text in _BANK.items():
        bank[category] = _parse(category, text, start=sum(len(v) for v in bank.values()))
    return bank


#: Every written recommendation, by broad theme; ``key`` is unique across the bank.
BANK = _bank()


def written_as(titles: Iterable[str]) -> set[str]:
    """The titles the recommendations written from these (French titles of the bank) carry
    in the registry, French or Dutch: how later seeds find the recommendations of a subject."""
    wanted = set(titles)
    return {title for ws in BANK.values() for w in ws if w.title in wanted for title in (w.title, w.title_nl) if title}


# Evidence and comments of assessments. {department} is the department's name, {year} a year.
PUBLIC_COMMENTS = {
    "done": [
        "Mis en place en {year} par la direction {department}.",
        "Réalisée : le dispositif fonctionne depuis {year} et a été présenté aux sociétaires.",
        "C’est fait. La direction {department} en fait le bilan chaque année dans le rapport d’activité.",
        "Réalisée en {year}, dans une forme un peu différente de celle proposée par le groupe.",
        "Réalisée dans le cadre d’un projet prioritaire terminé en {year}.",
    ],
    "in_progress": [
        "En cours : la direction {department} y travaille, une première étape est prévue pour {year}.",
        "Un projet pilote est mené dans deux bureaux depuis {year}.",
        "Intégrée à la feuille de route de la direction {department} ; les travaux ont commencé.",
        "En cours, en lien avec une expérimentation menée par des sociétaires.",
        "Les premières mesures sont prises ; l’ensemble sera terminé après {year}.",
    ],
    "not_done": [
        "Pas encore engagée : la direction {department} n’a pas pu la prendre en charge.",
        "Rien n’a été fait à ce jour ; la recommandation reste d’actualité.",
        "Non réalisée faute de moyens humains, mais pas abandonnée.",
        "",
        "",
    ],
}
RATIONALES = {
    "rejected": [
        "Le conseil d’administration l’a écartée en {year} : son coût mettrait en péril l’équilibre financier de la coopérative.",
        "Rejetée : la législation en vigueur ne permet pas à la coopérative de le faire.",
        "Rejetée après consultation : les sociétaires ont préféré une autre solution, décrite dans l’état des lieux.",
        "Le conseil d’administration a jugé que cela ne relevait pas du rôle de la coopérative.",
        "Rejetée en {year} : une mesure comparable existait déjà et a été renforcée à la place.",
    ],
    "postponed": [
        "Reportée après la migration du système de gestion ; elle sera réexaminée en {year}.",
        "Reportée : la direction {department} donne la priorité aux mesures de crise ; à revoir en {year}.",
        "Reportée faute de budget cette année ; elle est inscrite au plan pluriannuel.",
        "Reportée en attendant la réforme annoncée par les pouvoirs publics.",
        "Reportée d’un an pour la mener d’abord dans un bureau pilote.",
    ],
}
INTERVIEW_SOURCES = [
    "Entretien",
    "Entretien en visioconférence",
    "Entretien téléphonique",
    "Procès-verbal du conseil d’administration",
    "Rapport d’activité",
    "Échange écrit avec la direction",
]
INTERVIEW_NOTES = [
    "Entretien d’environ quarante-cinq minutes ; documents transmis après l’entretien.",
    "La personne interrogée a confirmé par écrit les dates citées.",
    "Plusieurs recommandations de la même thématique ont été passées en revue ensemble.",
    "Le groupe de travail d’origine a été invité à réagir avant publication.",
    "Chiffres à vérifier dans le prochain rapport d’activité.",
    "",
]
INTERNAL_NOTES = [
    "Sujet sensible au conseil d’administration : relire la formulation avant publication.",
    "Demander les chiffres de 2023 à la direction financière.",
    "Voir aussi l’expérimentation menée à Liège.",
    "",
    "",
    "",
]
#: An interviewee's role as (feminine, masculine, neutral): it agrees with the person named.
INTERVIEWEE_ROLES = [
    ("responsable de la direction {department}",) * 3,
    (
        "chargée de mission, direction {department}",
        "chargé de mission, direction {department}",
        "chargé·e de mission, direction {department}",
    ),
    ("coordinatrice du projet prioritaire", "coordinateur du projet prioritaire", "coordinateur·rice du projet prioritaire"),
    ("membre de la direction {department}",) * 3,
]
GROUP_INTERVIEWEE_ROLES = [
    ("animatrice du groupe de travail", "animateur du groupe de travail", "animateur·rice du groupe de travail"),
    ("secrétaire du groupe de travail",) * 3,
    ("participante du groupe de travail", "participant du groupe de travail", "participant·e du groupe de travail"),
]

#: Large scale: the same recommendations, varied so the registry has ten times the volume.
VARIATIONS = [
    "dans chaque bureau",
    "pour les sociétaires en France",
    "pour les nouveaux membres",
    "dans les secteurs artistiques",
    "à titre expérimental",
    "avec un bilan annuel",
    "en concertation avec les syndicats",
    "pour les membres à faibles revenus",
    "dans les deux langues",
    "avec les partenaires de l’économie sociale",
]
