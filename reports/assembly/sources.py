"""The Account's appendix of data sources, written for its readers: who publishes each source,
which collection it is, the years it covers, its licence and what the portal does with it.
The technical notes kept beside the data files (returns/data, authorities/data) say more."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DataSource:
    name: str
    publisher: str
    collection: str
    years: str
    licence: str
    use: str


OGL = "Open Government Licence v3.0 (© Crown copyright)"

SOURCES: list[DataSource] = [
    DataSource(
        name="Councils' quarterly returns",
        publisher="The councils of the North West, through the NW Performance Leads Group",
        collection=(
            "Each council's quarterly return of ASCOF, ADASS/AQuA whole-system and North West "
            "benchmarking measures"
        ),
        years="Each quarter the portal holds",
        licence="Provided by the councils to North West ADASS for sector-led improvement",
        use=(
            "The portal checks each return, keeps every accepted version, and works out the "
            "North West median and quartiles of each measure from the councils' accepted "
            "returns. A median is shown only when 8 or more councils' returns hold the figure."
        ),
    ),
    DataSource(
        name="Adult Social Care Outcomes Framework (ASCOF)",
        publisher="NHS England (formerly NHS Digital)",
        collection="Measures from the Adult Social Care Outcomes Framework, England",
        years="2017/18 to 2023/24",
        licence=OGL,
        use=(
            "The portal shows the published England figure beside each council's figure, and "
            "the median of each council's CIPFA nearest neighbours' published figures. The "
            "measure names and which direction is better are taken from the published "
            "framework."
        ),
    ),
    DataSource(
        name="Adult social care metrics by council",
        publisher="Office for Local Government (Oflog)",
        collection="Adult social care metrics published with Oflog's Local Authority Data Explorer",
        years="2015/16 to 2022/23",
        licence=OGL,
        use=(
            "The portal uses these published figures for earlier years, and to check the ASCOF "
            "figures against a second published copy."
        ),
    ),
    DataSource(
        name="Councils and their codes",
        publisher="Office for National Statistics (ONS) and NHS England",
        collection="Local authority names and codes; council codes for adult social services",
        years="Councils as they stood from 2013, and since Cumbria's split in April 2023",
        licence=OGL,
        use=(
            "The portal lists the 23 councils of the 2013 Memorandum of Understanding, and "
            "Cumberland and Westmorland and Furness, which took over from Cumbria County "
            "Council on 1 April 2023."
        ),
    ),
    DataSource(
        name="CIPFA nearest neighbours",
        publisher=(
            "Chartered Institute of Public Finance and Accountancy (CIPFA), as published by "
            "the Office for Local Government"
        ),
        collection="Each council's statistical nearest neighbours",
        years="The lists published in 2024",
        licence=OGL,
        use=(
            "The portal compares each council with the median of its nearest neighbours' "
            "published figures, naming the list and its councils in each council's section."
        ),
    ),
]


def data_sources() -> list[DataSource]:
    """The sources the Account's figures come from, in plain words."""
    return SOURCES
