"""How an app tells the apps above it that something changed, without importing them: a Django
signal sent once the change has committed.

The one rule for every such signal: a receiver sees the change as stored (it may queue a job
or read the rows at once), and a change that rolls back tells nobody. A receiver that fails is
logged and does not undo or fail the committed change, nor stop the other receivers.
"""

from django.db import transaction
from django.dispatch import Signal


def send_signal_after_commit(signal: Signal, sender: object, **kwargs: object) -> None:
    """Send ``signal`` from ``sender`` with ``kwargs`` once the surrounding transaction commits
    (at once outside one), to every receiver even if one fails (``send_robust``, which logs
    each failure)."""
    transaction.on_commit(lambda: signal.send_robust(sender=sender, **kwargs))
