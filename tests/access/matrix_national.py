"""The access matrix's entries for the national imports (see test_matrix.py): only the regional
administrator uploads national files or reads their runs and reports."""

from tests.access.personas import PERSONAS, SIGN_IN, Matrix, kw

ADMINISTRATOR_ONLY = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": SIGN_IN,
    "regional_admin": 200,
}
RUN = kw(pk=lambda w: w["national_run"].pk)

NATIONAL_MATRIX: Matrix = {
    "returns:national": ("get", kw(), ADMINISTRATOR_ONLY),
    "returns:national_run": ("get", RUN, ADMINISTRATOR_ONLY),
    "returns:national_run_json": ("get", RUN, ADMINISTRATOR_ONLY),
    "returns:national_report": ("get", RUN, ADMINISTRATOR_ONLY),
}
