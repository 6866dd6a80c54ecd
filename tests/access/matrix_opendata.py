"""The access matrix's entries for the ``opendata`` app's URLs (see test_matrix.py).

Open data is what is already published, so every persona, signed in or not, reads every page,
download and API endpoint (``access.can_read_open_data``); what is in them is the published
set whoever asks (tests/opendata)."""

from tests.access.personas import ALL_200, Matrix, kw

OPENDATA_MATRIX: Matrix = {
    "opendata:index": ("get", kw(), ALL_200),
    "opendata:ratings_download": ("get", kw(fmt="csv"), ALL_200),
    "opendata:measure_values_download": ("get", kw(fmt="xlsx"), ALL_200),
    "opendata:api_councils": ("get", kw(), ALL_200),
    "opendata:api_measures": ("get", kw(), ALL_200),
    "opendata:api_measure_values": ("get", kw(), ALL_200),
    "opendata:api_ratings": ("get", kw(), ALL_200),
    "opendata:schema": ("get", kw(), ALL_200),
    "opendata:api_docs": ("get", kw(), ALL_200),
}
