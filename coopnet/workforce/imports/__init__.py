"""Import of employment periods (and, with the right, disadvantaged status) from CSV or XLSX,
one row per period: ``columns`` (the file's columns and template), ``reading`` (the file into
rows), ``rows`` (one row parsed and checked), ``importer`` (applied through the services)."""

from .columns import COLUMNS, SENSITIVE_COLUMNS, template_columns
from .importer import WorkforceImportReport, run_import
from .reading import read_table

__all__ = [
    "COLUMNS",
    "SENSITIVE_COLUMNS",
    "WorkforceImportReport",
    "read_table",
    "run_import",
    "template_columns",
]
