"""Who may do what with follows and notifications: each member only with their own."""

import rules

from cairn.accounts.rules import is_member

rules.add_perm("notifications.follow", is_member)
rules.add_perm("notifications.view_own", is_member)
