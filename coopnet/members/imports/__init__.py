"""Import of the libro soci from XLSX or CSV: read, check every row, then write all or nothing.

The check runs in memory against pre-loaded comuni, persons and memberships, so a dry run
costs no query per row; the real import writes the new members with one bulk service
(``services.register_bulk_import``: the same checks, a few queries, audited) and changes to
stored members through the per-row services, inside one transaction that is rolled back when
any row fails.
``reading`` turns a file into cells, ``rows`` checks each row, ``importer`` checks rows
against each other and the register, ``template`` writes the file a user starts from; the
writing is ``services.import_register``. Uploads run as core jobs (``services.jobs``).
"""

from .importer import HISTORICAL_NOTE, IMPORT_REFERENCE, MemberImporter
from .reading import count_data_rows, csv_rows, parse_date, parse_decimal, parse_int
from .report import ImportFileError, ImportReport, RowError
from .rows import COMMON_COLUMNS, EXTENSIONS, LEGAL_COLUMNS, NATURAL_COLUMNS
from .template import TemplateColumn, register_columns, template_response

__all__ = [
    "COMMON_COLUMNS",
    "EXTENSIONS",
    "HISTORICAL_NOTE",
    "IMPORT_REFERENCE",
    "LEGAL_COLUMNS",
    "NATURAL_COLUMNS",
    "ImportFileError",
    "ImportReport",
    "MemberImporter",
    "RowError",
    "TemplateColumn",
    "count_data_rows",
    "csv_rows",
    "parse_date",
    "parse_decimal",
    "parse_int",
    "register_columns",
    "template_response",
]
