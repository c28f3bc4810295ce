"""Who may do what with follows and notifications: every signed-in account, member or not
yet, only with their own (what one may follow is public: ``Followable.titles``)."""

import rules

from cairn.accounts.rules import is_signed_in

rules.add_perm("notifications.follow", is_signed_in)
rules.add_perm("notifications.view_own", is_signed_in)
