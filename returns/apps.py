from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = "Quarterly returns"

    def ready(self) -> None:
        # Uploaded workbooks are XML: refuse to run unless openpyxl parses it with defusedxml,
        # which blocks entity-expansion ("billion laughs") and external-entity attacks.
        import openpyxl

        if not getattr(openpyxl, "DEFUSEDXML", False):
            raise ImproperlyConfigured(
                "defusedxml must be installed: the portal will not read uploaded workbooks without it."
            )
