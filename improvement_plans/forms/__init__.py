"""Forms for the improvement plan pages. The page copy and every error message live here,
written for a council officer; the rules a plan keeps are the services' (``PlanRefused``)."""

from improvement_plans.forms.citations import CitationForm, citation_options
from improvement_plans.forms.plans import (
    ActionEditForm,
    ActionForm,
    AreaEditForm,
    AreaForm,
    ConfirmForm,
    EvidenceForm,
    HeadingEditForm,
    HeadingForm,
    MilestoneForm,
    MoveForm,
    PlanEditForm,
    PlanForm,
    PlanImportForm,
    TargetForm,
    action_places,
    area_places,
)
from improvement_plans.forms.progress import (
    QuarterProgressForm,
    actual_name,
    commentary_name,
    status_name,
)

__all__ = [
    "ActionEditForm",
    "ActionForm",
    "AreaEditForm",
    "AreaForm",
    "CitationForm",
    "ConfirmForm",
    "EvidenceForm",
    "HeadingEditForm",
    "HeadingForm",
    "MilestoneForm",
    "MoveForm",
    "PlanEditForm",
    "PlanForm",
    "PlanImportForm",
    "QuarterProgressForm",
    "TargetForm",
    "action_places",
    "actual_name",
    "area_places",
    "citation_options",
    "commentary_name",
    "status_name",
]
