"""Named reads of the registry, by sub-domain: ``registry`` (the list, its facets and stamp), ``home`` (the home page's figures),
``pages`` (a recommendation, a cycle, a theme, a group), ``campaigns``, ``audit``, ``imports``,
``personal_data`` (a member's part of their data export)."""
