"""Every write to the registry, by sub-domain: ``recommendations``, ``assessments``,
``campaigns``, ``imports``, ``structure`` (cycles, themes, categories, working groups and
their people). Each function is keyword-only and audited."""
