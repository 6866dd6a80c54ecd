from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "Support and intervention"

    def ready(self) -> None:
        from support.queue import current_support
        from triggers.selectors.queue import register_support_reader

        register_support_reader(current_support)
