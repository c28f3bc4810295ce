"""The names of the demo cooperative's people: Belgian French (Brussels and Wallonia),
Flemish and French, as the members of each office would be called.

First names carry the form their bearer would likely choose for their role labels
(``Profile.gender``); a few are worn by women and men alike and get none. Surnames come
from the office's region: a member of the Liège office is more often a Remacle or a
Lhoest, one of Gent a De Smet, one of Lyon a Girard.
"""

from __future__ import annotations

import random

from cairn.accounts.models import Gender

#: Where a name comes from: Brussels and Wallonia, Flanders, France.
BELGIAN_FRENCH, FLEMISH, FRENCH = "be-fr", "nl", "fr"

FEMININE_FR = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Emma",
    "Sarah",
    "Julie",
    "Claire",
    "Anne",
    "Sophie",
    "Marie",
    "Lucie",
    "Élise",
    "Nadia",
    "Amina",
    "Yasmine",
    "Fatou",
    "Margaux",
    "Pauline",
    "Mathilde",
    "Juliette",
    "Zoé",
    "Alice",
    "Agathe",
    "Clémence",
    "Hélène",
    "Isabelle",
    "Nathalie",
    "Valérie",
    "Céline",
    "Aurélie",
    "Laetitia",
    "Salomé",
    "Maëlle",
    "Océane",
    "Rania",
    "Leïla",
    "Khadija",
    "Aïcha",
    "Mariam",
    "Sofia",
    "Bérénice",
    "Capucine",
    "Coralie",
    "Éloïse",
    "Inaya",
    "Anaïs",
    "Noémie",
    "Ophélie",
    "Rose",
    "Suzanne",
]
#: First names more often heard in Brussels and Wallonia than in France.
FEMININE_BE_FR = [
    "Delphine",
    "Virginie",
    "Stéphanie",
    "Murielle",
    "Françoise",
    "Martine",
    "Bénédicte",
    "Geneviève",
    "Ludivine",
    "Maïté",
    "Gaëlle",
    "Laurence",
]
MASCULINE_FR = [
    "Thomas",
    "Lucas",
    "Hugo",
    "Louis",
    "Nathan",
    "Maxime",
    "Julien",
    "Antoine",
    "Nicolas",
    "Pierre",
    "Olivier",
    "Karim",
    "Mehdi",
    "Youssef",
    "Arnaud",
    "Benoît",
    "Gaël",
    "Victor",
    "Arthur",
    "Raphaël",
    "Gabriel",
    "Théo",
    "Adrien",
    "Baptiste",
    "Quentin",
    "Romain",
    "Sébastien",
    "Vincent",
    "François",
    "Laurent",
    "Philippe",
    "Xavier",
    "Cédric",
    "Grégoire",
    "Florian",
    "Jérôme",
    "Matthieu",
    "Samuel",
    "Simon",
    "Tristan",
    "Yannick",
    "Bilal",
    "Omar",
    "Ibrahim",
    "Moussa",
    "Ismaël",
    "Rayan",
    "Noah",
    "Luc",
]
MASCULINE_BE_FR = [
    "Didier",
    "Thierry",
    "Christophe",
    "Michaël",
    "Frédéric",
    "Bruno",
    "Renaud",
    "Ludovic",
    "Damien",
    "Geoffrey",
    "Jean-Marc",
    "Benjamin",
]
FEMININE_NL = [
    "Lotte",
    "Emma",
    "Marie",
    "Fien",
    "Hanne",
    "Lien",
    "Sofie",
    "Eline",
    "Ine",
    "Griet",
    "Els",
    "Annelies",
    "Noor",
    "Sanne",
    "Marthe",
    "Nele",
    "Lore",
    "Febe",
    "Jana",
    "Lisa",
    "Elke",
    "Katrien",
    "Veerle",
    "Leen",
    "Ellen",
    "Evi",
    "Silke",
    "Hilde",
    "Mieke",
    "Sara",
    "Tine",
    "Anke",
    "Birgit",
    "Liesbeth",
    "Jolien",
    "Amber",
    "Margot",
    "Kato",
    "Roos",
    "Fleur",
    "Yana",
    "Zita",
    "Nina",
    "Saar",
]
MASCULINE_NL = [
    "Jonas",
    "Pieter",
    "Lars",
    "Wout",
    "Bram",
    "Jens",
    "Stijn",
    "Koen",
    "Tom",
    "Thijs",
    "Jeroen",
    "Dries",
    "Arne",
    "Wim",
    "Ruben",
    "Simon",
    "Seppe",
    "Maarten",
    "Joris",
    "Tijs",
    "Bert",
    "Geert",
    "Hans",
    "Kristof",
    "Bart",
    "Wouter",
    "Dirk",
    "Filip",
    "Gert",
    "Jan",
    "Joost",
    "Lukas",
    "Matthias",
    "Nick",
    "Pieterjan",
    "Rik",
    "Steven",
    "Toon",
    "Vincent",
    "Warre",
    "Xander",
    "Yannick",
    "Hamza",
    "Mohamed",
    "Ayoub",
    "Senne",
    "Lowie",
    "Mats",
    "Jef",
    "Staf",
    "Mil",
]
#: Worn by women and men alike: their bearers choose no form here.
EPICENE_FR = ["Sacha", "Alex", "Dominique", "Claude", "Charlie"]
EPICENE_NL = ["Sam", "Robin", "Kim", "Jo"]

SURNAMES = {
    BELGIAN_FRENCH: (
        "Dubois Lambert Dupont Leroy Simon Laurent Lefèbvre Michel Leclercq Mertens Denis Renard Fontaine Lejeune "
        "Collard Gilson Hermans Delvaux Marchal Wauters Lemaire Charlier Goffin Jacquet Piron Lecomte Pirard Hubert "
        "Deprez Dethier Remacle Thiry Lhoest Bodart Cornet Gérard Bastin Cuvelier Halleux Léonard Mathy Noël Poncelet "
        "Servais Wilmotte Dumont Dupuis Demoulin Delhaye Colignon Hanssens Vandenbosch Debruyne Detry Jadot Bertrand "
        "Benali El Amrani Bouzid Kaya Yilmaz Diallo Rossi Esposito Russo Romano Kowalski Nowak Da Silva Ferreira Mukendi"
    ),
    FLEMISH: (
        "Peeters Janssens Maes Jacobs Willems Claes Goossens Wouters De_Smet Vermeulen Hermans Van_Damme Verstraeten "
        "De_Backer Coppens Pauwels Aerts Desmet Lemmens Martens Van_den_Broeck Verhoeven Smets Bogaert Mertens Michiels "
        "Van_de_Velde Declercq Stevens De_Cock Dewulf Segers Verbeke Vandenberghe Hendrickx Van_Acker Cools Dierckx "
        "Verschueren Wuyts Van_Dyck Gielen Laenen Sels Bosmans Thys Geerts Vos Moens Baert Vandamme Dhondt Claeys "
        "Lambrechts Van_Hove Verlinden De_Vos Van_Aelst De_Wilde Beckers Celis Daems Engelen Fransen Govaerts Heylen "
        "Kerkhofs Luyten Mattheeuws Nijs Raes Schepers Tack Timmermans Van_Gorp Van_Loon Verbruggen Wijns Yildiz "
        "El_Idrissi Boukhari Nuyts Cuypers Deckers Hoste Leys Ramaekers Reynaert Rombouts Smolders Spruyt Van_Laere"
    ),
    FRENCH: (
        "Martin Moreau Garcia Bernard Petit Durand Girard Bonnet Roux Fournier Morel André Gauthier Chevalier Robin "
        "Masson Blanc Guérin Muller Henry Perrin Morin Mathieu Clément Lucas Caron Picard Roger Schmitt Colin Vidal "
        "Gaillard Brun Barbier Arnaud Martinez Giraud Leroux Rolland Dufour Meyer Maillard Baron Renaud Boyer Lacroix "
        "Mercier Rousseau Le_Gall Le_Goff Richard Bertin Fabre Marchand Haddad Nguyen Traoré Mendy Santos Costa "
        "Benhamou Popescu Ben_Salah Lopez"
    ),
}
#: Surnames by origin ("De_Smet" in the lists above is « De Smet »).
LAST_NAMES = {origin: [name.replace("_", " ") for name in names.split()] for origin, names in SURNAMES.items()}


def first_names(origin: str) -> list[tuple[str, str]]:
    """(first name, gender) for ``origin``: "" for an epicene name."""
    if origin == FLEMISH:
        return [
            *((n, Gender.FEMININE.value) for n in FEMININE_NL),
            *((n, Gender.MASCULINE.value) for n in MASCULINE_NL),
            *((n, "") for n in EPICENE_NL),
        ]
    feminine = FEMININE_FR + (FEMININE_BE_FR if origin == BELGIAN_FRENCH else [])
    masculine = MASCULINE_FR + (MASCULINE_BE_FR if origin == BELGIAN_FRENCH else [])
    return [
        *((n, Gender.FEMININE.value) for n in feminine),
        *((n, Gender.MASCULINE.value) for n in masculine),
        *((n, "") for n in EPICENE_FR),
    ]


_FIRST = {origin: first_names(origin) for origin in (BELGIAN_FRENCH, FLEMISH, FRENCH)}


def origin_of(country: str, language: str) -> str:
    """Where a member's name likely comes from: their office's country and their language."""
    if language == "nl":
        return FLEMISH
    return FRENCH if country == "FR" else BELGIAN_FRENCH


def person_name(rng: random.Random, origin: str) -> tuple[str, str, str]:
    """(first name, surname, gender) of someone from ``origin``."""
    first, gender = rng.choice(_FIRST[origin])
    return first, rng.choice(LAST_NAMES[origin]), gender
