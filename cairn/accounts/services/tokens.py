"""Personal access tokens for the API (docs/api.md): made, revoked, and checked on each
request.

A token's check — its owner, scopes and expiry, once the owner was found an active staff
member — is kept in the shared cache (Redis, or the database table every worker sees:
decision 0020) under the token's digest, so that an answer the API keeps runs no query at
all for a token, as for a visitor (decision 0038). It is forgotten, in every process at
once, whenever it could have become false: the token revoked, edited or deleted, its owner
deactivated or edited, their roles changed (``api_token_checks_forget``, from the
signals in ``apps.py``). The expiry is compared on every request.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.accounts.models import ApiScope, ApiToken, User
from cairn.core.audit import record_change, snapshot
from cairn.core.stamps import SHARED_CACHE

#: What starts every token, so that a secret scanner recognises a leaked one.
API_TOKEN_PREFIX = "cairn_"  # noqa: S105 (a marker, not a secret)
#: How often a token's last use is written down (not on every request).
API_TOKEN_USE_PRECISION = datetime.timedelta(minutes=5)
#: How long a token's check is kept when nothing forgets it first. Every change that could
#: make it false forgets it; this bounds the one race left, a check read just before a
#: revocation commits and stored just after it was forgotten.
API_TOKEN_CHECK_TTL = 60


def api_token_digest(secret: str) -> str:
    """The digest kept in place of a token's secret. The secret has 256 random bits, so a
    plain SHA-256 (no salt, no stretching) cannot be reversed, and it can be looked up."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_key(digest: str) -> str:
    return f"cairn:api-token:{digest}"


def api_token_create(*, user: User, name: str, scopes: Iterable[str], expires_at: datetime.datetime | None = None) -> tuple[ApiToken, str]:
    """Make a token for a staff member and return it with its secret, which is shown once
    and never stored. Audited on the token (its name and scopes, not its secret)."""
    from cairn.accounts.rules import is_staff_member

    if not is_staff_member(user):
        raise PermissionDenied(_("Seule l’équipe peut créer des jetons d’accès."))
    wanted = sorted(set(scopes))
    if unknown := [scope for scope in wanted if scope not in ApiScope.values]:
        raise ValidationError({"scopes": _("Portée inconnue : %(scopes)s.") % {"scopes": ", ".join(unknown)}})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("La date d’expiration doit être dans le futur.")})
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=" ".join(name.split())[:80],
        prefix=secret[:12],
        digest=api_token_digest(secret),
        scopes=wanted,
        expires_at=expires_at,
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
        record_change(actor=user, instance=token, action="create", after=snapshot(token, ["name", "scopes", "expires_at"]))
    return token, secret


def api_token_revoke(*, token: ApiToken, actor: User) -> bool:
    """Revoke a token (its owner, from their profile). False when it was already revoked.
    Its kept check is forgotten at once and again when the transaction commits."""
    with transaction.atomic():
        now = timezone.now()
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
        if changed:
            token.revoked_at = now
            record_change(actor=actor, instance=token, action="revoke", after=snapshot(token, ["revoked_at"]))
        api_token_checks_forget(digests=[token.digest])
    return bool(changed)


def api_token_checks_forget(*, digests: Iterable[str] = (), user_id: int | None = None) -> None:
    """Forget the kept checks of these tokens, or of every token of ``user_id``: now, and
    again when the transaction commits (a request that read the old rows meanwhile cannot
    leave its check behind)."""
    keys = [_check_key(digest) for digest in digests]
    if user_id is not None:
        keys += [_check_key(digest) for digest in ApiToken.objects.filter(user_id=user_id).values_list("digest", flat=True)]
    if not keys:
        return
    shared = caches[SHARED_CACHE]
    shared.delete_many(keys)
    transaction.on_commit(lambda: shared.delete_many(keys))


def api_token_authenticate(*, secret: str) -> ApiToken | None:
    """The active token with this secret, whose owner is still an active staff member, or
    None. Notes when it was used, at most every few minutes. Read from the kept check when
    there is one, the owner then not loaded: the middleware reads them lazily, when a rule
    needs them (an answer the API keeps does not)."""
    from cairn.accounts.rules import is_staff_member

    digest = api_token_digest(secret)
    shared = caches[SHARED_CACHE]
    kept: dict[str, Any] | None = shared.get(_check_key(digest))
    if kept is None:
        token = ApiToken.objects.active().select_related("user").filter(digest=digest).first()
        if token is None or not token.user.is_active or not is_staff_member(token.user):
            return None
    elif kept["expires_at"] is not None and kept["expires_at"] <= timezone.now():
        return None
    else:
        token = ApiToken(
            pk=kept["id"],
            user_id=kept["user"],
            digest=digest,
            scopes=kept["scopes"],
            expires_at=kept["expires_at"],
            last_used_at=kept["used"],
        )
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > API_TOKEN_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    if kept is None or kept["used"] != token.last_used_at:
        kept = {
            "id": token.pk,
            "user": token.user_id,
            "scopes": list(token.scopes),
            "expires_at": token.expires_at,
            "used": token.last_used_at,
        }
        shared.set(_check_key(digest), kept, API_TOKEN_CHECK_TTL)
    return token
