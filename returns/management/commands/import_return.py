"""Check (and with --commit store) a return received by e-mail, through the same pipeline as the
upload page. Problems are printed as `row N, column C: message`; any problem exits non-zero."""

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.models import Role, User
from authorities.models import Council
from returns.models import Period
from returns.selectors import period_get
from returns.services import (
    ReturnRefused,
    measure_specs,
    return_upload_create,
    return_upload_validate,
)
from returns.validation import validate_return
from sli_portal.uploads import check_upload


class Command(BaseCommand):
    help = "Check a council's return file; store it as a new version only with --commit."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--council", required=True, help="ONS code, e.g. E08000015")
        parser.add_argument("--period", required=True, help="e.g. 2024-25-Q1")
        parser.add_argument("--commit", action="store_true", help="Store the return if it is valid")
        parser.add_argument(
            "--as-user", help="E-mail of the administrator loading it (default: the first)"
        )
        parser.add_argument(
            "--reason", default="Received by e-mail and loaded by the administrator"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file at {path}")
        council = Council.objects.filter(ons_code=options["council"]).first()
        if council is None:
            raise CommandError(f"No council has the ONS code {options['council']}")
        period = period_get(str(options["period"]))
        if period is None:
            raise CommandError(f"No quarter {options['period']}: use the form 2024-25-Q1")
        content = path.read_bytes()
        problem = check_upload(name=path.name, size=len(content))
        problems = (
            [problem]
            if problem
            else validate_return(
                content=content,
                name=path.name,
                measures=measure_specs(),
                council_code=council.ons_code,
                period_slug=period.slug,
            ).problems
        )
        for item in problems:
            self.stdout.write(item.as_line())
        if problems:
            raise CommandError(
                f"{len(problems)} problem(s) found: nothing was stored.", returncode=2
            )
        if not options["commit"]:
            self.stdout.write(
                f"No problems in {path.name}. Dry run: nothing was stored. Use --commit to store it."
            )
            return
        self._store(path, content, council, period, options)

    def _store(
        self,
        path: Path,
        content: bytes,
        council: Council,
        period: Period,
        options: dict[str, Any],
    ) -> None:
        admins = User.objects.filter(memberships__role=Role.REGIONAL_ADMIN)
        user = (
            admins.filter(email=options["as_user"]).first()
            if options["as_user"]
            else admins.order_by("pk").first()
        )
        if user is None:
            raise CommandError("No regional administrator to record as the uploader: use --as-user")
        try:
            with transaction.atomic():
                outcome = return_upload_create(
                    council=council,
                    period=period,
                    file=SimpleUploadedFile(path.name, content),
                    uploaded_by=user,
                    reason=str(options["reason"]),
                    today=period.opens_on,
                )
        except ReturnRefused as refused:
            raise CommandError(refused.message, returncode=2) from refused
        if outcome.duplicate_of is not None:
            raise CommandError(
                "This same file was already uploaded for this return; nothing was stored.",
                returncode=2,
            )
        upload = return_upload_validate(upload_id=outcome.upload.pk)
        if upload.version is None:
            raise CommandError(
                f"The file could not be stored: {upload.get_state_display()}", returncode=2
            )
        self.stdout.write(
            f"Stored as version {upload.version.number} of {council.name}'s return for {period}."
        )
