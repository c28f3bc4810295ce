from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cairn.accounts"
    label = "accounts"
    verbose_name = _("Sociétaires et comptes")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .models import ApiToken, Profile, User
        from .selectors import people_stamp

        # How pages name members: the pages kept for visitors are keyed on it (cairn.core.stamps),
        # and on which accounts are active.
        people_stamp.watch(Profile)
        post_save.connect(_forget_people, sender=User, dispatch_uid="people-stamp:user-save")

        # A token's kept check (services/tokens.py) is forgotten whenever it could have
        # become false: the token edited or deleted, its owner edited or their roles changed.
        post_save.connect(_forget_token_check, sender=ApiToken, dispatch_uid="api-token-check:token-save")
        post_delete.connect(_forget_token_check, sender=ApiToken, dispatch_uid="api-token-check:token-delete")
        post_save.connect(_forget_owner_checks, sender=User, dispatch_uid="api-token-check:user-save")
        m2m_changed.connect(_forget_role_checks, sender=User.groups.through, dispatch_uid="api-token-check:user-groups")


#: The fields of an account the token check reads (whether the owner may still use it).
_CHECKED_FIELDS = {"is_active", "is_staff", "is_superuser"}


def _forget_token_check(instance, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    from .services import api_token_checks_forget

    api_token_checks_forget(digests=[instance.digest])


def _forget_owner_checks(instance, created=False, update_fields=None, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    # A new account has no token yet; a sign-in writes last_login only: nothing the check reads.
    if created or (update_fields is not None and not _CHECKED_FIELDS & set(update_fields)):
        return
    from .services import api_token_checks_forget

    api_token_checks_forget(user_id=instance.pk)


def _forget_role_checks(instance, action, reverse, pk_set, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    from .services import api_token_checks_forget

    if not reverse:  # user.groups.add(…), .remove(…), .clear()
        if action in {"post_add", "post_remove", "post_clear"}:
            api_token_checks_forget(user_id=instance.pk)
        return
    # group.user_set.…: the users named, or on clear the group's members (before they go).
    from .models import User

    if action in {"post_add", "post_remove"}:
        users = set(pk_set or ())
    elif action == "pre_clear":
        users = set(User.objects.filter(groups=instance).values_list("pk", flat=True))
    else:
        return
    for user_id in users:
        api_token_checks_forget(user_id=user_id)


def _forget_people(instance, created=False, update_fields=None, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    # A sign-in writes last_login only: it changes no one's place in the directory.
    if update_fields is not None and "is_active" not in update_fields:
        return
    from .selectors import people_stamp

    people_stamp.forget()
