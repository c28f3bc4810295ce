"""The events' pages, by sub-domain: ``agenda`` (finding events: the agenda, the month
calendar, the member's own), ``feeds`` (iCalendar subscriptions), ``pages`` (an event's and
a series' page), ``registrations`` (registering, cancelling, feedback), ``editing``
(creating, editing and cancelling events and series), ``organisers`` (running an event:
attendees, exports, messages, check-in, feedback results). Thin functions: parse,
authorise, call a service or selector, render."""
