"""Settings for the test suite: the real settings, with the few changes a test run needs."""

from cairn.settings import *  # noqa: F403

# Plain static storage: the manifest one needs collectstatic before every run.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "stories": {"BACKEND": "django.core.files.storage.InMemoryStorage", "OPTIONS": {"base_url": "/media/"}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test client speaks plain HTTP; HTTPS redirection is tested on its own.
SECURE_SSL_REDIRECT = False
# Tasks run when enqueued, so tests see their e-mails in the outbox.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_LANES}}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The caches of a machine without Redis, whatever REDIS_URL says: the shared one in the
# database (rolled back or flushed with each test), the pages' in memory (conftest.py
# empties it before each test).
CACHES = cache_settings("")  # noqa: F405
# Static files come from the apps (finders); no collectstatic before a test run.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CAIRN_STAFF_MFA_REQUIRED = True
# SQLite tests use a database file, not memory: an in-memory database is one connection
# that the live server's request threads would share with each other and with the test,
# and concurrent requests from the browser (a page and its images) then see each other's
# half-done work. A file gives each thread its own connection, as in production (WAL,
# IMMEDIATE transactions). The process id keeps parallel runs apart.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os
    import tempfile

    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(), f"cairn-test-{os.getpid()}.sqlite3")}  # noqa: F405
