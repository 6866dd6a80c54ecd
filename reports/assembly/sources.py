"""The source notes kept beside the data files, cited in the Account's last section."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SOURCE_NOTES = [
    "returns/data/ascof_measures.source.md",
    "returns/data/acbockmuehl-ascof-trend_data.source.md",
    "returns/data/oflog-asc-metrics-by-council.source.md",
    "authorities/data/authorities.source.md",
    "authorities/data/nearest_neighbours.source.md",
]


@dataclass(frozen=True)
class DataSource:
    name: str
    what: str
    source: str
    licence: str


_FIELD = re.compile(r"^(?:- )?\*\*(What it is|What|Source|Licence):\*\*\s*(.*)$")


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "").replace("`", "")).strip()


def data_sources() -> list[DataSource]:
    """The source notes kept beside the data files (returns/data, authorities/data): what each
    file is, where it came from and its licence, in their own words."""
    sources = []
    for relative in SOURCE_NOTES:
        path = Path(settings.BASE_DIR) / relative
        if not path.exists():
            continue
        fields: dict[str, list[str]] = {}
        current: str | None = None
        lines = path.read_text(encoding="utf-8").splitlines()
        heading = next((line[2:].strip() for line in lines if line.startswith("# ")), "")
        for line in lines:
            match = _FIELD.match(line)
            if match:
                current = "What" if match.group(1).startswith("What") else match.group(1)
                fields[current] = [match.group(2)]
            elif current and line.strip() and not line.startswith(("#", "- **", "|")):
                fields[current].append(line.strip())
            else:
                current = None
        sources.append(
            DataSource(
                name=heading or Path(relative).name.removesuffix(".source.md"),
                what=_plain(" ".join(fields.get("What", []))),
                source=_plain(" ".join(fields.get("Source", []))),
                licence=_plain(" ".join(fields.get("Licence", []))),
            )
        )
    return sources
