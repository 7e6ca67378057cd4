"""The bulk write of an imported register: same register as the per-row services, few queries."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coopnet.core.models import AuditEntry, Organization, User
from coopnet.members import services
from coopnet.members.imports import HISTORICAL_NOTE, IMPORT_REFERENCE
from coopnet.members.imports.importer import MemberImporter
from coopnet.members.models import (
    Membership,
    MembershipStatus,
    Person,
    RegisterCounter,
    ShareTransaction,
)
from coopnet.members.services import ImportedMember, register_bulk_import

from .factories import PersonFactory, member
from .test_import import BOTH_HEADERS, COMPANY, codice_fiscale, run, write_xlsx
from .test_import import member as row

MIXED_ROWS = [
    row("Rossi", "Mario", numero_libro_soci="3"),
    row("Bianchi", "Lucia", azioni_sottoscritte="2", importo_versato="25"),  # half paid
    row("Verdi", "Carla", categoria="fruitore", comune="", indirizzo=""),
    row("Neri", "Paolo", categoria="volontario", azioni_sottoscritte="1", importo_versato="25"),
    row("Gialli", "Ugo", data_ammissione="", azioni_sottoscritte="", valore_nominale="",
        importo_versato=""),  # an application waiting for the board
    row("Blu", "Elsa", numero_libro_soci="10", data_uscita="31/12/2022", causa_uscita="recesso"),
    row("Viola", "Ezio", data_uscita="30/06/2021", causa_uscita="esclusione"),
    row("Grigi", "Rita", data_uscita="01/03/2023", causa_uscita="morte"),
    row("Rosa", "Ivo", data_uscita="30/04/2023", causa_uscita="trasferimento"),
    row("Zero", "Nina", azioni_sottoscritte="", importo_versato=""),  # admitted, no capital
    row("Aiuto", "Lia", categoria="volontario", data_ammissione="15/02/2020"),
    {**COMPANY, "comune": "Imola"},
]  # fmt: skip


def replay_per_row(organization: Organization, path: Path, actor: User) -> None:
    """The same file written as before the bulk service: each step by its per-row service,
    in the importer's date order (the register numbers are the importer's)."""
    importer = MemberImporter(organization)
    events = importer.timeline(importer.plan(importer.parse(path)))
    assert importer.report.errors == []
    for _key, kind, plan in events:
        r = plan.row
        assert r.applied_on is not None
        if kind == "exit":
            assert plan.membership is not None
            assert r.ended_on is not None
            services.membership_record_exit(
                actor=actor,
                membership=plan.membership,
                cause=r.exit_cause,
                ended_on=r.ended_on,
                reference=IMPORT_REFERENCE,
                note=HISTORICAL_NOTE,
            )
            continue
        identity = {
            "kind": r.kind,
            "codice_fiscale": r.codice_fiscale,
            "partita_iva": r.partita_iva,
        }
        person = services.person_create(
            actor=actor, organization=organization, data={**identity, **r.person_data()}
        )
        membership = plan.membership = services.membership_apply(
            actor=actor,
            organization=organization,
            person=person,
            category=r.category,
            applied_on=r.applied_on,
            note=IMPORT_REFERENCE,
        )
        if r.admitted_on is None:
            continue
        membership = plan.membership = services.membership_admit(
            actor=actor,
            membership=membership,
            admitted_on=r.admitted_on,
            decision_ref=IMPORT_REFERENCE,
            register_number=r.register_number,
        )
        if r.shares:
            services.shares_subscribe(
                actor=actor,
                membership=membership,
                shares=r.shares,
                date=r.admitted_on,
                nominal_value=r.nominal_value,
                reference=IMPORT_REFERENCE,
            )
        if r.paid:
            services.shares_pay(
                actor=actor,
                membership=membership,
                amount=r.paid,
                date=r.admitted_on,
                reference=IMPORT_REFERENCE,
            )


PERSON_FIELDS = ("kind", "surname", "given_name", "denomination", "codice_fiscale",
                 "partita_iva", "email", "phone", "address", "comune_id", "birth_date", "sex",
                 "birthplace")  # fmt: skip
MEMBERSHIP_FIELDS = ("category", "status", "register_number", "applied_on", "admitted_on",
                     "admission_decision_ref", "ended_on", "exit_cause", "exit_reason",
                     "exit_decided_on", "exit_decision_ref", "exit_requested_on",
                     "mutual_relation_ends_on", "opposition_deadline")  # fmt: skip
IDS = {"id", "organization", "person", "membership"}


def register_of(organization: Organization) -> dict[str, Any]:
    """Everything the libro soci keeps, by person, without database ids."""
    found: dict[str, Any] = {}
    memberships = Membership.objects.filter(organization=organization).select_related("person")
    for m in memberships:
        person = m.person
        account = getattr(m, "share_account", None)
        found[person.codice_fiscale or person.partita_iva] = {
            "person": [getattr(person, f) for f in PERSON_FIELDS],
            "membership": [getattr(m, f) for f in MEMBERSHIP_FIELDS],
            "account": account and (account.shares, account.subscribed, account.paid),
            "events": list(m.events.values_list("kind", "date", "reference", "note", "created_by")),
            "ledger": list(
                m.share_transactions.values_list(
                    "kind", "date", "shares_delta", "subscribed_delta", "paid_delta", "reference"
                )
            ),
        }
    counter = RegisterCounter.objects.get(organization=organization)
    found["last register number"] = counter.last_number
    return found


def audit_of(organization: Organization) -> dict[tuple[str, ...], list[tuple[str, str]]]:
    """The audit entries of each created object (named by its person, not its id): their
    actions and the state each one recorded, oldest first."""
    persons = dict(
        Person.objects.filter(organization=organization).values_list("pk", "codice_fiscale")
    )
    holders = dict(
        Membership.objects.filter(organization=organization).values_list("pk", "person_id")
    )
    lines = ShareTransaction.objects.filter(organization=organization)
    owner = (
        {("members.person", str(pk)): (code,) for pk, code in persons.items()}
        | {("members.membership", str(pk)): (persons[person],) for pk, person in holders.items()}
        | {
            ("members.sharetransaction", str(t.pk)): (persons[holders[t.membership_id]], t.kind)
            for t in lines
        }
    )
    found: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    entries = AuditEntry.objects.filter(organization=organization).order_by("created_at", "pk")
    for e in entries:
        key = (e.object_type, *owner[(e.object_type, e.object_id)])
        state = {k: v for k, v in (e.after or {}).items() if k not in IDS}
        found.setdefault(key, []).append((e.action, json.dumps(state, sort_keys=True)))
    return found


def test_bulk_and_per_row_writes_give_the_same_register(org, other_org, admin_user, tmp_path):
    # given a mixed file: persons and a legal person, every exit cause, an application,
    # volunteers, explicit and blank numbers, unpaid and partly paid capital
    path = write_xlsx(tmp_path / "soci.xlsx", MIXED_ROWS, header=BOTH_HEADERS)
    other_org.legal_name = org.legal_name  # the audit repr shows no organization name
    # when it is imported (bulk) in one cooperative and replayed row by row in another
    report = run(org, path, actor=admin_user)
    replay_per_row(other_org, path, admin_user)
    # then both registers hold the same rows, events, ledgers, totals and audit entries
    assert report.errors == []
    assert report.created == len(MIXED_ROWS)
    bulk, per_row = register_of(org), register_of(other_org)
    assert bulk == per_row
    assert len(bulk) == len(MIXED_ROWS) + 1
    # and each created object has one audit entry, recording the state and the last step
    # the per-row services record last
    bulk_audit, per_row_audit = audit_of(org), audit_of(other_org)
    assert bulk_audit.keys() == per_row_audit.keys()
    assert all(len(entries) == 1 for entries in bulk_audit.values())
    assert {k: v[-1:] for k, v in per_row_audit.items()} == bulk_audit
    assert len(AuditEntry.objects.filter(organization=other_org)) > len(bulk_audit)
    statuses = {m["membership"][1] for k, m in bulk.items() if isinstance(m, dict)}
    assert statuses == {"attivo", "domanda", "receduto", "escluso", "deceduto", "cessato"}


def test_an_import_costs_the_same_queries_whatever_its_size(org, other_org, tmp_path):
    # given files of 5 and of 20 new members (each table fits one insert batch)
    def imported(organization: Organization, size: int) -> int:
        born = [dt.date(1980, 1, 1) + dt.timedelta(days=i) for i in range(size)]
        rows = [
            row("Socio", codice_fiscale=codice_fiscale("Socio", "Anna", f"{day:%d/%m/%Y}"))
            for day in born
        ]
        path = write_xlsx(tmp_path / f"soci{size}.xlsx", rows)
        with CaptureQueriesContext(connection) as queries:
            report = run(organization, path)
        assert report.saved
        assert Membership.objects.filter(organization=organization).count() == size
        return len(queries)

    # when each is imported, then the number of queries does not depend on the rows
    assert imported(org, 5) == imported(other_org, 20)


# --- the service on its own ------------------------------------------------------------------


def new(surname: str, line: int, **fields: Any) -> ImportedMember:
    data = {"kind": "fisica", "surname": surname, "given_name": "Anna"}
    values: dict[str, Any] = {
        "category": "lavoratore",
        "applied_on": dt.date(2024, 1, 10),
        "admitted_on": dt.date(2024, 2, 1),
        "person_data": data,
        "line": line,
        **fields,
    }
    return ImportedMember(**values)


def errors_of(error: ValidationError) -> list[tuple[int | None, str]]:
    return [(e.params["line"], e.message % e.params) for e in error.error_list]  # type: ignore[index]


def test_blank_numbers_follow_every_number_used_and_the_counter_moves_once(org):
    # given a register whose highest number is 4
    member(org, person=PersonFactory(organization=org))
    RegisterCounter.objects.filter(organization=org).update(last_number=4)
    rows = [new("Primo", 1), new("Secondo", 2, register_number=9), new("Terzo", 3)]
    # when three members are added, one with number 9
    created = register_bulk_import(actor=None, organization=org, rows=rows, reference="Import")
    # then the blank ones come after 9, in the order given
    assert [m.register_number for m in created] == [10, 9, 11]
    assert RegisterCounter.objects.get(organization=org).last_number == 11


def test_every_refused_row_is_reported_with_its_line_and_nothing_is_saved(org, statute):
    # given a statute without financing members and rows breaking each invariant
    statute.allowed_categories = ["lavoratore", "volontario"]
    statute.save()
    taken = member(org, person=PersonFactory(organization=org))
    rows = [
        new("Buono", 1, shares=2, paid=Decimal("50")),
        new("Finanza", 2, category="finanziatore"),
        new("Troppo", 3, shares=2, paid=Decimal("60")),
        new("Ricco", 4, shares=6000, nominal_value=Decimal("25")),
        new("Prima", 5, admitted_on=dt.date(2024, 1, 1)),
        new("Usato", 6, register_number=taken.register_number),
        new("Doppio", 7, person_data={"kind": "fisica", "surname": "Doppio",
            "codice_fiscale": taken.person.codice_fiscale}),
        new("Futuro", 8, ended_on=dt.date(2999, 1, 1), exit_cause="recesso"),
        new("Aperto", 9, person=taken.person, admitted_on=None),
    ]  # fmt: skip
    before = (Person.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    # when they are written in bulk
    with pytest.raises(ValidationError) as refused:
        register_bulk_import(actor=None, organization=org, rows=rows, reference="Import")
    # then each bad row is named by its line, with the per-row service's message
    found = dict(errors_of(refused.value))
    assert sorted(line or 0 for line in found) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert "non prevede la categoria «Socio finanziatore»" in found[2]
    assert "Il versamento supera il capitale sottoscritto" in found[3]
    assert "R-CC-2525" in found[4]
    assert "non può precedere la data della domanda" in found[5]
    assert f"Il numero {taken.register_number} del libro soci è già stato usato" in found[6]
    assert "C'è già una persona con questo codice fiscale" in found[7]
    assert "data futura" in found[8]
    assert "è già socio o ha già una domanda aperta" in found[9]
    assert (Person.objects.count(), Membership.objects.count(), AuditEntry.objects.count()) == (
        before
    )


def test_r_381_2a_is_checked_on_the_register_after_the_import(org):
    # given one worker member
    member(org, person=PersonFactory(organization=org))
    rows = [new("Aiuto", 1, category="volontario"), new("Dono", 2, category="volontario")]
    # when two volunteers would be added (2 of 3)
    with pytest.raises(ValidationError) as refused:
        register_bulk_import(actor=None, organization=org, rows=rows, reference="Import")
    # then R-381-2a refuses it for the file as a whole
    [(line, message)] = errors_of(refused.value)
    assert line is None
    assert "R-381-2a" in message
    assert "2 su 3" in message
    assert "50%" in message
    # and a volunteer who already left does not count
    rows[1].ended_on, rows[1].exit_cause = dt.date(2024, 3, 1), "recesso"
    created = register_bulk_import(actor=None, organization=org, rows=rows, reference="Import")
    assert [m.status for m in created] == [MembershipStatus.ACTIVE, MembershipStatus.WITHDRAWN]


def test_the_ledger_lines_carry_the_reference_and_the_actor(org, admin_user):
    rows = [new("Pagante", 1, shares=4, paid=Decimal("60"))]
    [membership] = register_bulk_import(
        actor=admin_user, organization=org, rows=rows, reference="Libro 2019"
    )
    lines = ShareTransaction.objects.filter(membership=membership).order_by("pk")
    assert [(t.kind, t.subscribed_delta, t.paid_delta) for t in lines] == [
        ("sottoscrizione", Decimal("100.00"), Decimal("0.00")),
        ("versamento", Decimal("0.00"), Decimal("60.00")),
    ]
    assert {(t.reference, t.created_by_id) for t in lines} == {("Libro 2019", admin_user.pk)}
    payment = AuditEntry.objects.get(action="members.shares.versamento")
    assert (payment.before, payment.after) == (
        {"shares": 4, "subscribed": "100.00", "paid": "0.00"},
        {"shares": 4, "subscribed": "100.00", "paid": "60.00"},
    )
