"""Every write to the inbox goes through these modules, each audited (``record_change``):

- ``asking``: a question asked on the site, a visitor's confirmation, the acknowledgement;
- ``triage``: assigning, states, notes, duplicates, spam, routing an interest, answering;
- ``mailbox``: the e-mails read from the cooperative's mailbox;
- ``personal_data``: a member's erasure, and the retention of closed conversations.

Callers import from the module that owns the name.
"""
