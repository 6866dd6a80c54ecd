"""Thin task adapter: send recorded e-mails, retrying later those the mail server refused."""

from celery import Task, shared_task

from notifications.services import notifications_send

RETRY_AFTER_SECONDS = 60
RETRY_AT_MOST_SECONDS = 60 * 60


@shared_task(bind=True, name="notifications.send", max_retries=8, acks_late=True)
def notifications_send_task(self: Task[[list[int]], int], notification_ids: list[int]) -> int:
    """Send these e-mails; returns how many of them this run could not send. On a worker, the
    refused ones are tried again with a growing wait (1 minute, doubling, at most an hour
    between tries, about 4 hours in all)."""
    refused = notifications_send(notification_ids=notification_ids)
    if refused and not self.request.is_eager:
        wait = min(RETRY_AFTER_SECONDS * 2**self.request.retries, RETRY_AT_MOST_SECONDS)
        raise self.retry(args=(refused,), countdown=wait)
    return len(refused)
