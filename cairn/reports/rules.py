"""Who may do what with the state of play."""

from __future__ import annotations

import rules

from cairn.accounts.rules import is_admin, is_coordinator

can_manage_reports = is_coordinator | is_admin

#: The dashboard, the editions, the downloads: public, like the registry.
rules.add_perm("reports.view_dashboard", rules.always_allow)
#: Write the analyses by broad theme, publish an edition.
rules.add_perm("reports.manage", can_manage_reports)
