"""Published national data (NHS England ASCOF and delayed transfers, Oflog, PHE falls, ASC-FR):
reading the files in their layouts (:mod:`.layouts`, wide ones reshaped by
:mod:`.whole_system`), storing only what changed (:mod:`.store`) and recording each import as a
run (:mod:`.runs`)."""

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
from returns.national.whole_system import WHOLE_SYSTEM_DATASETS

__all__ = [
    "DATASETS",
    "OFLOG_FRAMEWORK",
    "SKIPS",
    "SKIP_CONFLICT",
    "SKIP_DUPLICATE",
    "SKIP_MEASURE",
    "WHOLE_SYSTEM_DATASETS",
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
