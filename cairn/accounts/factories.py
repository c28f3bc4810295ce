"""factory_boy factories for accounts; tests build members of any role with them."""

from __future__ import annotations

import hashlib
from typing import Any

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from cairn.accounts.models import (
    ApiToken,
    Country,
    Department,
    Interest,
    MemberImport,
    Office,
    Profile,
    Role,
    Sector,
    Skill,
    User,
    Visibility,
)

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


class MemberImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberImport

    created_by = None
    created_count = 3
    updated_count = 1
    unchanged_count = 0


# --- the rows of the libraries Cairn builds on that name a member ---------------------------


class EmailAddressFactory(factory.django.DjangoModelFactory):
    """A second address of a member (``UserFactory`` gives each account its verified one)."""

    class Meta:
        model = EmailAddress

    user = factory.SubFactory(UserFactory)
    email = factory.Sequence(lambda n: f"autre{n}@example.org")
    verified = False
    primary = False


class AuthenticatorFactory(factory.django.DjangoModelFactory):
    """A recovery-codes device; ``helpers.activate_totp`` makes a working TOTP one."""

    class Meta:
        model = Authenticator

    user = factory.SubFactory(UserFactory)
    type = Authenticator.Type.RECOVERY_CODES
    data = factory.LazyFunction(lambda: {"seed": "0" * 40, "used_mask": 0})


class LogEntryFactory(factory.django.DjangoModelFactory):
    """A line of the Django admin's own log."""

    class Meta:
        model = LogEntry

    user = factory.SubFactory(UserFactory)
    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Office))
    object_id = "1"
    object_repr = "Bureau"
    action_flag = CHANGE
    change_message = "[]"


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A staff member's personal access token; its secret is ``token.secret`` (the digest
    is what is stored). ``ApiTokenFactory(scopes=["read_internal"])``."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory, roles=["coordination"])
    name = factory.Sequence(lambda n: f"Outil {n}")
    secret = factory.Sequence(lambda n: f"cairn_test-secret-{n:04d}-{'x' * 20}")
    prefix = factory.LazyAttribute(lambda o: o.secret[:12])
    digest = factory.LazyAttribute(lambda o: hashlib.sha256(o.secret.encode()).hexdigest())
    scopes = factory.LazyFunction(list)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, secret: str = "", **kwargs: Any) -> Any:
        token = super()._create(model_class, *args, **kwargs)
        token.secret = secret
        return token
