"""Writes for the balanced scorecard's judgements, narratives and Local Accounts: atomic,
keyword-only, attributed, with every change kept by django-simple-history. ``judgements``,
``narratives``, ``local_accounts`` and what they share, ``common``; everything is importable
from here.

The judgement is the Planning Group's (DOMAIN.md §2-3: judged qualitatively, not by formula):
drafts are recorded per domain, then the whole scorecard is published at once. Narratives are
drafted from the bands and edited by a person, whose edit is never overwritten. Local Accounts
are each council's public annual report; a copy is kept only if it is really a PDF.
"""

from scorecard.services.common import (
    ScorecardRefused,
    check_active,
    council_active_in,
    council_active_in_year,
)
from scorecard.services.judgements import (
    DATA_DIR,
    QUALITY_STATEMENTS_CSV,
    EvidenceRow,
    JudgementEntry,
    domain_suggestions,
    evidence_list,
    judgement_record,
    quality_statements_load,
    scorecard_publish,
    scorecard_record,
)
from scorecard.services.local_accounts import (
    LOCAL_ACCOUNT_MAX_BYTES,
    NOT_A_PDF_CONTENT,
    NOT_A_PDF_NAME,
    PDF_EMPTY,
    PDF_SIGNATURE,
    PDF_TOO_BIG,
    check_local_account_document,
    local_account_record,
)
from scorecard.services.narratives import (
    narrative_draft,
    narrative_edit,
    narrative_generate,
    narrative_publish,
    narrative_record,
)

__all__ = [
    "DATA_DIR",
    "EvidenceRow",
    "JudgementEntry",
    "LOCAL_ACCOUNT_MAX_BYTES",
    "NOT_A_PDF_CONTENT",
    "NOT_A_PDF_NAME",
    "PDF_EMPTY",
    "PDF_SIGNATURE",
    "PDF_TOO_BIG",
    "QUALITY_STATEMENTS_CSV",
    "ScorecardRefused",
    "check_active",
    "check_local_account_document",
    "council_active_in",
    "council_active_in_year",
    "domain_suggestions",
    "evidence_list",
    "judgement_record",
    "local_account_record",
    "narrative_draft",
    "narrative_edit",
    "narrative_generate",
    "narrative_publish",
    "narrative_record",
    "quality_statements_load",
    "scorecard_publish",
    "scorecard_record",
]
