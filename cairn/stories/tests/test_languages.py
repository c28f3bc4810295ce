"""Which version a reader gets: their language when the story exists in it, otherwise the
first existing one in the platform's order (French, Dutch, English) — for every
combination (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cairn.stories.models import LANGUAGE_ORDER, StoryVersion
from cairn.stories.selectors import pick_version
from cairn.stories.views import absolute

languages = st.sampled_from(LANGUAGE_ORDER)


@given(existing=st.sets(languages, min_size=1), reader=languages)
def test_the_reader_gets_their_language_or_the_first_existing_one(existing: set[str], reader: str) -> None:
    versions = [StoryVersion(language=code, title=code) for code in sorted(existing, reverse=True)]

    chosen = pick_version(versions, reader)

    assert chosen is not None
    expected = reader if reader in existing else next(code for code in LANGUAGE_ORDER if code in existing)
    assert chosen.language == expected


def test_no_version_gives_none() -> None:
    assert pick_version([], "fr") is None


def test_absolute_addresses(settings) -> None:
    settings.SITE_URL = "https://cairn.example.coop"

    assert absolute("/media/stories/covers/a.png") == "https://cairn.example.coop/media/stories/covers/a.png"
    assert absolute("https://media.example.coop/a.png") == "https://media.example.coop/a.png"
