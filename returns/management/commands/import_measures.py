from django.core.management.base import BaseCommand

from returns.catalogue import measures_load


class Command(BaseCommand):
    help = (
        "Load the measure catalogue (ASCOF, Oflog) from the project's copy of ascof_measures.csv."
    )

    def handle(self, *args: object, **options: object) -> None:
        result = measures_load()
        self.stdout.write(
            f"Measures: {result.created} created, {result.updated} updated, {result.unchanged} unchanged."
        )
