"""The Celery application. With no broker configured, tasks run in-process (eagerly)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sli_portal.settings")

app = Celery("sli_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
