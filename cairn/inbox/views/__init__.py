"""The inbox's pages: ``asking`` (the form, the confirmation, "Mes questions") and
``triage`` (the coordination team's inbox, a conversation, the figures)."""
