"""The test helper that reads a page's form as a browser submits it."""

from __future__ import annotations

import pytest

from cairn.core.tests.browser_forms import submitted

PAGE = """
<form action="/fr/langue/" method="post"><input name="language" value="nl"></form>
<form method="post">
  <input type="hidden" name="csrfmiddlewaretoken" value="jeton">
  <input name="title" value="L&rsquo;atelier">
  <input type="checkbox" name="organisers" value="3" checked>
  <input type="checkbox" name="organisers" value="4">
  <input type="checkbox" name="organisers" value="5" checked>
  <input type="radio" name="rating" value="4" checked><input type="radio" name="rating" value="5">
  <input type="checkbox" name="is_internal">
  <input name="locked" value="x" disabled>
  <input type="file" name="cover">
  <select name="kind"><option value="workshop">Atelier</option><option value="meetup">Rencontre</option></select>
  <select name="scope"><option value="local">Local</option><option value="cooperative" selected>Coopérative</option></select>
  <select name="projects" multiple><option value="1">Un</option><option value="2">Deux</option></select>
  <textarea name="team_emails">
a@example.org
b@example.org</textarea>
  <button type="submit" name="save" value="1">Enregistrer</button>
</form>
"""


def test_the_page_form_sends_what_a_browser_sends() -> None:
    assert submitted(PAGE) == {
        "csrfmiddlewaretoken": ["jeton"],
        "title": ["L’atelier"],
        "organisers": ["3", "5"],
        "rating": ["4"],
        "kind": ["workshop"],
        "scope": ["cooperative"],
        "projects": [],
        "team_emails": ["a@example.org\nb@example.org"],
    }


def test_another_form_is_chosen_by_its_action_and_a_missing_one_fails() -> None:
    assert submitted(PAGE, action="/fr/langue/") == {"language": ["nl"]}
    with pytest.raises(AssertionError, match="No form posting to /ailleurs/"):
        submitted(PAGE, action="/ailleurs/")
