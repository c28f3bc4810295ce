"""The registry's pages, by sub-domain: ``registry`` (public), ``staff`` (one recommendation),
``campaigns``, ``imports``. Thin functions: parse, authorise, call a service or selector, render."""
