"""The demo cooperative's libro soci and staff: members with their capital, employments,
qualifications and the volunteer register, all through the members and workforce services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from coopnet.core.management.commands.demo_logins import DEMO_EMAIL_DOMAIN
from coopnet.core.models import Organization, OrganizationKind, Role, User
from coopnet.members import services as members
from coopnet.members.models import MemberCategory, Membership, Person, PersonKind
from coopnet.workforce import services as workforce
from coopnet.workforce import vault
from coopnet.workforce.models import DisadvantageCategory, QualificationKind, Volunteer

from .context import Cooperative
from .data import (
    APPLICANT,
    CERTIFICATES,
    JOBS,
    MEMBERS,
    PARTLY_PAID,
    QUALIFICATION_ISSUERS,
    WITHDRAWN,
    Certificate,
    MemberSpec,
)

AGES = {MemberCategory.FRUITORE: (74, 93), MemberCategory.VOLONTARIO: (58, 74)}


def seed_register(coop: Cooperative) -> None:
    """Admit the members in order of admission, then one withdrawal and one application."""
    users = _users(coop.organization)
    offsets = sorted(coop.rng.sample(range(150, 14 * 365), len(MEMBERS)), reverse=True)
    for spec, offset in zip(MEMBERS, offsets, strict=True):
        admitted_on = coop.days_ago(offset)
        person = _person(coop, spec, users)
        membership = _admit(coop, spec, person, admitted_on)
        coop.members.append((spec, membership))
        _staff(coop, spec, person, start=admitted_on - dt.timedelta(coop.rng.randint(60, 400)))
    _withdraw(coop, coop.members[WITHDRAWN][1])
    applicant = _person(coop, APPLICANT, users)
    _staff(coop, APPLICANT, applicant, start=coop.days_ago(75))
    members.membership_apply(
        actor=None,
        organization=coop.organization,
        person=applicant,
        category=APPLICANT.category,
        applied_on=coop.days_ago(12),
    )
    coop.report.members += 1


def _users(organization: Organization) -> Iterator[User]:
    """The member users the network seeding made for ``organization`` (five at most)."""
    yield from (
        User.objects.filter(
            role_assignments__organization=organization, role_assignments__role=Role.MEMBER
        )
        .exclude(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
        .order_by("pk")[:5]
    )


def _person(coop: Cooperative, spec: MemberSpec, users: Iterator[User]) -> Person:
    if spec.category == MemberCategory.PERSONA_GIURIDICA:
        return _legal_person(coop)
    youngest, oldest = AGES.get(MemberCategory(spec.category), (24, 60))
    if spec.login:
        user: User | None = User.objects.get(email=f"{spec.login}@{DEMO_EMAIL_DOMAIN}")
    else:
        user = next(users, None)
    if user is not None:
        given, _space, surname = user.full_name.partition(" ")
        return coop.person(given, surname, born=coop.birth_date(youngest, oldest), user=user)
    given, surname = coop.name()
    return coop.person(given, surname, born=coop.birth_date(youngest, oldest))


def _legal_person(coop: Cooperative) -> Person:
    """A volunteer association of the network as socio persona giuridica."""
    association = Organization.objects.filter(kind=OrganizationKind.ASSOCIATION).first()
    person = members.person_create(
        actor=None,
        organization=coop.organization,
        data={
            "kind": PersonKind.LEGAL,
            "denomination": association.legal_name if association else "Amici della Quercia ODV",
            "codice_fiscale": association.codice_fiscale if association else "",
            "partita_iva": association.partita_iva if association else "",
            "linked_organization": association,
            "email": association.email if association else "",
        },
    )
    coop.report.persons += 1
    return person


def _admit(coop: Cooperative, spec: MemberSpec, person: Person, admitted_on: dt.date) -> Membership:
    """Application, board decision, shares subscribed and paid (in full or in part)."""
    membership = members.membership_apply(
        actor=None,
        organization=coop.organization,
        person=person,
        category=spec.category,
        applied_on=admitted_on - dt.timedelta(days=coop.rng.randint(10, 40)),
    )
    number = len(coop.members) + 1
    membership = members.membership_admit(
        actor=None,
        membership=membership,
        admitted_on=admitted_on,
        decision_ref=f"Delibera CdA n. {number}/{admitted_on.year}",
    )
    subscription = members.shares_subscribe(
        actor=None, membership=membership, shares=spec.shares, date=admitted_on
    )
    paid = subscription.subscribed_delta
    if len(coop.members) in PARTLY_PAID:
        paid = (paid / 2).quantize(Decimal("0.01"))
    members.shares_pay(
        actor=None, membership=membership, amount=paid, date=admitted_on, reference="Bonifico"
    )
    coop.report.members += 1
    return membership


def _withdraw(coop: Cooperative, membership: Membership) -> None:
    """A worker who moved away: withdrawal asked, accepted by the board, employment closed."""
    requested_on, decided_on = coop.days_ago(140), coop.days_ago(110)
    members.withdrawal_request(actor=None, membership=membership, requested_on=requested_on)
    members.withdrawal_decide(
        actor=None,
        membership=membership,
        decided_on=decided_on,
        accepted=True,
        reference=f"Delibera CdA n. 7/{decided_on.year}",
    )
    for employment in membership.person.employments.filter(end_date__isnull=True):
        workforce.employment_end(actor=None, employment=employment, end_date=decided_on)


def _staff(coop: Cooperative, spec: MemberSpec, person: Person, *, start: dt.date) -> None:
    if spec.job:
        _employ(coop, spec.job, person, start)
        if spec.disadvantage:
            _certify(coop, person, spec.disadvantage, start)
    elif spec.category == MemberCategory.VOLONTARIO:
        _volunteer(coop, person, start)


def _employ(coop: Cooperative, job_key: str, person: Person, start: dt.date) -> None:
    job = JOBS[job_key]
    workforce.employment_create(
        actor=None,
        organization=coop.organization,
        person=person,
        data={
            "branch": job.branch,
            "contract_type": job.contract,
            "ccnl": "CCNL Cooperative sociali",
            "level": job.level,
            "weekly_hours": Decimal(job.weekly_hours),
            "start_date": start,
            "end_date": None,
            "gross_annual_pay": Decimal(job.pay),
        },
    )
    coop.report.employments += 1
    if job.qualification:
        _qualify(coop, person, job.qualification, start - dt.timedelta(coop.rng.randint(90, 900)))
    if job.branch == "A":
        issued_on = coop.days_ago(coop.rng.randint(400, 1000))
        _qualify(coop, person, QualificationKind.FIRST_AID, issued_on, years=3)


def _certify(coop: Cooperative, person: Person, category: str, start: dt.date) -> None:
    """The branch B's work integration (R-381-4b): a disadvantaged worker's status, certified
    by a public body since the hiring and, when it expires, renewed well ahead of the alert;
    its certificate attached (R-381-4d) through the vault, encrypted as an upload."""
    certificate = CERTIFICATES[DisadvantageCategory(category)]
    valid_to = None
    if certificate.months:
        valid_to = coop.today + dt.timedelta(days=coop.rng.randint(120, 30 * certificate.months))
    data = {
        "category": category,
        "certifying_body": certificate.body,
        "document_type": certificate.document_type,
        "valid_from": start,
        "valid_to": valid_to,
    }
    document = _certificate_pdf(person, certificate, data)
    vault.status_import(
        actor=None, organization=coop.organization, person=person, data=data, document=document
    )


def _certificate_pdf(
    person: Person, certificate: Certificate, data: dict[str, Any]
) -> SimpleUploadedFile:
    """The certificate as the office would scan it: a one-page PDF, marked as invented."""
    from weasyprint import HTML  # imported here: loading Pango costs time at startup

    html = render_to_string(
        "demo/certificate_pdf.html",
        {
            "person": person,
            "certificate": certificate,
            "category": DisadvantageCategory(data["category"]).label,
            **data,
        },
    )
    pdf = HTML(string=html).write_pdf()
    return SimpleUploadedFile("certificato.pdf", pdf, content_type="application/pdf")


def _qualify(
    coop: Cooperative, person: Person, kind: str, issued_on: dt.date, *, years: int = 0
) -> None:
    expires_on = issued_on + dt.timedelta(days=365 * years) if years else None
    if kind == QualificationKind.DRIVER:
        expires_on = coop.today + dt.timedelta(days=coop.rng.randint(150, 3000))
    workforce.qualification_create(
        actor=None,
        organization=coop.organization,
        person=person,
        data={
            "kind": kind,
            "issued_by": QUALIFICATION_ISSUERS.get(QualificationKind(kind), "Croce Rossa Italiana"),
            "issued_on": issued_on,
            "expires_on": expires_on,
        },
    )


def _volunteer(coop: Cooperative, person: Person, start: dt.date) -> None:
    """A volunteer in the register, insured for the year, with some hours and expenses."""
    volunteer = workforce.volunteer_register(
        actor=None,
        organization=coop.organization,
        person=person,
        data={"activities": "Compagnia, spesa e accompagnamenti", "start_date": start},
    )
    valid_from = coop.days_ago(200)
    workforce.insurance_add(
        actor=None,
        volunteer=volunteer,
        insurer="Mutua Cooperativa di Assicurazione",
        policy_number=f"VOL-{valid_from.year}-{volunteer.pk:04d}",
        valid_from=valid_from,
        valid_to=valid_from + dt.timedelta(days=364),
    )
    for days in (26, 19, 12, 5):
        workforce.hours_record(
            actor=None,
            volunteer=volunteer,
            date=coop.days_ago(days),
            hours=Decimal(coop.rng.choice((2, 3, 4))),
            activity="Accompagnamento a visite e commissioni",
        )
    _reimburse(coop, volunteer)
    coop.report.volunteers += 1


def _reimburse(coop: Cooperative, volunteer: Volunteer) -> None:
    workforce.reimbursement_record(
        actor=None,
        volunteer=volunteer,
        date=coop.days_ago(12),
        amount=Decimal("7.50"),
        self_certified=True,
        description="Rimborso chilometrico per un accompagnamento",
    )
