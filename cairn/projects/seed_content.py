"""What the demo projects say: forty projects, each with its own text, steps and ending,
and the recommendations (as the working groups wrote them, ``recommendations.seed_content``)
it answers. Kept apart from ``seed.py`` so that the generator reads as code and this file
as text. One project per block:

    @ kind | broad theme | department | language | title | Dutch title
    > summary
    ? why: what the groups asked
    + a step, in the order the project takes them (four)
    = what the finished project left behind
    & the recommendations it answers, by their French title, separated by " ; "
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    kind: str
    category: str  # the broad theme's slug (recommendations.seed_content.CATEGORIES)
    department: str  # a department code (accounts.seed.DEPARTMENTS), or ""
    language: str  # "fr", or "nl" for a Flemish office's project
    title: str
    title_nl: str
    summary: str
    why: str
    steps: tuple[str, ...]
    outcome: str
    answers: tuple[str, ...]


_TOPICS = """
@ priority | outils | it | fr | Portail unique des sociétaires | Eén portaal voor de vennoten
> Un seul accès pour les contrats, les factures, les documents et les questions, depuis un ordinateur ou un téléphone.
? Les groupes de 2015 et de 2017 se plaignaient de jongler entre quatre outils et autant de mots de passe.
+ Inventaire des outils existants et entretiens avec quarante sociétaires de six bureaux.
+ Maquettes testées avec un panel de sociétaires, en français et en néerlandais.
+ Ouverture de la version bêta aux sociétaires de Namur et de Leuven.
+ Migration des contrats et des factures de l’ancien système.
= Le portail remplace les quatre anciens outils ; l’ancien extranet est fermé.
& Créer un espace en ligne unique pour les membres ; Construire les outils avec les membres ; Rendre les outils accessibles à tous

@ priority | solidarite | rh | fr | Mutuelle santé coopérative | Coöperatieve ziekteverzekering
> Une complémentaire santé négociée pour tous les sociétaires, quel que soit leur revenu.
? Le groupe de Paris constatait que beaucoup de sociétaires français renonçaient à une complémentaire trop chère.
+ Étude des besoins : questionnaire rempli par 2 300 sociétaires.
+ Appel d’offres auprès de cinq mutuelles de l’économie sociale.
+ Choix de la mutuelle et négociation des garanties avec le conseil d’administration.
+ Ouverture des adhésions en France, puis étude d’une formule belge.
= La complémentaire couvre 1 800 sociétaires ; la formule belge fait l’objet d’un nouveau projet.
& Proposer une mutuelle complémentaire négociée ; Améliorer la couverture en cas de maladie

@ priority | solidarite | fin | fr | Fonds de solidarité | Solidariteitsfonds
> Un fonds alimenté par une part de la contribution pour aider les sociétaires à traverser un mois sans contrat.
? Dès le premier cycle, les groupes demandaient que la coopérative tienne debout ses membres quand tout s’arrête.
+ Règlement du fonds écrit avec le groupe de travail et validé par l’assemblée générale.
+ Comité d’attribution formé : deux sociétaires, une personne de la direction financière.
+ Premières aides versées, en moyenne 600 € par demande.
+ Premier bilan public : montants, délais de décision, demandes refusées et pourquoi.
= Le fonds fonctionne sans interruption et publie chaque année son bilan.
& Créer un fonds de solidarité entre membres ; Publier chaque année l’usage du fonds de solidarité

@ department | accompagnement | smb | fr | Refonte de l’accueil des nouveaux sociétaires | Nieuw onthaal voor nieuwe vennoten
> Trois rendez-vous pendant les premiers mois plutôt qu’une seule séance d’information.
? Le groupe de Liège demandait qu’aucun nouveau sociétaire ne reste seul pendant ses premiers mois.
+ Écoute de vingt nouveaux sociétaires sur leurs trois premiers mois.
+ Nouveau parcours en trois rendez-vous, testé à Liège et à Charleroi.
+ Formation des chargé·es d’accueil de tous les bureaux belges.
+ Extension du parcours aux bureaux français.
= Chaque nouveau sociétaire est reçu trois fois ; 1 200 personnes ont suivi le parcours.
& Organiser une séance d’accueil mensuelle dans chaque bureau ; Rappeler les nouveaux membres après trois mois ; Remettre un guide d’accueil clair

@ department | modele-economique | fin | fr | Facturation en deux jours | Facturatie in twee dagen
> Des factures émises en deux jours ouvrables au lieu de dix.
? Les sociétaires attendaient parfois deux semaines qu’une facture parte chez leur client.
+ Mesure des délais actuels, étape par étape, dans trois bureaux.
+ Suppression de la double validation pour les factures de moins de 5 000 €.
+ Suivi hebdomadaire des délais par bureau.
+ Délai moyen ramené à trois jours ; dernières étapes automatisées.
= Le délai moyen est de deux jours ouvrables depuis janvier.
& Publier le coût réel de chaque service ; Réduire les coûts de fonctionnement avant d’augmenter la contribution

@ department | modele-economique | fin | fr | Une grille tarifaire sur une page | Eén tarieflijst op één pagina
> Tous les frais facturés aux sociétaires sur une seule page, avec des exemples chiffrés.
? Trois groupes ont demandé de comprendre, sans calculette, ce que coûte un contrat.
+ Relevé de tous les frais existants : vingt-trois lignes différentes.
+ Rédaction de la page avec huit sociétaires de secteurs différents.
+ Relecture juridique et traduction en néerlandais.
+ Publication sur le site et dans le guide d’accueil.
= La grille tient sur une page ; les questions sur les frais ont baissé d’un tiers.
& Publier une grille tarifaire unique et lisible ; Publier chaque année l’usage de la contribution

@ experiment | gouvernance | vie | fr | Afterworks des sociétaires | Afterworks van vennoten
> Des rencontres régulières par ville, un jeudi soir par mois.
? Les groupes de 2019 voulaient que les bureaux redeviennent des lieux où l’on se croise.
+ Premier afterwork à Bruxelles : trente-cinq sociétaires.
+ Lancement à Lyon et à Liège, animés par des sociétaires volontaires.
+ Un lieu différent chaque mois, choisi par les participant·es.
+ Bilan avec les trois bureaux et guide pour lancer un afterwork ailleurs.
= Les afterworks continuent dans trois villes, avec un guide pour en lancer d’autres.
& Ouvrir les bureaux aux initiatives des sociétaires ; Désigner des sociétaires relais dans chaque bureau

@ experiment | solidarite | smb | fr | Cercles d’entraide | Hulpkringen
> De petits groupes de six sociétaires qui se retrouvent chaque mois pour s’aider sur leurs situations de travail.
? Le groupe de 2020 voulait que personne ne traverse seul une période difficile.
+ Appel aux volontaires : quarante sociétaires intéressé·es.
+ Six cercles formés, chacun avec une personne formée à l’animation.
+ Rencontres mensuelles et journal de bord partagé.
+ Bilan à mi-parcours avec les cercles.
= Quatre cercles continuent seuls ; le guide d’animation est publié.
& Prévenir l’épuisement professionnel ; Maintenir le lien avec les membres sans activité

@ experiment | gouvernance | vie | nl | Werkontbijten in Gent | Werkontbijten in Gent
> Om de twee weken een ontbijt voor vennoten, met één concrete vraag op tafel.
? De Gentse werkgroep wou dat het kantoor opnieuw een ontmoetingsplek werd.
+ Eerste ontbijt in het kantoor van Gent: twaalf vennoten.
+ Vast ritme om de twee weken, op dinsdag.
+ Elke keer een vennoot die een vraag over zijn of haar activiteit voorlegt.
+ Evaluatie met de deelnemers na zes maanden.
= De ontbijten gaan door; Antwerpen neemt het formaat over.
& Organiser des assemblées locales avant l’assemblée générale ; Ouvrir les bureaux aux initiatives des sociétaires

@ hackathon | modele-economique | fin | fr | Calculateur de tarif | Tariefcalculator
> Un outil né d’un hackathon pour fixer son prix en connaissant la contribution et les charges.
? Les nouveaux sociétaires sous-estimaient leurs charges et vendaient à perte.
+ Prototype construit en deux jours par l’équipe lauréate du hackathon.
+ Tests avec vingt sociétaires de cinq secteurs.
+ Intégration des taux belges et français.
+ Mise en ligne sur le portail des sociétaires.
= Le calculateur est utilisé par 3 000 sociétaires par mois.
& Publier une grille tarifaire unique et lisible ; Moduler la contribution selon le secteur

@ hackathon | outils | it | fr | Annuaire des compétences | Competentiegids
> Trouver un sociétaire par compétence, secteur et ville, s’il le souhaite.
? Les groupes de 2019 voulaient que les sociétaires se trouvent pour travailler ensemble.
+ Prototype du hackathon : recherche par compétence et par ville.
+ Règles de visibilité écrites avec la déléguée à la protection des données.
+ Ouverture aux sociétaires volontaires : 4 000 profils publics.
+ Recherche en néerlandais et filtres par secteur.
= L’annuaire compte 4 000 profils publics et des équipes se forment grâce à lui.
& Créer un annuaire des compétences des membres ; Construire les outils avec les membres

@ other | gouvernance | dg | fr | Charte de gouvernance partagée | Charter gedeeld bestuur
> Une charte qui dit qui décide quoi entre sociétaires, conseil d’administration et directions.
? Le cycle binational a demandé que deux pays décident ensemble sans que l’un parle pour l’autre.
+ Ateliers d’écriture dans six bureaux belges et français.
+ Première version soumise aux commentaires des sociétaires pendant un mois.
+ Version amendée présentée au conseil d’administration.
+ Vote de la charte à l’assemblée générale.
= La charte est votée et annexée au règlement d’ordre intérieur.
& Créer un espace de dialogue entre bureaux belges et français ; Consulter les sociétaires avant les décisions structurantes

@ priority | gouvernance | it | fr | Vote en ligne à l’assemblée générale | Online stemmen op de algemene vergadering
> Voter à distance avec les mêmes garanties que dans la salle.
? Les sociétaires éloignés d’un bureau ne pouvaient pas peser sur les votes.
+ Choix d’un prestataire de vote électronique conforme au droit belge et français.
+ Essai à blanc lors d’une assemblée locale à Namur.
+ Premier vote en ligne pendant l’assemblée générale : 1 400 votant·es à distance.
+ Vote en ligne ouvert aussi pour l’élection des administrateur·rices.
= La participation aux votes a doublé ; le vote en ligne est inscrit dans les statuts.
& Permettre le vote électronique à l’assemblée générale ; Mesurer la participation et la publier

@ department | gouvernance | com | nl | Tweetalige algemene vergadering | Tweetalige algemene vergadering
> Simultaanvertaling, documenten in beide talen en het woord afwisselend in het Frans en het Nederlands.
? De Vlaamse werkgroepen voelden zich toeschouwers op een Franstalige vergadering.
+ Alle documenten van de vergadering vertaald en tegelijk verstuurd.
+ Tolken ingehuurd voor de plenaire zittingen.
+ Afwisselend voorzitterschap in het Frans en het Nederlands.
+ Bevraging van de Nederlandstalige deelnemers na de vergadering.
= Elke algemene vergadering is nu volledig tweetalig.
& Tenir l’assemblée générale dans les deux langues nationales ; Rendre le rapport annuel compréhensible par tous

@ department | gouvernance | com | fr | La lettre des sociétaires | De nieuwsbrief van de vennoten
> Une lettre mensuelle courte sur les décisions, les projets en cours et les initiatives des sociétaires.
? Les groupes apprenaient les décisions du conseil par hasard, parfois des mois plus tard.
+ Comité de rédaction formé avec trois sociétaires.
+ Premier numéro envoyé en français et en néerlandais.
+ Rubrique « Ce que le conseil a décidé ce mois-ci ».
+ Lettre ouverte aux propositions d’articles des sociétaires.
= La lettre paraît chaque mois ; 46 % des sociétaires l’ouvrent.
& Créer une lettre d’information des sociétaires ; Publier les décisions du conseil d’administration

@ department | accompagnement | jur | fr | Permanences juridiques dans les bureaux | Juridische spreekuren in de kantoren
> Une demi-journée par mois dans chaque bureau pour poser ses questions juridiques sans rendez-vous.
? Les sociétaires loin de Bruxelles attendaient des semaines une réponse juridique.
+ Recrutement d’un juriste supplémentaire pour les bureaux wallons.
+ Premières permanences à Mons, Namur et Charleroi.
+ Extension aux bureaux flamands et français.
+ Fiche de suivi pour chaque question posée.
= Les permanences ont lieu chaque mois dans les dix-sept bureaux.
& Ouvrir des permanences juridiques ; Garantir un délai de réponse aux questions des membres

@ experiment | accompagnement | smb | fr | Parrainage entre sociétaires à Lyon | Peterschap tussen vennoten in Lyon
> Chaque nouveau venu rencontre un parrain ou une marraine de son secteur pendant six mois.
? Le groupe de Lyon voulait que l’expérience des anciens serve aux nouveaux.
+ Appel aux parrains et marraines : vingt-deux volontaires.
+ Premières paires formées par secteur.
+ Rencontre collective des paires après trois mois.
+ Bilan à six mois avec les filleul·es.
= Le parrainage est repris par le bureau de Lyon et proposé à Lille.
& Proposer un parrainage à chaque nouveau membre ; Proposer un mentorat entre membres de même métier

@ experiment | accompagnement | form | nl | Intervisie voor startende vennoten | Intervisie voor startende vennoten
> Een maandelijkse intervisiekring in Antwerpen voor vennoten in hun eerste jaar.
? De Antwerpse werkgroep zag starters afhaken omdat ze met hun vragen alleen bleven.
+ Oproep aan starters: vijftien aanmeldingen.
+ Twee kringen van zes vennoten, met een vaste begeleider.
+ Maandelijkse bijeenkomsten rond een casus van een deelnemer.
+ Evaluatie na negen maanden.
= Eén kring gaat zelfstandig verder; de methode staat in de gids voor begeleiders.
& Développer la formation entre pairs ; Former les nouveaux membres à la gestion de leur activité

@ priority | plaidoyer | dg | fr | Statut des travailleurs autonomes : une note au Parlement | Statuut van zelfstandige werkers: een nota voor het Parlement
> Porter au Parlement fédéral les propositions des sociétaires sur le statut des travailleurs autonomes.
? Trois recommandations demandaient de faire entendre la voix des sociétaires dans la réforme.
+ Synthèse des recommandations et témoignages de trente sociétaires.
+ Rencontres avec les groupes parlementaires.
+ Audition en commission des Affaires sociales.
+ Suivi des amendements et compte rendu aux sociétaires.
= Deux propositions ont été reprises dans la loi votée au printemps.
& Faire reconnaître le statut de travailleur autonome salarié ; Défendre l’accès au chômage des travailleurs intermittents

@ department | plaidoyer | com | fr | Rapport annuel d’impact | Jaarlijks impactrapport
> Montrer chaque année, chiffres à l’appui, ce que la coopérative change pour ses membres.
? Le groupe de 2017 voulait des chiffres à opposer aux idées reçues sur le modèle.
+ Choix de douze indicateurs avec des chercheuses de l’ULB.
+ Collecte des données anonymisées de l’année.
+ Rédaction et mise en page du premier rapport.
+ Présentation à la presse et aux partenaires.
= Le rapport d’impact paraît chaque année en juin.
& Publier un rapport annuel d’impact ; Publier des études chiffrées sur les revenus des membres

@ other | plaidoyer | dg | fr | Alliance européenne des coopératives d’activité | Europese alliantie van activiteitencoöperaties
> Réunir les coopératives d’activité d’Europe pour parler d’une seule voix à Bruxelles.
? Le groupe de 2021 demandait d’agir là où se décident les règles du travail autonome.
+ Rencontres avec des coopératives de six pays.
+ Rédaction d’une déclaration commune.
+ Création de l’association et de son secrétariat.
+ Première rencontre avec la Commission européenne.
= L’alliance compte onze coopératives et siège dans un groupe d’experts européen.
& Construire une alliance européenne des coopératives d’activité ; Rejoindre les fédérations de coopératives

@ department | plaidoyer | jur | fr | TVA réduite pour les prestations culturelles | Verlaagd btw-tarief voor culturele prestaties
> Obtenir un taux de TVA réduit pour les prestations artistiques des sociétaires.
? Les sociétaires du spectacle perdaient des contrats face à des concurrents moins taxés.
+ Note juridique comparant les taux belges, français et néerlandais.
+ Coalition avec quatre fédérations du secteur culturel.
+ Rencontre avec le cabinet du ministre des Finances.
+ Attente de l’avis du Conseil d’État.
= La proposition a été rejetée ; la coalition continue de la porter.
& Défendre un taux de TVA réduit pour les prestations culturelles ; Participer aux concertations sur le statut d’artiste

@ experiment | plaidoyer | com | fr | Sociétaires porte-parole | Vennoten als woordvoerders
> Former des sociétaires à parler de la coopérative aux médias et aux élu·es.
? Les groupes voulaient que la coopérative parle aussi par la voix de ses membres.
+ Appel à volontaires : dix-huit sociétaires retenus.
+ Deux journées de formation à la prise de parole.
+ Premières interventions dans la presse régionale.
+ Retour d’expérience et charte des porte-parole.
= Douze porte-parole interviennent régulièrement, en français et en néerlandais.
& Former des sociétaires porte-parole ; Raconter les parcours des membres

@ department | solidarite | fin | fr | Avances sur factures impayées | Voorschotten op onbetaalde facturen
> La coopérative avance le montant d’une facture en retard de plus de soixante jours.
? Les sociétaires attendaient parfois six mois d’être payés par un client public.
+ Analyse des retards de paiement sur trois ans.
+ Règlement de l’avance et plafond fixé à 5 000 €.
+ Premières avances versées dans les bureaux de Bruxelles et de Paris.
+ Relance systématique des clients par la coopérative.
= Les avances sont ouvertes à tous ; le délai de paiement moyen a baissé de vingt jours.
& Avancer les paiements des clients en retard ; Lisser les revenus sur l’année

@ priority | solidarite | smb | nl | Luisterlijn voor vennoten | Luisterlijn voor vennoten
> Een telefoonlijn, bemand door opgeleide medewerkers, voor vennoten in financiële of persoonlijke nood.
? De werkgroep van Gent en Antwerpen zag vennoten te laat om hulp vragen.
+ Opleiding van zes medewerkers door een gespecialiseerde vzw.
+ Proefperiode met een lijn in het Nederlands.
+ Uitbreiding naar een Franstalige lijn.
+ Eerste evaluatie: 240 oproepen, vooral over schulden.
= De luisterlijn is elke werkdag bereikbaar in beide talen.
& Ouvrir une ligne d’écoute pour les membres en difficulté ; Orienter vers les services sociaux partenaires

@ department | solidarite | rh | fr | Complément de congé parental | Aanvulling bij ouderschapsverlof
> Un complément versé par la coopérative pendant le congé parental des sociétaires.
? Le groupe de 2020 constatait que les sociétaires renonçaient au congé parental faute de revenu.
+ Calcul du coût sur la base des naissances des trois dernières années.
+ Règlement validé par le conseil d’administration.
+ Ouverture des demandes en janvier.
+ Premier bilan avec les familles bénéficiaires.
= Le complément a été versé à 140 familles la première année.
& Garantir les droits liés à la parentalité ; Informer chaque membre de ses droits sociaux

@ other | solidarite | fin | nl | Solidariteitskas in Leuven | Solidariteitskas in Leuven
> Vennoten van Leuven leggen samen een kleine kas aan voor onverwachte uitgaven.
? De Leuvense werkgroep zocht een snelle hulp voor kleine tegenslagen.
+ Twintig vennoten storten elk tien euro per maand.
+ Reglement en beslissingscomité van drie vennoten.
+ Eerste tussenkomsten: een laptop, een herstelling aan een bestelwagen.
+ Balans na een jaar met alle deelnemers.
= De kas werkt na een jaar; Gent wil hetzelfde proberen.
& Créer une caisse de solidarité alimentée par des dons ; Créer un fonds de solidarité entre membres

@ department | solidarite | smb | fr | Cellule de crise pour les sociétaires | Crisiscel voor vennoten
> Un point d’information unique et une aide individuelle quand une crise arrête un secteur.
? Pendant la crise sanitaire, les sociétaires cherchaient seuls les aides publiques.
+ Page d’information mise à jour chaque semaine.
+ Aide individuelle pour les demandes de droit passerelle.
+ Suspension de la contribution minimale pour les secteurs arrêtés.
+ Procédure écrite pour la prochaine crise.
= La cellule a aidé 2 100 sociétaires ; la procédure de crise est prête.
& Créer une cellule de crise pour les membres ; Suspendre la contribution minimale en cas de crise

@ department | outils | it | fr | Facturer depuis son téléphone | Factureren vanaf je telefoon
> Une application légère pour établir une facture et photographier ses frais.
? Une des recommandations les plus soutenues du cycle binational.
+ Entretiens avec trente sociétaires qui facturent en déplacement.
+ Première version limitée aux notes de frais.
+ Facturation ajoutée, avec les rappels automatiques aux clients.
+ Publication sur les magasins d’applications.
= L’application sert à 30 % des factures émises.
& Ouvrir une application mobile ; Permettre la facturation en ligne ; Suivre ses paiements en temps réel

@ department | outils | it | fr | Protection des données des sociétaires | Bescherming van de gegevens van de vennoten
> Un registre des traitements, une déléguée à la protection des données et des données hébergées en Europe.
? Les groupes de 2020 refusaient que les outils exploitent les données des membres.
+ Nomination de la déléguée à la protection des données.
+ Publication du registre des traitements.
+ Migration des serveurs vers un hébergeur européen.
+ Formation de toute l’équipe à la sécurité.
= Toutes les données sont hébergées en Europe ; le registre est public.
& Protéger les données des membres ; Héberger les données en Europe ; Former l’équipe à la sécurité informatique

@ experiment | outils | prod | nl | Materialenbank in Antwerpen | Materialenbank in Antwerpen
> Vennoten lenen elkaar professioneel materiaal uit, te beginnen met licht en geluid.
? De Antwerpse werkgroep zag dure toestellen het grootste deel van het jaar stilliggen.
+ Inventaris van het materiaal dat vennoten willen uitlenen.
+ Uitleenreglement en verzekering geregeld.
+ Opslagruimte in het kantoor van Antwerpen.
+ Online reservering via het portaal.
= Zestig toestellen worden gedeeld; Gent volgt.
& Ouvrir une matériauthèque entre membres ; Mettre des espaces de travail à disposition

@ other | outils | it | fr | Logiciels libres pour l’équipe | Vrije software voor het team
> Remplacer les outils bureautiques propriétaires de l’équipe par des logiciels libres.
? Le groupe de Louvain-la-Neuve demandait des outils dont la coopérative garde la maîtrise.
+ Inventaire des licences et de leur coût annuel.
+ Essai de la suite bureautique libre dans deux services.
+ Formation des équipes et migration des documents partagés.
+ Abandon des dernières licences propriétaires.
= L’équipe travaille avec des logiciels libres ; 40 000 € de licences économisés par an.
& Privilégier les logiciels libres ; Publier une feuille de route des outils

@ priority | accompagnement | form | fr | Formations à la gestion d’activité | Opleidingen bedrijfsbeheer
> Un cycle de six formations courtes : prix, trésorerie, contrats, prospection, TVA, fin d’année.
? Les nouveaux sociétaires découvraient la gestion en faisant des erreurs coûteuses.
+ Programme construit avec des sociétaires formateur·rices.
+ Premières sessions à Bruxelles et en ligne.
+ Version néerlandaise donnée à Gent.
+ Évaluation par les participant·es et ajustement du programme.
= Le cycle est proposé quatre fois par an en français et en néerlandais.
& Former les nouveaux membres à la gestion de leur activité ; Proposer des formations en néerlandais et en français

@ department | accompagnement | smb | nl | Persoonlijk aanspreekpunt voor elke vennoot | Persoonlijk aanspreekpunt voor elke vennoot
> Elke vennoot krijgt een vaste medewerker die zijn of haar dossier kent.
? De werkgroep van Gent wilde niet telkens opnieuw hetzelfde verhaal moeten vertellen.
+ Verdeling van de vennoten over de medewerkers van de Vlaamse kantoren.
+ Kennismakingsmail met naam en rechtstreeks nummer.
+ Opvolging van de antwoordtermijnen.
+ Bevraging van de vennoten na een jaar.
= Elke Vlaamse vennoot heeft een vast aanspreekpunt.
& Nommer une personne de référence pour chaque membre ; Garantir un délai de réponse aux questions des membres

@ other | accompagnement | smb | fr | Accompagner la fin d’activité | Begeleiding bij stopzetting van de activiteit
> Un rendez-vous et une liste claire pour clôturer son activité sans mauvaise surprise.
? Le groupe de Mons a vu des sociétaires recevoir des factures un an après leur départ.
+ Liste des démarches de clôture, en Belgique et en France.
+ Rendez-vous de sortie proposé à chaque sociétaire qui arrête.
+ Suivi des dossiers clos pendant six mois.
+ Bilan avec les sociétaires partis.
= Le rendez-vous de sortie est proposé à tous ; les réclamations tardives ont disparu.
& Accompagner la fin d’activité ; Proposer un bilan annuel d’activité

@ department | modele-economique | fin | fr | Relevé annuel des contributions | Jaaroverzicht van de bijdragen
> Chaque sociétaire reçoit en janvier le détail de ce qu’il a versé l’année précédente.
? Les groupes voulaient savoir, poste par poste, ce que chaque sociétaire paie.
+ Extraction des contributions de l’année par sociétaire.
+ Mise en page du relevé testée avec quinze sociétaires.
+ Envoi du premier relevé par le portail.
+ Ajout d’une comparaison avec l’année précédente.
= Le relevé part chaque année en janvier.
& Donner à chaque membre un relevé annuel de ce qu’il a payé ; Publier chaque année l’usage de la contribution

@ priority | modele-economique | dg | fr | Achats groupés des sociétaires | Groepsaankopen voor de vennoten
> Des assurances, du matériel et des logiciels négociés par la coopérative pour ceux qui le souhaitent.
? Chaque sociétaire négociait seul, et payait plus cher que des entreprises plus grandes.
+ Enquête sur les achats courants de 1 500 sociétaires.
+ Appel d’offres pour l’assurance responsabilité civile professionnelle.
+ Premier contrat groupé signé avec un assureur coopératif.
+ Extension aux ordinateurs et aux licences de logiciels.
= L’assurance groupée couvre 6 000 sociétaires, 20 % moins chère.
& Mutualiser les achats des membres ; Réinvestir une part des excédents dans les services aux membres

@ other | modele-economique | fin | fr | Comité budgétaire ouvert aux sociétaires | Begrotingscomité met vennoten
> Des sociétaires tirés au sort préparent le budget aux côtés de la direction financière.
? Le groupe de Namur voulait que les sociétaires voient les choix avant qu’ils soient faits.
+ Tirage au sort de huit sociétaires parmi les volontaires.
+ Formation à la lecture d’un budget.
+ Trois séances de travail avec la direction financière.
+ Avis du comité joint au budget présenté à l’assemblée générale.
= Le comité se réunit chaque automne ; son avis est publié.
& Ouvrir un comité budgétaire aux sociétaires ; Présenter les comptes en assemblée générale avec un langage accessible

@ hackathon | accompagnement | smb | fr | Le guide d’accueil en vidéo | De onthaalgids in video
> Six vidéos courtes pour comprendre la coopérative pendant son premier mois.
? L’équipe lauréate d’un hackathon a constaté que le guide écrit était peu lu.
+ Scénarios écrits avec des sociétaires arrivés dans l’année.
+ Tournage par des sociétaires de l’audiovisuel.
+ Sous-titrage en néerlandais et en anglais.
+ Envoi des vidéos dans le parcours d’accueil.
= Les vidéos sont vues par neuf nouveaux sociétaires sur dix.
& Remettre un guide d’accueil clair ; Organiser une séance d’accueil mensuelle dans chaque bureau

@ hackathon | gouvernance | vie | fr | Budget participatif des bureaux | Participatief budget van de kantoren
> Chaque bureau décide avec ses sociétaires de l’usage d’un petit budget annuel.
? Un hackathon a cherché comment donner aux bureaux une vraie prise sur leurs décisions.
+ Règles écrites pendant le hackathon et validées par le conseil.
+ Premier appel à projets dans les bureaux de Mons et de Lille.
+ Vote des sociétaires sur les projets proposés.
+ Bilan des projets financés.
= Le budget participatif est ouvert dans tous les bureaux.
& Donner un budget participatif aux bureaux ; Ouvrir les bureaux aux initiatives des sociétaires
"""


def _parse(text: str) -> list[Topic]:
    topics: list[Topic] = []
    block: dict[str, list[str]] = {}

    def flush() -> None:
        if not block:
            return
        kind, category, department, language, title, title_nl = (p.strip() for p in block["@"][0].split("|"))
        topics.append(
            Topic(
                kind=kind,
                category=category,
                department=department,
                language=language,
                title=title,
                title_nl=title_nl,
                summary=block[">"][0],
                why=block["?"][0],
                steps=tuple(block["+"]),
                outcome=block["="][0],
                answers=tuple(t.strip() for t in block["&"][0].split(";")),
            )
        )
        block.clear()

    for line in text.strip().splitlines():
        line = line.strip()
        if not line:
            continue
        mark, rest = line[0], line[1:].strip()
        if mark == "@":
            flush()
        block.setdefault(mark, []).append(rest)
    flush()
    return topics


#: Every project the demo can seed, in the order it seeds them.
TOPICS = _parse(_TOPICS)
