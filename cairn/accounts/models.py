"""Members: the login account, the member profile, and the cooperative's structure
(offices, sectors, departments) and vocabularies (skills, interests) a profile refers to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cairn.core.models import TimeStampedModel, TranslatedNameModel
from cairn.core.validators import validate_plain_text, validate_single_line

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Country(models.TextChoices):
    BE = "BE", _("Belgique")
    FR = "FR", _("France")


class Language(models.TextChoices):
    FR = "fr", "Français"
    NL = "nl", "Nederlands"
    EN = "en", "English"


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public : visible de tout le monde")
    MEMBERS = "members", _("Sociétaires : visible des sociétaires connecté·es")
    PRIVATE = "private", _("Privé : visible de moi et de l’équipe de coordination")


class Role(models.TextChoices):
    """The roles of DESIGN.md §2; each is a Django group of the same name."""

    MEMBER = "member", _("Sociétaire")
    FACILITATOR = "facilitator", _("Animateur·rice")
    COORDINATION = "coordination", _("Équipe de coordination")
    DEPARTMENT_LEAD = "department_lead", _("Responsable de direction")
    ADMIN = "admin", _("Administrateur·rice")


class Gender(models.TextChoices):
    """How a member's role is written beside their name, in French and Dutch: « animatrice »,
    « coördinatrice » or « animateur », « coördinator ». Only for role labels (see
    ``cairn/accounts/roles.py``); without a choice, the neutral form (« animateur·rice »)."""

    FEMININE = "f", _("Au féminin : animatrice, coordinatrice")
    MASCULINE = "m", _("Au masculin : animateur, coordinateur")


#: Roles whose holders must protect their account with TOTP.
STAFF_ROLES = frozenset({Role.COORDINATION, Role.DEPARTMENT_LEAD, Role.ADMIN})


class Office(models.Model):
    """An office (agence) of the cooperative, where members are attached."""

    name = models.CharField(_("nom"), max_length=120)
    city = models.CharField(_("ville"), max_length=120)
    region = models.CharField(_("région"), max_length=120, blank=True)
    country = models.CharField(_("pays"), max_length=2, choices=Country.choices)

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("bureau")
        verbose_name_plural = _("bureaux")
        constraints = [models.UniqueConstraint(Lower("name"), name="accounts_office_name_unique_ci")]

    def __str__(self) -> str:
        return self.name


class Sector(TranslatedNameModel):
    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("secteur")
        verbose_name_plural = _("secteurs")


class Department(TranslatedNameModel):
    """A department (direction) of the cooperative, responsible for recommendations."""

    code = models.SlugField(_("code"), max_length=20, unique=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("direction")
        verbose_name_plural = _("directions")


class Interest(TranslatedNameModel):
    """A theme a member cares about; later cycles' theme categories map onto these."""

    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("centre d’intérêt")
        verbose_name_plural = _("centres d’intérêt")


class Skill(models.Model):
    """A free tag; the profile form suggests the most used ones."""

    name = models.CharField(_("nom"), max_length=60, validators=[validate_single_line])

    class Meta:
        ordering = ["name"]
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        constraints = [models.UniqueConstraint(Lower("name"), name="accounts_skill_name_unique_ci")]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def normalize_email(self, email: str | None) -> str:  # type: ignore[override]
        return (email or "").strip().lower()

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)  # None gives an unusable password
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def nameable(self, *, keeping: Iterable[int] | models.QuerySet[Any] = ()) -> models.QuerySet[User]:
        """Whom a form may name (a project's coordinator and team, an event's organisers):
        an active account; and the people the object already names (``keeping``: their
        ids), kept as they are even after they left, so that editing it still saves. A
        member who deleted their account stays listed under their placeholder address."""
        return self.filter(Q(is_active=True, anonymised_at__isnull=True) | Q(pk__in=keeping))


class User(AbstractBaseUser, PermissionsMixin):
    """A login account, identified by e-mail. Everything about the person is on ``Profile``."""

    email = models.EmailField(_("adresse e-mail"), max_length=254, unique=True)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(
        _("accès à l’administration"), default=False, help_text=_("Peut se connecter à l’interface d’administration.")
    )
    date_joined = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    invited_at = models.DateTimeField(_("invité·e le"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisé·e le"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[var-annotated]

    class Meta:
        verbose_name = _("compte")
        verbose_name_plural = _("comptes")
        constraints = [models.CheckConstraint(condition=Q(email=Lower("email")), name="accounts_user_email_lowercase")]
        # The people's stamp (selectors.people_stamp) counts the deactivated accounts here.
        indexes = [models.Index(fields=["id"], condition=Q(is_active=False), name="accounts_user_inactive")]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    @property
    def is_reachable(self) -> bool:
        """Whether e-mails may go to this account: it is active and was not erased (an
        erased account's address is a placeholder)."""
        return self.is_active and self.anonymised_at is None

    @property
    def role_names(self) -> set[str]:
        """Names of the user's role groups, read once per request."""
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self._role_names


class ProfileQuerySet(models.QuerySet["Profile"]):
    def active(self) -> ProfileQuerySet:
        return self.filter(user__is_active=True, user__anonymised_at__isnull=True)

    def visible_to(self, viewer: User | AnonymousUser) -> ProfileQuerySet:
        """Profiles the viewer may see: those of ``listing_scope(viewer)``, and their own."""
        qs = self.active()
        if not viewer.is_authenticated:
            return qs.filter(visibility__in=listing_scope(viewer))
        return qs.filter(Q(visibility__in=listing_scope(viewer)) | Q(user=viewer))

    def listed_for(self, viewer: User | AnonymousUser) -> ProfileQuerySet:
        """Profiles the directory lists for the viewer: like ``visible_to``, except that a
        private profile is never listed, not even to its owner (who opens it from their
        account menu) — only the coordination team's directory shows private profiles."""
        return self.active().filter(visibility__in=listing_scope(viewer))


def listing_scope(viewer: User | AnonymousUser) -> list[str]:
    """The visibilities of the profiles the viewer sees, besides their own: public ones for
    everyone, members-only ones for the cooperative's members (the member role: an account
    that only signed up sees what a visitor sees), every one for the coordination team.

    The one statement of who sees which profile: ``visible_to``, ``listed_for``, the
    ``accounts.view_profile`` rule and the directory's cached count all read it.
    """
    from cairn.accounts.rules import can_see_private_profiles, is_member

    if can_see_private_profiles(viewer):
        return [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE]
    if is_member(viewer):
        return [Visibility.PUBLIC, Visibility.MEMBERS]
    return [Visibility.PUBLIC]


class Profile(TimeStampedModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(
        _("nom affiché"), max_length=80, validators=[validate_single_line], help_text=_("Le nom que les autres sociétaires voient.")
    )
    language = models.CharField(_("langue préférée"), max_length=2, choices=Language.choices, default=Language.FR)
    country = models.CharField(_("pays"), max_length=2, choices=Country.choices, blank=True)
    office = models.ForeignKey(Office, verbose_name=_("bureau"), on_delete=models.SET_NULL, null=True, blank=True, related_name="profiles")
    sector = models.ForeignKey(Sector, verbose_name=_("secteur"), on_delete=models.SET_NULL, null=True, blank=True, related_name="profiles")
    profession = models.CharField(_("métier"), max_length=120, blank=True, validators=[validate_single_line])
    department = models.ForeignKey(
        Department,
        verbose_name=_("direction"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("Pour les responsables de direction : la direction dont ils ou elles répondent."),
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("compétences"), blank=True, related_name="profiles")
    interests = models.ManyToManyField(Interest, verbose_name=_("centres d’intérêt"), blank=True, related_name="profiles")
    bio = models.TextField(_("présentation"), max_length=1000, blank=True, validators=[validate_plain_text])
    visibility = models.CharField(_("visibilité du profil"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS)
    gender = models.CharField(
        _("accord de vos rôles"),
        max_length=1,
        choices=Gender.choices,
        blank=True,
        help_text=_(
            "Seulement pour écrire votre rôle à côté de votre nom, là où votre profil est visible. "
            "Sans choix, Cairn écrit la forme neutre : animateur·rice."
        ),
    )

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil")
        verbose_name_plural = _("profils")
        indexes = [
            models.Index(fields=["visibility", "display_name"], name="accounts_profile_vis_name"),
            # The members' directory lists public and members-only profiles (most rows) by
            # name: walking this index in order reaches a page at once, without a sort.
            models.Index(fields=["display_name", "id"], name="accounts_profile_name_id"),
            # The people's stamp (selectors.people_stamp) reads the latest change here.
            models.Index(fields=["updated_at"], name="accounts_profile_updated"),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        if self.user.anonymised_at:
            return str(_("Ancien·ne sociétaire"))
        return self.display_name


class MemberImport(models.Model):
    """A record of each applied member import, for the coordination team's history."""

    created_at = models.DateTimeField(_("importé le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("importé par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_count = models.PositiveIntegerField(_("comptes créés"))
    #: Existing accounts (signed up before the register listed them) made members.
    recognised_count = models.PositiveIntegerField(_("comptes existants reconnus"), default=0)
    updated_count = models.PositiveIntegerField(_("profils mis à jour"))
    unchanged_count = models.PositiveIntegerField(_("lignes inchangées"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import de sociétaires")
        verbose_name_plural = _("imports de sociétaires")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} (+{self.created_count}, ~{self.updated_count})"


class ApiScope(models.TextChoices):
    """What a personal access token may do besides reading public data (docs/api.md)."""

    READ_INTERNAL = "read_internal", _("Lire les données internes")
    SUBMIT_ASSESSMENT = "submit_assessment", _("Proposer des évaluations")
    QUEUE_IMPORT = "queue_import", _("Lancer un import du registre")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(models.Model):
    """A staff member's personal access token for the API. Only a SHA-256 digest of the
    secret is kept (the secret is shown once, when made); ``prefix`` lets its owner tell
    tokens apart. Revoked, never deleted while the account lives (the audit names it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("compte"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nom"), max_length=80, validators=[validate_single_line])
    prefix = models.CharField(_("début du jeton"), max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("portées"), default=list, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("jeton d’accès à l’API")
        verbose_name_plural = _("jetons d’accès à l’API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())
