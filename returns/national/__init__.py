"""Published national data (NHS England ASCOF, Oflog): reading the files in their layouts
(:mod:`.layouts`), storing only what changed (:mod:`.store`) and recording each import as a run
(:mod:`.runs`)."""

from returns.national.layouts import (
    DATASETS,
    OFLOG_FRAMEWORK,
    SKIP_CONFLICT,
    SKIP_DUPLICATE,
    SKIP_MEASURE,
    SKIPS,
    NationalDataset,
    NationalRefused,
)
from returns.national.runs import (
    NationalImportResult,
    RunOutcome,
    earlier_run,
    national_import,
    national_import_all,
    national_run_create,
    national_run_execute,
)

__all__ = [
    "DATASETS",
    "OFLOG_FRAMEWORK",
    "SKIPS",
    "SKIP_CONFLICT",
    "SKIP_DUPLICATE",
    "SKIP_MEASURE",
    "NationalDataset",
    "NationalImportResult",
    "NationalRefused",
    "RunOutcome",
    "earlier_run",
    "national_import",
    "national_import_all",
    "national_run_create",
    "national_run_execute",
]
