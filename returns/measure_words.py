"""What a measure's page tells the public about where the measure comes from, in plain words.

The catalogue keeps each definition and direction with its full quotation and where it was read
(``definition_source``, ``polarity_source``: web addresses, LG Inform metric ids, file names).
Those stay in the admin and the source notes; public pages name the publisher and the kind of
source instead, from the fixed list below.
"""

import re

# (how the quoted source begins, what a member of the public is told about it)
POLARITY_BASES: tuple[tuple[str, str], ...] = (
    (
        "LG Inform",
        "the Local Government Association's published description of this ASCOF measure "
        "(LG Inform)",
    ),
    (
        "Oflog",
        "the Office for Local Government, which ranks councils' identical published figures "
        "with the highest first",
    ),
    ("NHS Choices Scorecard", "the NHS Choices scorecard for this measure"),
    (
        "NHS Digital ASCOF indicator file",
        "NHS Digital's published notes on this ASCOF indicator",
    ),
    (
        "Cheshire West and Chester",
        "a council's published objective to increase this proportion (Cheshire West and "
        "Chester Council); no national statement of direction was found",
    ),
)

DEFINITION_SOURCES: tuple[tuple[str, str], ...] = (
    ("LG Inform", "the Local Government Association's LG Inform description of the measure"),
    ("NHS Digital ASCOF indicator file", "NHS Digital's published notes on the ASCOF indicator"),
    ("NHS Digital", "NHS Digital's published guidance on the data behind ASCOF"),
    ("NHS England", "NHS England's published guidance on client level data"),
    ("DataS-DHSC", "the Department of Health and Social Care's published calculation"),
    ("Ealing", "a council's published performance page (Ealing Council)"),
    ("Cheshire West", "a council's published performance page (Cheshire West and Chester)"),
    ("QualityWatch", "QualityWatch (Nuffield Trust and the Health Foundation)"),
    ("NICE", "NICE's quality standard QS200"),
    ("Google Dataset Search", "a copy of OHID's Fingertips data (not read at its source)"),
)

COLLECTIONS: tuple[tuple[str, str], ...] = (
    ("ASCS", "the Adult Social Care Survey (ASCS)"),
    ("SACE", "the Survey of Adult Carers in England (SACE)"),
    ("SALT", "the Short and Long Term Support return (SALT)"),
    ("CLD", "client level data (CLD) councils send NHS England"),
    ("Mental Health", "the Mental Health Services Data Set"),
)

FRAMEWORK_PUBLISHERS: dict[str, str] = {
    "ASCOF 2014-15 to 2022-23": "NHS Digital (now NHS England), for the Department of Health "
    "and Social Care",
    "ASCOF 2023-24": "NHS England, for the Department of Health and Social Care",
    "ASCOF 2024-25 onwards (CLD-derived)": "NHS England, for the Department of Health and "
    "Social Care",
    "Oflog adult social care metrics": "the Office for Local Government (Oflog)",
    "NHS England delayed transfers of care": "NHS England (monthly delayed transfers of care)",
    "PHE Public Health Outcomes Framework": "Public Health England (now OHID), Public Health "
    "Outcomes Framework",
    "NHS Digital ASC-FR unit costs": "NHS Digital, Adult Social Care Finance Return (ASC-FR)",
}

OFLOG_FRAMEWORK = "Oflog adult social care metrics"
OFLOG_PROVENANCE = "Oflog adult social care metric, 2015-16 to 2022-23"


def _first_match(text: str, table: tuple[tuple[str, str], ...]) -> str:
    return next((words for start, words in table if start.casefold() in text.casefold()), "")


def polarity_basis(polarity_source: str) -> str:
    """Who says which direction is better, for the public: the publisher, never the quote's
    address or metric id. Empty where nothing is published."""
    for start, words in POLARITY_BASES:
        if polarity_source.startswith(start):
            return words
    return ""


def definition_basis(definition_source: str, definition: str) -> str:
    """Where the definition was read, for the public; empty where none was read."""
    if not definition:
        return ""
    return _first_match(definition_source[:60], DEFINITION_SOURCES) or "a published source"


def data_collection(numerator_denominator: str, definition_source: str) -> str:
    """The national collection the figure is built from, where its definition names one."""
    stated = re.search(r"Data source:\s*([^.;]+)", numerator_denominator)
    if stated:
        return _first_match(stated.group(1), COLLECTIONS) or stated.group(1).strip()
    return _first_match(definition_source, COLLECTIONS)


def publisher(framework_version: str) -> str:
    return FRAMEWORK_PUBLISHERS.get(framework_version, "")


def code_history(
    *, code: str, framework_version: str, predecessor_code: str | None, equivalent_code: str
) -> str:
    """How the measure's code has changed: the 2023 renumbering of ASCOF, and Oflog's metrics
    that repeat an ASCOF measure's published values."""
    if framework_version == OFLOG_FRAMEWORK:
        same = (
            f" Its published values are the same as ASCOF {equivalent_code}'s."
            if (equivalent_code)
            else ""
        )
        return f"{OFLOG_PROVENANCE}; not an ASCOF measure.{same}"
    if predecessor_code and predecessor_code != code:
        return (
            f"Numbered {predecessor_code} until 2022-23; ASCOF was renumbered in 2023 and the "
            f"measure has been {code} since 2023-24, with the same definition."
        )
    if predecessor_code:
        return f"Coded {code} both before and after ASCOF was renumbered in 2023."
    if framework_version.startswith("ASCOF 2014-15"):
        later = (
            f" The same figures are published by Oflog as {equivalent_code}."
            if (equivalent_code)
            else ""
        )
        return f"Code used from 2014-15 to 2022-23, before ASCOF was renumbered in 2023.{later}"
    if "CLD" in framework_version:
        return (
            f"{code} from 2024-25, calculated from client level data: a new series, not "
            "comparable with earlier years under the same code."
        )
    return f"{code} since ASCOF was renumbered in 2023."
