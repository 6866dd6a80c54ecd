"""Signals by which returns tells later apps what happened, without importing them.

Both are sent after the transaction that made the change commits
(:func:`sli_portal.signals.send_signal_after_commit`), so a rolled-back change tells nobody.
"""

from django.dispatch import Signal

# A submitted return was accepted, with period_id and council_id.
return_accepted = Signal()
# A national import stored new or changed figures, with dataset.
national_data_imported = Signal()
# The region declared (or withdrew) a measure's better direction, with measure_id.
measure_polarity_declared = Signal()
