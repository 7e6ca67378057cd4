"""The demo cooperative's governing bodies (DM 4/7/2019 §6.3): its board of directors, five
worker members elected by the assembly for three years (one appointed by the workers, art. 11
D.Lgs. 112/2017), and its board of statutory auditors, three professionals; both in office
since the spring before the year of the demo's social report."""

from __future__ import annotations

import datetime as dt

from coopnet.governance.models import AppointedBy, BodyKind, OfficeRole
from coopnet.governance.services import body_create, office_appoint
from coopnet.members.models import PersonKind

from .context import Cooperative

BOARD = (OfficeRole.CHAIR, OfficeRole.VICE_CHAIR, *[OfficeRole.DIRECTOR] * 3)
TERM_YEARS = 3  # until the assembly approving the third year's accounts (art. 2383 c.c.)


def seed_bodies(coop: Cooperative) -> None:
    """Appointed on 15 May of the year before the report's, so in office at its 31 December."""
    year = coop.days_ago(60).year - 1  # the social report's year (``reporting.py``)
    start = dt.date(year - 1, 5, 15)
    ends = dt.date(year - 1 + TERM_YEARS, 5, 31)
    organization = coop.organization
    board = body_create(
        actor=None,
        organization=organization,
        data={"kind": BodyKind.BOARD, "name": "Consiglio di amministrazione"},
    )
    directors = [m.person for _spec, m in coop.members if m.person.kind == PersonKind.NATURAL]
    for n, (role, person) in enumerate(zip(BOARD, directors, strict=False)):
        office_appoint(
            actor=None,
            body=board,
            data={
                "person": person,
                "role": role,
                "appointed_by": AppointedBy.WORKERS
                if n == len(BOARD) - 1
                else AppointedBy.ASSEMBLY,
                "first_appointed_on": dt.date(year - 7, 5, 20) if n == 0 else start,
                "start_date": start,
                "term_ends_on": ends,
            },
        )
    control = body_create(
        actor=None,
        organization=organization,
        data={"kind": BodyKind.CONTROL, "name": "Collegio sindacale"},
    )
    for role in (OfficeRole.CHAIR, OfficeRole.AUDITOR, OfficeRole.AUDITOR):
        given, surname = coop.name()
        office_appoint(
            actor=None,
            body=control,
            data={
                "person": coop.person(given, surname, born=coop.birth_date(40, 65)),
                "role": role,
                "appointed_by": AppointedBy.ASSEMBLY,
                "first_appointed_on": start,
                "start_date": start,
                "term_ends_on": ends,
                "term_note": "Svolge anche il monitoraggio dell'art. 10 D.Lgs. 112/2017.",
            },
        )
