"""Services: tenders and lots, bids in each form, conflicts across forms, eligibility
evidence, outcomes, contracts with the clauses of the parameter table, and the audit log."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coopnet.compliance import engine
from coopnet.contracts import services
from coopnet.contracts.models import BidForm, Outcome, Procedure
from coopnet.core.models import AuditEntry, OrganizationKind
from coopnet.core.tests.factories import OrganizationFactory

from .conftest import DAY, IBAN, awarded, bid, contract, executor, make_tender, rti

pytestmark = pytest.mark.django_db


def refusal(call, *args, **kwargs):
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    return error.value.message_dict


def test_tender_needs_a_public_body(org, other_org):
    errors = refusal(make_tender, org, other_org, values=())
    assert errors["authority"] == ["La stazione appaltante deve essere un ente pubblico."]


def test_tender_deadlines_in_order(org, comune):
    errors = refusal(make_tender, org, comune, values=(), bid_deadline=DAY - dt.timedelta(days=1))
    assert "bid_deadline" in errors


def test_lot_cig_is_unique_in_its_tender(tender):
    errors = refusal(
        services.lot_create,
        actor=None,
        tender=tender,
        data={"number": 9, "cig": "000000000a", "base_value": Decimal(1)},
    )
    assert "__all__" in errors or "cig" in errors


def test_convention_lots_stay_below_the_eu_threshold(org, comune):
    tender = make_tender(org, comune, Procedure.CONVENTION, values=("200000",))
    errors = refusal(
        services.lot_create,
        actor=None,
        tender=tender,
        data={"number": 2, "cig": "000000000Z", "base_value": Decimal(16000)},
    )
    assert "216.000,00 €" in errors["base_value"][0]
    assert tender.lots.count() == 1


def test_convention_threshold_of_central_government(org, comune):
    errors = refusal(
        make_tender, org, comune, Procedure.CONVENTION, values=("140000",), central_government=True
    )
    assert "140.000,00 €" in errors["base_value"][0]


def test_bid_alone_is_recorded_and_audited(tender):
    recorded = bid(tender, amount=Decimal(95000))
    assert recorded.organization == tender.organization
    assert sorted(recorded.lots.values_list("cig", flat=True)) == ["000000000A", "000000000B"]
    assert recorded.eligibility is None  # an open tender stores no evidence
    after = AuditEntry.objects.get(action="contracts.bid.create").after
    assert after is not None
    assert after["form"] == "alone"


def test_rti_shares_must_sum_to_100(tender, org, other_org):
    members = rti(org, other_org)
    members[1] = members[1].__class__(other_org.pk, members[1].role, Decimal(30), "servizio")
    errors = refusal(bid, tender, BidForm.RTI, members)
    assert errors["members"] == ["Le quote sommano a 90%: devono fare 100%."]
    assert not tender.bids.exists()


def test_consortium_bid_names_affiliated_executors(consortium, comune, executors):
    tender = make_tender(consortium, comune)
    stranger = OrganizationFactory()
    errors = refusal(
        bid, tender, BidForm.CONSORTIUM, [executor(executors[0], "50"), executor(stranger, "50")]
    )
    assert errors["members"] == [f"{stranger} non aderisce a Consorzio alla data dell'offerta."]
    recorded = bid(
        tender, BidForm.CONSORTIUM, [executor(executors[0], "70"), executor(executors[1], "30")]
    )
    assert recorded.members.count() == 2


def test_only_a_consortium_bids_as_consortium(tender, other_org):
    errors = refusal(bid, tender, BidForm.CONSORTIUM, [executor(other_org)])
    assert errors["form"] == ["Solo un consorzio presenta un'offerta come consorzio."]


def test_executor_may_not_bid_on_the_same_lot_otherwise(consortium, comune, executors):
    coop = executors[0]
    bid(make_tender(consortium, comune), BidForm.CONSORTIUM, [executor(coop)])
    own = make_tender(coop, comune, values=("100000", "1000"), title="Stessa gara")
    errors = refusal(bid, own)
    assert errors["lots"] == [
        f"{coop} partecipa già al lotto CIG 000000000A come consorziata esecutrice di un "
        "consorzio: non può partecipare allo stesso lotto in un'altra offerta "
        "(D.Lgs. 36/2023 art. 65-68)."
    ]
    # another lot of the same tender is free
    assert bid(own, lots=own.lots.filter(cig="000000000B")).pk


def test_withdrawn_bid_frees_its_members(consortium, comune, executors):
    coop = executors[0]
    first = bid(make_tender(consortium, comune), BidForm.CONSORTIUM, [executor(coop)])
    own = make_tender(coop, comune)
    refusal(bid, own)
    services.bid_outcome(actor=None, bid=first, outcome=Outcome.WITHDRAWN, outcome_on=DAY)
    assert bid(own).pk


def test_rti_member_conflicts_with_its_own_bid(tender, org, other_org, comune):
    bid(make_tender(other_org, comune), form=BidForm.ALONE)
    errors = refusal(bid, tender, BidForm.RTI, rti(org, other_org))
    assert "con un'offerta singola" in errors["lots"][0]


def test_reserved_bid_stores_the_eligibility_evidence(comune):
    coop_b = OrganizationFactory.create(kind=OrganizationKind.SOCIAL_COOP_B)
    tender = make_tender(coop_b, comune, Procedure.RESERVED)
    recorded = bid(tender)
    finding = next(f for f in engine.run(coop_b, DAY) if f.rule == "R-381-4b")
    evidence = recorded.eligibility
    assert evidence["rule"] == "R-381-4b"
    assert evidence["as_of"] == DAY.isoformat()
    [row] = evidence["organizations"]
    assert row["organization_id"] == coop_b.pk
    assert row["status"] == str(finding.status)
    assert row["explanation"] == finding.explanation


def test_outcome_is_decided_once(tender):
    recorded = bid(tender)
    services.bid_outcome(
        actor=None, bid=recorded, outcome=Outcome.LOST, outcome_on=DAY, note="punteggio"
    )
    errors = refusal(
        services.bid_outcome, actor=None, bid=recorded, outcome=Outcome.AWARDED, outcome_on=DAY
    )
    assert errors["outcome"] == ["L'esito di questa offerta è già registrato."]
    assert AuditEntry.objects.filter(action="contracts.bid.lost").count() == 1


def test_checklist_owner_holds_a_role(tender, admin_user, outsider):
    recorded = bid(tender)
    data = {"title": "DURC", "due_date": DAY, "owner": outsider}
    errors = refusal(services.checklist_item_add, actor=admin_user, bid=recorded, data=data)
    assert "owner" in errors
    item = services.checklist_item_add(
        actor=admin_user, bid=recorded, data={**data, "owner": admin_user}
    )
    services.checklist_item_done(actor=admin_user, item=item, done=True, on=DAY)
    item.refresh_from_db()
    assert item.done
    assert item.done_on == DAY


@pytest.mark.parametrize(("health", "days"), [(False, 30), (True, 60)])
def test_contract_terms_come_from_the_parameters(org, comune, health, days):
    recorded = awarded(make_tender(org, comune, health_body=health))
    signed = contract(recorded, iban="it60 x054 2811 1010 0000 0123 456")
    assert signed.payment_days == days
    assert (signed.revision_threshold, signed.revision_share) == (Decimal("0.05"), Decimal("0.8"))
    assert signed.iban == IBAN
    assert [(s.executor, s.share) for s in signed.shares.all()] == [(org, Decimal(100))]


def test_contract_copies_the_rti_shares(tender, org, other_org):
    signed = contract(awarded(tender, BidForm.RTI, rti(org, other_org)))
    assert {s.executor: s.share for s in signed.shares.all()} == {org: 60, other_org: 40}
    after = AuditEntry.objects.get(action="contracts.contract.create").after
    assert after is not None
    assert len(after["shares"]) == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"iban": "IT60X0542811101000000123457"}, "iban"),
        ({"end_date": dt.date(2026, 1, 1)}, "end_date"),
        ({"start_date": dt.date(2013, 1, 1), "end_date": dt.date(2014, 1, 1)}, "start_date"),
    ],
)
def test_contract_refusals(tender, data, field):
    errors = refusal(contract, awarded(tender), **data)
    assert field in errors


def test_contract_only_for_awarded_bids(tender):
    errors = refusal(contract, bid(tender))
    assert errors["__all__"] == ["Il contratto si registra solo per un'offerta aggiudicata."]


def test_convention_contract_above_threshold_refused(org, comune):
    recorded = awarded(make_tender(org, comune, Procedure.CONVENTION, values=("200000",)))
    errors = refusal(contract, recorded, value=Decimal(216000))
    assert "R-381-5a" in errors["value"][0]
