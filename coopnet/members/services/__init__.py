"""Writes of the members app: persons, the statute, the membership lifecycle, the share-capital
ledger, published documents and the bulk write of an imported register.

Every function is atomic, validates with Italian messages that name the rule, and writes the
audit entries of its steps. Legal numbers come from ``core.parameters`` (dated), never from
literals. Callers import from here (``from coopnet.members import services``); the modules
are ``persons``, ``statute``, ``lifecycle``, ``exits`` (exits that already happened),
``shares``, ``documents``, ``bulk`` (the bulk write of new members), ``register_import``
(writing a checked file) and ``jobs`` (imports and the printed book queued as core jobs).
"""

from .bulk import ImportedMember, register_bulk_import
from .documents import document_delete, document_publish
from .exits import membership_record_exit
from .jobs import (
    IMPORT_JOB,
    REGISTER_PDF_JOB,
    import_check,
    import_confirm,
    register_pdf_request,
)
from .lifecycle import (
    application_submit,
    membership_admit,
    membership_appeal,
    membership_appeal_decide,
    membership_apply,
    membership_exclude,
    membership_record_death,
    membership_refuse,
    withdrawal_decide,
    withdrawal_request,
)
from .persons import PERSON_FIELDS, person_create, person_link_user, person_update
from .register_import import import_register
from .shares import (
    shares_capitalise_ristorno,
    shares_pay,
    shares_refund,
    shares_reverse,
    shares_subscribe,
    shares_transfer,
)
from .statute import STATUTE_FIELDS, statute_for, statute_update

__all__ = [
    "IMPORT_JOB",
    "PERSON_FIELDS",
    "REGISTER_PDF_JOB",
    "STATUTE_FIELDS",
    "ImportedMember",
    "application_submit",
    "document_delete",
    "document_publish",
    "import_check",
    "import_confirm",
    "import_register",
    "membership_admit",
    "membership_appeal",
    "membership_appeal_decide",
    "membership_apply",
    "membership_exclude",
    "membership_record_death",
    "membership_record_exit",
    "membership_refuse",
    "person_create",
    "person_link_user",
    "person_update",
    "register_bulk_import",
    "register_pdf_request",
    "shares_capitalise_ristorno",
    "shares_pay",
    "shares_refund",
    "shares_reverse",
    "shares_subscribe",
    "shares_transfer",
    "statute_for",
    "statute_update",
    "withdrawal_decide",
    "withdrawal_request",
]
