from django.db import migrations

#: The backends sessions named before Cairn read the signed-in account its own way
#: (cairn/accounts/backends.py), and the subclass that replaces each.
RENAMED = {
    "django.contrib.auth.backends.ModelBackend": "cairn.accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": "cairn.accounts.backends.AuthenticationBackend",
}


def rename_backends(apps, schema_editor, renamed=RENAMED):
    """Open sessions keep their sign-in: a session names the backend that signed it in, and
    Django ends a session whose backend is no longer configured."""
    from django.contrib.auth import BACKEND_SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    for session in Session.objects.iterator(chunk_size=2000):
        data = store.decode(session.session_data)
        if data.get(BACKEND_SESSION_KEY) in renamed:
            data[BACKEND_SESSION_KEY] = renamed[data[BACKEND_SESSION_KEY]]
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def restore_backends(apps, schema_editor):
    rename_backends(apps, schema_editor, renamed={new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_user_inactive_index"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename_backends, restore_backends, elidable=True)]
