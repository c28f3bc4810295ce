"""Every write to the registry, by sub-domain: ``recommendations``, ``assessments``,
``campaigns``, ``imports``. Each function is keyword-only and audited."""
