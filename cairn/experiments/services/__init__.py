"""Every write to experiments goes through these modules (each change audited): ``calls``
(calls, their planning and topics), ``interests`` (expressions of interest), ``groups``
(forming the groups, invitations, facilitators) and ``life`` (a group's charter, meetings,
logbook, actions and conclusion)."""
