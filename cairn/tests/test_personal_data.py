"""Every row that names a member is in their data export ("Mes données").

The test walks the app registry for every model with a foreign key, a one-to-one or a
many-to-many to the user model — in Cairn's apps, present and future, and in the libraries
they build on (allauth's addresses and devices, the admin's log) — makes one row of it
that names a member, and checks that the member's export shows it: a new entry carrying
the row's ``id`` (for a many-to-many, the id of the object naming them) under the section
of the app that owns the model. Then it erases the member, which must go through with
that row in place.

A new model that names a member fails here until:

1. its app's tests can make a row of it: a factory_boy factory for the model in the app's
   ``factories.py``, with defaults for every other required field;
2. its app's part of the export lists the row with its ``id``: the ``export`` of the
   ``accounts.services.PersonalData`` the app registers under the ``personal_data`` hook
   from its ``hooks.py``, in a section named after the app — and its ``erase`` removes
   what must go when the member leaves.

A model outside Cairn's apps, or one accounts shows in its own parts, names its section in
``SECTION_OF``.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

import factory
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.fields.related import RelatedField
from django.test.utils import isolate_apps
from django.utils.module_loading import module_has_submodule

from cairn.accounts.factories import UserFactory
from cairn.accounts.services import member_anonymise, member_export_data
from cairn.core import hooks

pytestmark = pytest.mark.django_db

User = get_user_model()

#: Where the export shows a model's rows, when not in the section named after its app:
#: the account, the profile and the audit parts that accounts writes itself.
SECTION_OF = {
    "accounts.Profile": "profile",
    "accounts.MemberImport": "account",
    "accounts.ApiToken": "account",
    "account.EmailAddress": "account",
    "mfa.Authenticator": "account",
    "core.AuditEntry": "audit",
    "admin.LogEntry": "audit",
}


def user_relations(candidates: Iterable[type[models.Model]] | None = None) -> list[RelatedField]:
    """The fields that point to the user model: foreign keys, one-to-ones, many-to-manys
    (an auto-created many-to-many table is found through its field)."""
    found = []
    for model in apps.get_models() if candidates is None else candidates:
        if model._meta.auto_created:
            continue
        for field in model._meta.get_fields():
            if field.auto_created or not field.is_relation or field.related_model is not User:
                continue
            if field.many_to_one or field.one_to_one or field.many_to_many:
                found.append(field)
    return found


def factory_for(model: type[models.Model]) -> type[factory.django.DjangoModelFactory] | None:
    """The factory_boy factory of ``model`` in one of Cairn's apps' ``factories.py``."""
    for config in apps.get_app_configs():
        if not config.name.startswith("cairn.") or not module_has_submodule(config.module, "factories"):
            continue
        module = importlib.import_module(f"{config.name}.factories")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory) and value._meta.model is model:
                return value
    return None


def section_of(model: type[models.Model]) -> str:
    return SECTION_OF.get(model._meta.label, model._meta.app_label)


def _paths_to_id(value: Any, pk: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Where ``value`` (an export's section) holds an entry whose ``id`` is ``pk``."""
    if isinstance(value, dict):
        if value.get("id") == pk:
            yield path
        for key, item in value.items():
            yield from _paths_to_id(item, pk, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths_to_id(item, pk, (*path, index))


def check_exported(field: RelatedField) -> Any:
    """Make a row of ``field``'s model naming a member; fail unless the member's export
    shows it in its section, as a new entry with the row's id. Returns the member."""
    model = field.model
    label = f"{model._meta.label}.{field.name}"
    maker = factory_for(model)
    if maker is None:
        pytest.fail(
            f"{label} names a member, but no factory makes a {model.__name__}: add one to "
            f"cairn/{model._meta.app_label}/factories.py (see this module's docstring).",
            pytrace=False,
        )
    section = section_of(model)
    member = UserFactory(profile=None, verified_email=False)  # a bare account: the row is its only trace
    before = member_export_data(user=member)
    if field.many_to_many:
        row = maker()
        getattr(row, field.name).add(member)
    else:
        row = maker(**{field.name: member})
    after = member_export_data(user=member)

    assert section in after, f"{label}: the export has no {section!r} section: register the app's part under the personal_data hook."
    json.dumps(after[section])  # JSON-able, as the download needs
    new = set(_paths_to_id(after[section], row.pk)) - set(_paths_to_id(before.get(section), row.pk))
    assert new, (
        f"{label}: the member's export does not show this {model.__name__} (no new entry with id {row.pk} "
        f"under {section!r}): list it in the app's personal_data export (see this module's docstring)."
    )
    return member


@pytest.mark.parametrize("field", user_relations(), ids=lambda f: f"{f.model._meta.label}.{f.name}")
def test_every_row_naming_a_member_is_in_their_export_and_erasure_goes_through(field: RelatedField) -> None:
    member = check_exported(field)

    member_anonymise(user=member)

    assert User.objects.get(pk=member.pk).anonymised_at is not None
    member_export_data(user=member)  # still answers after the erasure


def test_the_walk_finds_the_relations_the_apps_have_today() -> None:
    """The walk sees each kind of relation (a check that finds nothing proves nothing)."""
    found = {f"{f.model._meta.label}.{f.name}" for f in user_relations()}

    assert {"accounts.Profile.user", "events.Registration.user", "projects.Project.team", "core.AuditEntry.actor"} <= found
    assert {"admin.LogEntry.user", "account.EmailAddress.user", "mfa.Authenticator.user"} <= found
    assert not any(label.startswith("accounts.User_") or label.endswith("_organisers.user") for label in found)


@isolate_apps("cairn.core")
def test_a_new_model_naming_a_member_fails_until_it_has_a_factory() -> None:
    class Bookmark(models.Model):
        owner = models.ForeignKey(User, on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return f"{self.owner_id}"

    (field,) = user_relations([Bookmark])
    assert field.name == "owner"

    with pytest.raises(pytest.fail.Exception, match=r"core\.Bookmark\.owner names a member, but no factory makes a Bookmark"):
        check_exported(field)


def test_a_row_missing_from_its_apps_export_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """An app whose export forgets its rows (here: events exporting nothing) is caught."""
    from cairn.accounts.services import PersonalData
    from cairn.events.models import Feedback

    registered = hooks.get_hooks("personal_data")
    forgetful = [PersonalData("events", export=lambda *, user: {}) if held.section == "events" else held for held in registered]
    monkeypatch.setattr(hooks, "get_hooks", lambda name: forgetful if name == "personal_data" else registered)

    with pytest.raises(AssertionError, match=r"events\.Feedback\.user: the member's export does not show this Feedback"):
        check_exported(Feedback._meta.get_field("user"))
