from django.apps import AppConfig


class TriggersConfig(AppConfig):
    name = "triggers"
    verbose_name = "Risk triggers and concerns"

    def ready(self) -> None:
        from triggers import receivers  # noqa: F401
