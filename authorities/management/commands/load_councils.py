from django.core.management.base import BaseCommand

from authorities.services import comparator_groups_load, councils_load


class Command(BaseCommand):
    help = "Load the NW councils, their succession and their published comparator groups."

    def handle(self, *args: object, **options: object) -> None:
        councils = councils_load()
        groups = comparator_groups_load()
        self.stdout.write(
            f"Councils: {councils.created} created, {councils.updated} updated, "
            f"{councils.unchanged} unchanged. Comparator group members: {groups.created} created, "
            f"{groups.unchanged} unchanged."
        )
