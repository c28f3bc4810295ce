"""Background work of stories. None yet: the "story published" notification is enqueued
from ``services._announce_publication`` once the notifications app exists."""
