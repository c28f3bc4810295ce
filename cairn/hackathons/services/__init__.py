"""Every write of the hackathons, by sub-domain: ``hackathons`` (creating, programme,
phases), ``questions``, ``participants``, ``teams``, ``answers`` (answers, jury, vote,
chosen answers) and ``personal_data``."""
