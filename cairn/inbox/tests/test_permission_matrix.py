"""Who reaches the inbox's pages: their rows of the role × page matrix (the harness:
``cairn/accounts/tests/matrix.py``). The conversations here belong to another member and
are assigned to nobody: only the coordination team and admins see them. A member's own
conversation ("Mes questions", where only its sender reaches it: someone else's answers 404
to every role, admins included, who read it on the staff page) and the one assigned to
someone are in ``test_asking.py`` and ``test_triage.py``."""

from __future__ import annotations

import pytest

from cairn.accounts.tests.matrix import PageMatrix
from cairn.inbox.factories import AttachmentFactory, FaqEntryFactory, SavedAnswerFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "ask a question": "/fr/questions/",
    "question sent": "/fr/questions/envoyee/",
    "confirm a question": "/fr/questions/confirmer/{token}/",
    "my questions": "/fr/questions/mes-questions/",
    "frequent questions": "/fr/questions/frequentes/",
    "edit a frequent question": "/fr/gestion/questions/frequentes/{faq}/",
    "questions received": "/fr/gestion/questions/",
    "inbox figures": "/fr/gestion/questions/chiffres/",
    "inbox figures as CSV": "/fr/gestion/questions/chiffres.csv",
    "mail filed apart": "/fr/gestion/questions/classes-a-part/",
    "saved answers": "/fr/gestion/questions/reponses-types/",
    "new saved answer": "/fr/gestion/questions/reponses-types/nouvelle/",
    "edit a saved answer": "/fr/gestion/questions/reponses-types/{saved}/",
    "delete a saved answer": "/fr/gestion/questions/reponses-types/{saved}/supprimer/",
    "a conversation": "/fr/gestion/questions/{reference}/",
    "a conversation's attachment": "/fr/gestion/questions/{reference}/pieces-jointes/{attachment}/",
}

MATRIX = """
page                        | visitor | registered | member | facilitator | coordination | department_lead | admin
ask a question              | 200     | 200        | 200    | 200         | 200          | 200             | 200
question sent               | 200     | 200        | 200    | 200         | 200          | 200             | 200
confirm a question          | 200     | 200        | 200    | 200         | 200          | 200             | 200
my questions                | login   | 200        | 200    | 200         | 200          | 200             | 200
frequent questions          | 200     | 200        | 200    | 200         | 200          | 200             | 200
edit a frequent question    | login   | 403        | 403    | 403         | 200          | 403             | 200
questions received          | login   | 403        | 403    | 200         | 200          | 200             | 200
inbox figures               | login   | 403        | 403    | 403         | 200          | 403             | 200
inbox figures as CSV        | login   | 403        | 403    | 403         | 200          | 403             | 200
mail filed apart            | login   | 403        | 403    | 403         | 200          | 403             | 200
saved answers               | login   | 403        | 403    | 403         | 200          | 403             | 200
new saved answer            | login   | 403        | 403    | 403         | 200          | 403             | 200
edit a saved answer         | login   | 403        | 403    | 403         | 200          | 403             | 200
delete a saved answer       | login   | 403        | 403    | 403         | 200          | 403             | 200
a conversation              | login   | 404        | 404    | 404         | 200          | 404             | 200
a conversation's attachment | login   | 404        | 404    | 404         | 200          | 404             | 200
"""


def page_objects() -> dict[str, object]:
    attachment = AttachmentFactory()
    conversation = attachment.message.conversation
    faq = FaqEntryFactory(conversation=conversation)
    return {
        "reference": conversation.reference,
        "attachment": attachment.pk,
        "token": "un-jeton-quelconque",
        "faq": faq.pk,
        "saved": SavedAnswerFactory().pk,
    }


PAGE_MATRIX = PageMatrix(PAGES, MATRIX, page_objects)


@pytest.mark.parametrize("page_name", PAGES)
def test_role_page_matrix(page_name: str) -> None:
    PAGE_MATRIX.check(page_name)
