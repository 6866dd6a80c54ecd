from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "scorecard"
    verbose_name = "Balanced scorecard"

    def ready(self) -> None:
        from scorecard import receivers  # noqa: F401
