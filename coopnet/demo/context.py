"""What the seeding steps share: the cooperative, today, seeded generators and the counts."""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass, field
from typing import Literal

from codicefiscale import codicefiscale
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from faker.providers.person.it_IT import Provider as ItalianNames

from coopnet.core.models import Comune, Organization, User
from coopnet.members.models import Membership, Person, PersonKind
from coopnet.members.services import person_create, person_link_user

from .data import BIRTHPLACES, STREETS, MemberSpec


@dataclass
class OperationsReport:
    """What one run created (zero everywhere on a second run)."""

    persons: int = 0
    members: int = 0
    employments: int = 0
    volunteers: int = 0
    beneficiaries: int = 0
    plans: int = 0
    visits: int = 0
    meetings: int = 0
    tenders: int = 0
    invoices: int = 0
    commons: int = 0
    exchanges: int = 0


@dataclass
class Cooperative:
    """One demo cooperative being seeded, and the people the steps made so far."""

    organization: Organization
    report: OperationsReport
    today: dt.date = field(default_factory=timezone.localdate)
    members: list[tuple[MemberSpec, Membership]] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        seed = zlib.crc32(self.organization.slug.encode())
        self.rng = random.Random(seed)  # noqa: S311  demo data, not security
        self.fake = Faker("it_IT")
        self.fake.seed_instance(seed)
        self.comune = self.organization.seat_comune or Comune.objects.filter(name="Bologna").first()

    def days_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def birth_date(self, youngest: int, oldest: int) -> dt.date:
        return self.days_ago(self.rng.randint(youngest * 365, oldest * 365))

    def name(self) -> tuple[str, str]:
        """(given name, surname) of a new invented person, a man or a woman."""
        male = self.rng.random() < 0.5
        given = self.fake.first_name_male() if male else self.fake.first_name_female()
        return given, self.fake.last_name()

    def person(
        self, given: str, surname: str, *, born: dt.date, user: User | None = None
    ) -> Person:
        """A natural person with a valid codice fiscale and a home in the cooperative's town."""
        sex = _sex_of(given)
        code = ""
        while not code or code in self.codes:
            code = codicefiscale.encode(
                lastname=surname,
                firstname=given,
                gender=sex,
                birthdate=born.isoformat(),
                birthplace=self.rng.choice(BIRTHPLACES),
            )
            born += dt.timedelta(days=1)
        self.codes.add(code)
        local = f"{slugify(given)}.{slugify(surname)}".replace("-", "")
        person = person_create(
            actor=None,
            organization=self.organization,
            data={
                "kind": PersonKind.NATURAL,
                "surname": surname,
                "given_name": given,
                "codice_fiscale": code,
                "address": f"{self.rng.choice(STREETS)} {self.rng.randint(1, 180)}",
                "comune": self.comune,
                "email": user.email if user else f"{local}@posta.example",
                "phone": f"3{self.rng.randint(10, 49)} {self.rng.randint(1_000_000, 9_999_999)}",
                "privacy_consent_on": self.days_ago(self.rng.randint(30, 900)),
            },
        )
        if user is not None:
            person_link_user(actor=None, person=person, user=user)
        self.report.persons += 1
        return person


def _sex_of(given: str) -> Literal["M", "F"]:
    if given in ItalianNames.first_names_female:
        return "F"
    if given in ItalianNames.first_names_male:
        return "M"
    return "F" if given.endswith("a") else "M"
