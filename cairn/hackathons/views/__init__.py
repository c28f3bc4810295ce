"""The hackathons' pages: ``public`` (list, hackathon, question, team, results), ``members``
(propose, register, answer, vote, score) and ``organisers`` (create, programme, phases,
questions, teams, board, chosen answers, exports)."""
