"""The experiments' pages, by sub-domain: ``calls`` (the calls' list and page, and the
staff's pages to prepare and move them), ``interests`` (a member's answers and their page),
``forming`` (the team forming the groups of a topic) and ``groups`` (a group's page and
life). Thin functions: parse, authorise, call a service or selector, render."""
