"""Signals by which returns tells later apps what happened, without importing them."""

from django.dispatch import Signal

# Sent inside the accepting transaction with period_id and council_id.
return_accepted = Signal()
# Sent after a national import stored new or changed figures, with dataset.
national_data_imported = Signal()
