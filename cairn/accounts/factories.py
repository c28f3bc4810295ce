"""factory_boy factories for accounts; tests build members of any role with them."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from cairn.accounts.models import Country, Department, Interest, Office, Profile, Role, Sector, Skill, User, Visibility

PASSWORD = "correct horse battery staple"  # noqa: S105 — the test password of every factory-made account


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Bureau {n}")
    city = factory.SelfAttribute("name")
    region = "Wallonie"
    country = Country.BE


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"secteur-{n}")
    name_fr = factory.Sequence(lambda n: f"Secteur {n}")
    name_nl = factory.Sequence(lambda n: f"Sector {n}")
    name_en = factory.Sequence(lambda n: f"Sector {n} (en)")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dir{n}")
    name_fr = factory.Sequence(lambda n: f"Direction {n}")
    name_nl = factory.Sequence(lambda n: f"Directie {n}")


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"compétence {n}")


class UserFactory(factory.django.DjangoModelFactory):
    """An active member with a verified e-mail, a profile and the member role.

    ``UserFactory(roles=["coordination"])`` adds roles; ``profile__visibility=...``
    sets profile fields; ``UserFactory(member=False)`` is an account that signed up and
    confirmed its address but that the cooperative's register does not list (no member role).
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"membre{n}@example.org")
    password = factory.django.Password(PASSWORD)
    profile = factory.RelatedFactory("cairn.accounts.factories.ProfileFactory", factory_related_name="user")

    @factory.post_generation
    def verified_email(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def member(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            self.groups.add(Group.objects.get_or_create(name=Role.MEMBER)[0])

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in extracted])


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory, profile=None)
    display_name = factory.Sequence(lambda n: f"Sociétaire {n}")
    language = "fr"
    country = Country.BE
    visibility = Visibility.MEMBERS
