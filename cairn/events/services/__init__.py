"""Every write to events, by sub-domain: ``seats`` (the seat counter, ADR 0010),
``registrations`` (registering, cancelling, approving, attendance, feedback), ``events``
(one event), ``series`` (a recurring series and its dates), ``calendar_feeds`` (a member's
private feed address), ``personal_data`` (what a member's erasure changes). Each function is
keyword-only and audited."""
