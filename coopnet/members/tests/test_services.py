"""The membership lifecycle, persons and statute through the services (given / when / then)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial

import pytest
from codicefiscale import codicefiscale as cf_encoder
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from stdnum.it import codicefiscale as stdnum_cf

from coopnet.core.models import AuditEntry
from coopnet.members import selectors, services
from coopnet.members.models import (
    ExitCause,
    MemberCategory,
    Membership,
    MembershipEvent,
    MembershipStatus,
    Person,
    PersonKind,
)
from coopnet.members.services import persons

from .factories import PersonFactory, applicant, codice_fiscale_for, member

D = dt.date


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def _decision(step, reference):
    """``step(actor, membership, decided_on, **outcome)`` with ``reference`` unless given."""

    def decide(actor, membership, decided_on, **outcome):
        outcome.setdefault("reference", reference)
        return step(actor=actor, membership=membership, decided_on=decided_on, **outcome)

    return decide


# the board's decision on a request to withdraw (``accepted``; ``reason`` when it refuses)
decide_withdrawal = _decision(services.withdrawal_decide, "CdA")
# the assembly's decision on a refused applicant's appeal (``upheld``)
decide_appeal = _decision(services.membership_appeal_decide, "Assemblea")


# --- persons -------------------------------------------------------------------------------


def test_codice_fiscale_is_decoded_into_birth_data(org, admin_user):
    # given a natural person's codice fiscale (born 03/04/1980 in Bologna)
    data = {
        "kind": PersonKind.NATURAL,
        "surname": "Rossi",
        "given_name": "Mario",
        "codice_fiscale": "rssmra80d03a944v",
    }
    # when the person is recorded
    person = services.person_create(actor=admin_user, organization=org, data=data)
    # then the code is normalised and birth date, sex and birthplace are filled in
    assert person.codice_fiscale == "RSSMRA80D03A944V"
    assert person.birth_date == D(1980, 4, 3)
    assert person.sex == "M"
    assert person.birthplace == "Bologna (BO)"
    assert AuditEntry.objects.filter(action="members.person.create").count() == 1


def _omocode(code: str) -> str:
    """The same code with its last three digits replaced by letters (omocodia)."""
    chars = list(code[:15])
    for index in (14, 13, 12):
        chars[index] = "LMNPQRSTUV"[int(chars[index])]
    body = "".join(chars)
    return body + stdnum_cf.calc_check_digit(body)


BIRTH_CASES = [
    # surname, name, sex, born, place: what the code is made from; then what it must say
    ("Rossi", "Mario", "M", "03/04/1980", "Bologna", D(1980, 4, 3), "Bologna (BO)"),
    ("Bianchi", "Anna", "F", "29/02/1964", "Roma", D(1964, 2, 29), "Roma (RM)"),
    # the older Bologna record (until 1937)
    ("Verdi", "Luca", "M", "01/01/1936", "Bologna", D(1936, 1, 1), "Bologna (BO)"),
    # a foreign country: no province
    (
        "Smith",
        "John",
        "M",
        "12/11/1990",
        "Stati Uniti D'America",
        D(1990, 11, 12),
        "Stati Uniti D'America",
    ),
    # a century back: the two digits of the year are read as the latest year not in the future
    ("Neri", "Rita", "F", "30/06/1921", "Milano", D(2021, 6, 30), "Milano (MI)"),
]


@pytest.mark.parametrize(
    ("surname", "name", "sex", "born", "place", "birth_date", "birthplace"), BIRTH_CASES
)
@pytest.mark.parametrize("omocodia", [False, True])
def test_the_fast_decoding_agrees_with_the_library(
    surname, name, sex, born, place, birth_date, birthplace, omocodia
):
    # given a codice fiscale (and its omocode) made by the library
    code = cf_encoder.encode(
        lastname=surname, firstname=name, gender=sex, birthdate=born, birthplace=place
    )
    code = _omocode(code) if omocodia else code
    # when it is decoded the fast way, then it finds the birth facts, as the library does
    assert persons._birth_facts(code) == (birth_date, sex, birthplace)
    decoded = cf_encoder.decode(code)
    assert (decoded["birthdate"].date(), decoded["gender"]) == (birth_date, sex)


def test_an_unusual_codice_fiscale_is_left_to_the_library():
    # a birthplace code without a record, or an impossible birth date: no fast answer
    assert persons._birth_facts("RSSMRA80A01Z999X") is None
    assert persons._birth_facts("RSSMRA80B31A944X") is None  # 31 February


def test_a_wrong_codice_fiscale_is_refused_in_italian(org, admin_user):
    data = {"kind": PersonKind.NATURAL, "surname": "Rossi", "codice_fiscale": "RSSMRA80D03A944X"}
    with pytest.raises(ValidationError) as error:
        services.person_create(actor=admin_user, organization=org, data=data)
    assert "codice_fiscale" in error.value.error_dict
    assert "Codice fiscale non valido" in _messages(error)
    assert not Person.objects.exists()


def test_the_same_codice_fiscale_twice_in_one_organization_is_refused(org, other_org, admin_user):
    # given a person already recorded in org
    existing = PersonFactory(organization=org)
    data = {"kind": PersonKind.NATURAL, "surname": "X", "codice_fiscale": existing.codice_fiscale}
    # when the same codice fiscale is recorded again in org
    with pytest.raises(ValidationError) as error:
        services.person_create(actor=admin_user, organization=org, data=data)
    # then it is refused, while another cooperative may keep its own record of the person
    assert "già una persona con questo codice fiscale" in _messages(error)
    assert services.person_create(actor=admin_user, organization=other_org, data=data).pk


def test_a_legal_person_needs_a_denomination(org, admin_user):
    with pytest.raises(ValidationError) as error:
        services.person_create(
            actor=admin_user, organization=org, data={"kind": PersonKind.LEGAL, "denomination": ""}
        )
    assert "denomination" in error.value.error_dict


# --- the lifecycle -------------------------------------------------------------------------


def test_full_lifecycle_apply_admit_withdraw(org, admin_user):
    # given an application
    membership = applicant(org, applied_on=D(2025, 1, 10), actor=admin_user)
    assert membership.status == MembershipStatus.APPLIED
    assert membership.register_number is None
    # when the board admits, the member asks to withdraw and the board accepts
    membership = services.membership_admit(
        actor=admin_user, membership=membership, admitted_on=D(2025, 2, 1), decision_ref="CdA 3"
    )
    membership = services.withdrawal_request(
        actor=admin_user, membership=membership, requested_on=D(2025, 9, 1)
    )
    membership = decide_withdrawal(
        admin_user, membership, D(2025, 10, 15), accepted=True, reference="CdA 9"
    )
    # then the member left on the decision, the mutual relation ends with the year
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.WITHDRAWN
    assert membership.register_number == 1
    assert membership.exit_cause == ExitCause.WITHDRAWAL
    assert membership.ended_on == D(2025, 10, 15)
    assert membership.mutual_relation_ends_on == D(2025, 12, 31)
    kinds = list(membership.events.values_list("kind", flat=True))
    assert kinds == ["domanda", "ammissione", "richiesta_recesso", "recesso_accolto"]
    actions = set(
        AuditEntry.objects.filter(object_type="members.membership").values_list("action", flat=True)
    )
    assert actions == {
        "members.membership.apply",
        "members.membership.admit",
        "members.membership.withdrawal_request",
        "members.membership.withdrawal_decide",
    }


@pytest.mark.parametrize(
    ("requested_on", "mutual_end"),
    [
        (D(2025, 9, 30), D(2025, 12, 31)),  # three months before the year end: this year
        (D(2025, 10, 1), D(2026, 12, 31)),  # too late: the end of next year
    ],
)
def test_withdrawal_mutual_relation_end_on_both_sides_of_three_months(
    org, admin_user, requested_on, mutual_end
):
    # given an active member asking to withdraw on either side of 30/09
    membership = member(org, admitted_on=D(2024, 2, 1))
    services.withdrawal_request(actor=admin_user, membership=membership, requested_on=requested_on)
    # when the board accepts
    accepted = decide_withdrawal(
        admin_user, membership, requested_on + dt.timedelta(days=20), accepted=True
    )
    # then R-CC-2532 dates follow the request date
    assert accepted.mutual_relation_ends_on == mutual_end
    assert accepted.ended_on == requested_on + dt.timedelta(days=20)


def test_a_refused_withdrawal_needs_a_reason_and_opens_the_opposition_period(org, admin_user):
    membership = member(org)
    services.withdrawal_request(actor=admin_user, membership=membership, requested_on=D(2025, 3, 1))
    # when the board rejects without a reason: refused, nothing changes
    with pytest.raises(ValidationError) as error:
        decide_withdrawal(admin_user, membership, D(2025, 4, 1), accepted=False)
    assert "reason" in error.value.error_dict
    membership.refresh_from_db()
    assert membership.exit_requested_on == D(2025, 3, 1)
    # when it rejects with a reason: still a member, 60 days to oppose in court
    decide_withdrawal(
        admin_user,
        membership,
        D(2025, 4, 1),
        accepted=False,
        reason="Il recesso non è previsto dallo statuto in questo caso.",
    )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.exit_requested_on is None
    assert membership.opposition_deadline == D(2025, 5, 31)


def refused_on_1_february(org, actor):
    """An application of 10 January 2025 refused on 1 February: appeals run to 2 April."""
    membership = applicant(org, applied_on=D(2025, 1, 10))
    services.membership_refuse(
        actor=actor, membership=membership, refused_on=D(2025, 2, 1), reason="Requisiti"
    )
    return membership


def test_refusal_appeal_within_60_days_upheld_admits(org, admin_user):
    # given a refused application
    membership = refused_on_1_february(org, admin_user)
    # when the applicant appeals on the 60th day and the assembly upholds the appeal
    services.membership_appeal(actor=admin_user, membership=membership, filed_on=D(2025, 4, 2))
    admitted = decide_appeal(
        admin_user, membership, D(2025, 4, 28), upheld=True, reference="Assemblea 28/04/2025"
    )
    # then the applicant is admitted on the assembly's date with a register number
    assert admitted.status == MembershipStatus.ACTIVE
    assert admitted.admitted_on == D(2025, 4, 28)
    assert admitted.register_number == 1
    assert admitted.appeal_upheld is True


def test_an_appeal_after_60_days_is_refused(org, admin_user):
    membership = refused_on_1_february(org, admin_user)
    with pytest.raises(ValidationError) as error:
        services.membership_appeal(actor=admin_user, membership=membership, filed_on=D(2025, 4, 3))
    assert "R-CC-2528" in _messages(error)
    assert "02/04/2025" in _messages(error)
    membership.refresh_from_db()
    assert membership.appeal_filed_on is None


def test_an_appeal_rejected_leaves_the_application_refused(org, admin_user):
    membership = refused_on_1_february(org, admin_user)
    services.membership_appeal(actor=admin_user, membership=membership, filed_on=D(2025, 2, 10))
    # a decision dated before the appeal is impossible
    with pytest.raises(ValidationError):
        decide_appeal(admin_user, membership, D(2025, 2, 9), upheld=False)
    decided = decide_appeal(admin_user, membership, D(2025, 4, 28), upheld=False)
    assert decided.status == MembershipStatus.REFUSED
    assert decided.register_number is None


def test_refusal_needs_a_reason(org, admin_user):
    membership = applicant(org)
    with pytest.raises(ValidationError) as error:
        services.membership_refuse(
            actor=admin_user, membership=membership, refused_on=D(2024, 2, 1), reason=" "
        )
    assert "motivato" in _messages(error)


@pytest.mark.parametrize(
    ("cause", "status", "event"),
    [
        (ExitCause.WITHDRAWAL, MembershipStatus.WITHDRAWN, "recesso_accolto"),
        (ExitCause.EXCLUSION, MembershipStatus.EXCLUDED, "esclusione"),
        (ExitCause.DEATH, MembershipStatus.DECEASED, "morte"),
        (ExitCause.TRANSFER, MembershipStatus.TRANSFERRED, "uscita_trasferimento"),
    ],
)
def test_a_past_exit_is_recorded_with_its_cause(org, admin_user, cause, status, event):
    # given an active member
    membership = member(org, applied_on=D(2020, 1, 10), admitted_on=D(2020, 2, 1))
    # when an exit that already happened is recorded
    services.membership_record_exit(
        actor=admin_user,
        membership=membership,
        cause=cause,
        ended_on=D(2022, 5, 10),
        reference="Libro soci cartaceo",
        note="Uscita storica",
    )
    # then the membership is closed, with one event and one audit entry
    membership.refresh_from_db()
    assert (membership.status, membership.exit_cause, membership.ended_on) == (
        status,
        cause,
        D(2022, 5, 10),
    )
    last = membership.events.order_by("-pk").values_list("kind", "reference", "note")[0]
    assert last == (event, "Libro soci cartaceo", "Uscita storica")
    entry = AuditEntry.objects.get(action="members.membership.exit")
    assert (entry.before or {})["status"] == "attivo"
    assert membership.status in selectors.STATUS_FILTERS["exited"]


def test_a_past_withdrawal_ends_the_mutual_relation_as_the_law_says(org, admin_user):
    membership = member(org, applied_on=D(2020, 1, 10), admitted_on=D(2020, 2, 1))
    services.membership_record_exit(
        actor=admin_user,
        membership=membership,
        cause=ExitCause.WITHDRAWAL,
        ended_on=D(2022, 10, 5),  # less than three months before the end of the year
        reference="CdA 9/2022",
    )
    assert membership.mutual_relation_ends_on == D(2023, 12, 31)  # R-CC-2532
    assert membership.exit_decided_on == D(2022, 10, 5)


@pytest.mark.parametrize(
    ("cause", "ended_on", "message"),
    [
        ("fuga", D(2022, 1, 1), "Causa di uscita sconosciuta"),
        (ExitCause.DEATH, D(2019, 1, 1), "non può precedere la data di ammissione"),
        (ExitCause.DEATH, D(2999, 1, 1), "è nel futuro"),
    ],
)
def test_a_past_exit_is_checked(org, admin_user, cause, ended_on, message):
    membership = member(org, applied_on=D(2020, 1, 10), admitted_on=D(2020, 2, 1))
    with pytest.raises(ValidationError) as error:
        services.membership_record_exit(
            actor=admin_user, membership=membership, cause=cause, ended_on=ended_on, reference=""
        )
    assert message in _messages(error)


def test_only_an_active_member_can_exit(org, admin_user):
    waiting = applicant(org)
    with pytest.raises(ValidationError):
        services.membership_record_exit(
            actor=admin_user,
            membership=waiting,
            cause=ExitCause.DEATH,
            ended_on=D(2024, 5, 1),
            reference="",
        )


def test_exclusion_sets_the_opposition_deadline(org, admin_user):
    membership = member(org, admitted_on=D(2024, 2, 1))
    excluded = services.membership_exclude(
        actor=admin_user,
        membership=membership,
        decided_on=D(2025, 6, 1),
        reason="Mancato versamento delle quote (art. 2531 c.c.)",
        reference="CdA 12",
    )
    assert excluded.status == MembershipStatus.EXCLUDED
    assert excluded.exit_cause == ExitCause.EXCLUSION
    assert excluded.ended_on == D(2025, 6, 1)
    assert excluded.opposition_deadline == D(2025, 7, 31)
    assert excluded.register_number == 1


def test_death_closes_the_membership(org, admin_user):
    membership = member(org, admitted_on=D(2024, 2, 1))
    closed = services.membership_record_death(
        actor=admin_user, membership=membership, died_on=D(2025, 1, 5)
    )
    assert closed.status == MembershipStatus.DECEASED
    assert closed.ended_on == D(2025, 1, 5)
    assert MembershipEvent.objects.filter(membership=closed, kind="morte").count() == 1


# --- impossible dates and statute rules ----------------------------------------------------


def test_admission_before_application_is_refused(org, admin_user):
    membership = applicant(org, applied_on=D(2025, 3, 1))
    with pytest.raises(ValidationError) as error:
        services.membership_admit(
            actor=admin_user, membership=membership, admitted_on=D(2025, 2, 28), decision_ref="x"
        )
    assert "admitted_on" in error.value.error_dict
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPLIED
    assert membership.register_number is None


@pytest.mark.parametrize("step", ["exclude", "death", "withdrawal_request"])
def test_an_exit_before_admission_is_refused(org, admin_user, step):
    membership = member(org, admitted_on=D(2025, 2, 1))
    before = D(2025, 1, 31)
    steps = {
        "exclude": lambda: services.membership_exclude(
            actor=admin_user, membership=membership, decided_on=before, reason="x", reference="y"
        ),
        "death": lambda: services.membership_record_death(
            actor=admin_user, membership=membership, died_on=before
        ),
        "withdrawal_request": lambda: services.withdrawal_request(
            actor=admin_user, membership=membership, requested_on=before
        ),
    }
    with pytest.raises(ValidationError):
        steps[step]()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.ended_on is None


def test_the_database_refuses_an_exit_before_admission(org):
    membership = member(org, admitted_on=D(2025, 2, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(ended_on=D(2025, 1, 1))


def test_a_category_the_statute_does_not_allow_is_refused(org, admin_user):
    # given a statute without volunteer members
    services.statute_update(
        actor=admin_user,
        organization=org,
        data={"allowed_categories": [MemberCategory.LAVORATORE, MemberCategory.FRUITORE]},
    )
    # when a volunteer applies
    with pytest.raises(ValidationError) as error:
        applicant(org, category=MemberCategory.VOLONTARIO)
    # then the application is refused naming the category
    assert "category" in error.value.error_dict
    assert "Socio volontario" in _messages(error)
    assert not Membership.objects.exists()


def test_a_category_removed_from_the_statute_blocks_the_admission(org, admin_user):
    membership = applicant(org, category=MemberCategory.FRUITORE)
    services.statute_update(
        actor=admin_user, organization=org, data={"allowed_categories": ["lavoratore"]}
    )
    with pytest.raises(ValidationError):
        services.membership_admit(
            actor=admin_user, membership=membership, admitted_on=D(2024, 2, 1), decision_ref="x"
        )


def test_volunteers_at_exactly_half_are_admitted_one_more_is_blocked(org, admin_user):
    # given 5 worker members and 4 volunteer members
    for _ in range(5):
        member(org)
    for _ in range(4):
        member(org, category=MemberCategory.VOLONTARIO)
    # when a fifth volunteer is admitted: 5 volunteers of 10 members, exactly 50%
    fifth = member(org, category=MemberCategory.VOLONTARIO)
    assert fifth.status == MembershipStatus.ACTIVE
    # then a sixth would make 6 of 11 (> 50%): blocked with the reason, nothing saved
    sixth = applicant(org, category=MemberCategory.VOLONTARIO)
    with pytest.raises(ValidationError) as error:
        services.membership_admit(
            actor=admin_user, membership=sixth, admitted_on=D(2024, 3, 1), decision_ref="CdA"
        )
    assert "R-381-2a" in _messages(error)
    assert "6 su 11" in _messages(error)
    sixth.refresh_from_db()
    assert sixth.status == MembershipStatus.APPLIED
    assert sixth.register_number is None
    # and a worker member can still be admitted, after which the volunteer fits (6 of 12)
    member(org)
    services.membership_admit(
        actor=admin_user, membership=sixth, admitted_on=D(2024, 3, 1), decision_ref="CdA"
    )


def test_register_numbers_are_never_reused(org, admin_user):
    # given three members; number 3 leaves
    first, second, third = (member(org) for _ in range(3))
    assert [first.register_number, second.register_number, third.register_number] == [1, 2, 3]
    services.membership_exclude(
        actor=admin_user, membership=third, decided_on=D(2025, 1, 1), reason="x", reference="y"
    )
    # when the next applicant is admitted
    fourth = member(org)
    # then the one who left keeps number 3 and the newcomer gets 4
    third.refresh_from_db()
    assert third.register_number == 3
    assert fourth.register_number == 4
    # and a number already used cannot be given again
    fifth = applicant(org)
    admit_fifth = partial(
        services.membership_admit,
        actor=admin_user,
        membership=fifth,
        admitted_on=D(2024, 2, 1),
        decision_ref="x",
    )
    with pytest.raises(ValidationError) as error:
        admit_fifth(register_number=3)
    assert "register_number" in error.value.error_dict
    # a chosen higher number moves the counter on
    admit_fifth(register_number=10)
    assert member(org).register_number == 11


def test_a_person_cannot_apply_twice(org):
    person = PersonFactory(organization=org)
    applicant(org, person=person)
    with pytest.raises(ValidationError):
        applicant(org, person=person)


def test_only_a_legal_person_can_be_a_legal_person_member(org):
    with pytest.raises(ValidationError):
        applicant(org, category=MemberCategory.PERSONA_GIURIDICA)


# --- application_submit --------------------------------------------------------------------


def _natural(n: int = 1) -> dict[str, object]:
    return {
        "kind": PersonKind.NATURAL,
        "surname": "Neri",
        "given_name": "Ada",
        "codice_fiscale": codice_fiscale_for("Neri", "Ada", 9000 + n),
        "email": "ada@example.org",
    }


def submit(org, actor):
    """Ada Neri applies to become a user member (socio fruitore) on 1 May 2025."""
    return services.application_submit(
        actor=actor,
        organization=org,
        person_data=_natural(),
        category=MemberCategory.FRUITORE,
        applied_on=D(2025, 5, 1),
    )


def test_application_submit_creates_the_person_and_the_application(org, admin_user):
    membership, created = submit(org, admin_user)
    assert created is True
    assert membership.person.surname == "Neri"
    assert membership.person.birth_date is not None
    assert membership.status == MembershipStatus.APPLIED


def test_application_submit_reuses_a_known_person(org, admin_user):
    known = PersonFactory(organization=org, codice_fiscale=_natural()["codice_fiscale"])
    membership, created = submit(org, admin_user)
    assert created is False
    assert membership.person == known
    assert Person.objects.count() == 1


def test_application_submit_is_all_or_nothing(org, admin_user):
    services.statute_update(
        actor=admin_user, organization=org, data={"allowed_categories": ["lavoratore"]}
    )
    with pytest.raises(ValidationError):
        submit(org, admin_user)
    assert not Person.objects.exists()
    assert not Membership.objects.exists()


# --- voting rights and statute -------------------------------------------------------------


@pytest.mark.parametrize(("days", "votes"), [(89, False), (90, True)])
def test_voting_rights_after_90_days(org, days, votes):
    membership = member(org, applied_on=D(2024, 12, 1), admitted_on=D(2025, 1, 1))
    on = D(2025, 1, 1) + dt.timedelta(days=days)
    assert selectors.has_voting_rights(membership, on) is votes
    assert selectors.voters_on(org, on).filter(pk=membership.pk).exists() is votes


def test_no_vote_after_leaving(org, admin_user):
    membership = member(org, applied_on=D(2023, 12, 1), admitted_on=D(2024, 1, 1))
    services.membership_record_death(actor=admin_user, membership=membership, died_on=D(2025, 1, 1))
    membership.refresh_from_db()
    assert selectors.has_voting_rights(membership, D(2025, 6, 1)) is False


@pytest.mark.parametrize(
    ("value", "azioni", "ok"),
    [
        (Decimal("24.99"), False, False),
        (Decimal("25.00"), False, True),
        (Decimal("719.00"), True, True),
        (Decimal("719.01"), True, False),
        (Decimal("1000.00"), False, True),  # quote have no maximum, only azioni do
    ],
)
def test_statute_nominal_value_limits(org, admin_user, value, azioni, ok):
    data = {"share_nominal_value": value, "shares_are_azioni": azioni}
    if ok:
        statute = services.statute_update(actor=admin_user, organization=org, data=data)
        assert statute.share_nominal_value == value
    else:
        with pytest.raises(ValidationError) as error:
            services.statute_update(actor=admin_user, organization=org, data=data)
        assert "R-CC-2525" in _messages(error)


def test_statute_refuses_unknown_categories(org, admin_user):
    with pytest.raises(ValidationError):
        services.statute_update(
            actor=admin_user, organization=org, data={"allowed_categories": ["pirata"]}
        )
