"""Pages of the ``selfassessment`` app. ``reviews``: the index and the administrator's set-up of
thematic reviews; ``assessments``: a council's self-assessment, its answers and evidence files,
submission, sign-off and reopening. (Moderation and the regional report are in ``report``.)

Thin views: access (accounts.access only), then form, then service, then redirect.
"""
