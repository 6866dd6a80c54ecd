"""Signals by which ``selfassessment`` tells later apps what happened, without importing them.

Both are sent after the transaction that made the change commits (a rolled-back submission
sends nothing), with ``self_assessment_id``, ``review_id``, ``council_id`` and ``year`` (the
review's financial year). ``triggers`` listens to re-check Table 2's "failure to meet minimum
standards (i.e. Level 1) on key elements of self assessment for thematic reviews".
"""

from django.dispatch import Signal

# A council's self-assessment was submitted.
self_assessment_submitted = Signal()
# The Planning Group recorded a moderated level on one of a self-assessment's answers.
self_assessment_moderated = Signal()
