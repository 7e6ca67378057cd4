"""The operational data of the demo: what a visitor of ``make run`` finds in the cooperatives
whose demo logins exist (libro soci, staff, home care, assemblies, tenders and invoices, the
approved social report), and
in the demo's community cooperative (commons, the time bank and an energy community).

Every write goes through the apps' services, so each row has its audit entry. A cooperative
that already has people on record is left alone, so seeding twice creates nothing new.
"""

from __future__ import annotations

from django.db import transaction

from coopnet.core.management.commands.demo_logins import DEMO_EMAIL_DOMAIN
from coopnet.core.models import Organization, OrganizationKind
from coopnet.members.models import Person

from .assemblies import seed_assemblies
from .bodies import seed_bodies
from .care import seed_care
from .community import community_cooperatives, seed_community
from .context import Cooperative, OperationsReport
from .contracts import seed_contracts
from .energy import seed_energy
from .practices import seed_practices
from .register import seed_register
from .reporting import seed_social_report

SOLVER_SECONDS = 3  # per day scheduled: enough for the demo's dozen beneficiaries
CARE_KINDS = (OrganizationKind.SOCIAL_COOP_A, OrganizationKind.SOCIAL_COOP_AB)


def demo_cooperatives() -> list[Organization]:
    """Type A and A+B cooperatives where a demo login holds a role."""
    return list(
        Organization.objects.filter(
            kind__in=CARE_KINDS,
            role_assignments__user__email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
        )
        .select_related("seat_comune__province")
        .distinct()
        .order_by("pk")
    )


def seed_operations() -> OperationsReport:
    """Give each demo cooperative without people on record its members, staff, care and
    assemblies, one cooperative per transaction; then the community cooperative its commons
    and time bank, and its energy community."""
    report = OperationsReport()
    for organization in demo_cooperatives():
        if Person.objects.filter(organization=organization).exists():
            continue
        with transaction.atomic():
            coop = Cooperative(organization=organization, report=report)
            seed_register(coop)
            seed_care(coop, solver_seconds=SOLVER_SECONDS)
            seed_bodies(coop)
            seed_assemblies(coop)
            seed_contracts(coop)
            seed_social_report(coop)
    for organization in community_cooperatives():
        if Person.objects.filter(organization=organization).exists():
            continue
        with transaction.atomic():
            seed_community(Cooperative(organization=organization, report=report))
    with transaction.atomic():
        seed_energy()
        seed_practices()
    return report
