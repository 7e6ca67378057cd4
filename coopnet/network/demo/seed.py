"""Applying the demo plan: creates only what is missing, so seeding twice changes nothing.

Organizations, affiliations and incubations go through the network services (one audit
entry each); the people (30,000 at the consortium scale) are bulk-inserted together with the
audit entries the services would have written, for speed.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify
from faker import Faker

from coopnet.core.audit import log_action
from coopnet.core.management.commands.demo_logins import DEMO_PASSWORD
from coopnet.core.models import (
    Affiliation,
    AuditEntry,
    Comune,
    Organization,
    Role,
    RoleAssignment,
    User,
)
from coopnet.core.services import role_grant
from coopnet.network.models import Incubation
from coopnet.network.services import affiliation_create, incubation_create, organization_create

from .plan import COOPERATIVE_KINDS, Plan, build_plan


@dataclass
class SeedReport:
    """What one run created (zero everywhere on a second run)."""

    organizations: int = 0
    affiliations: int = 0
    incubations: int = 0
    users: int = 0
    roles: int = 0


class _PasswordHash:
    """The demo password hashed once (hashing is deliberately slow), only if needed."""

    def __init__(self) -> None:
        self._value = ""

    def get(self) -> str:
        if not self._value:
            self._value = make_password(DEMO_PASSWORD)
        return self._value


@transaction.atomic
def seed(*, scale: str) -> SeedReport:
    """Create whatever of the demo network for ``scale`` is missing."""
    plan = build_plan(scale)
    report = SeedReport()
    password = _PasswordHash()
    orgs = _apply_organizations(plan, report)
    _apply_affiliations(plan, orgs, report)
    _apply_incubations(plan, orgs, report)
    _apply_logins(plan, orgs, password, report)
    _apply_people(plan, orgs, password, report)
    return report


def _apply_organizations(plan: Plan, report: SeedReport) -> dict[str, Organization]:
    slugs = [o.slug for o in plan.organizations]
    orgs = {o.slug: o for o in Organization.objects.filter(slug__in=slugs)}
    missing = [o for o in plan.organizations if o.slug not in orgs]
    comuni = Comune.objects.in_bulk({o.seat.istat_code for o in missing})
    for org in missing:
        orgs[org.slug] = organization_create(
            actor=None, data=org.data(comuni), sector_codes=org.sectors, served_comuni=org.served
        )
        report.organizations += 1
    return orgs


def _apply_affiliations(plan: Plan, orgs: dict[str, Organization], report: SeedReport) -> None:
    ids = [org.pk for org in orgs.values()]
    existing = set(
        Affiliation.objects.filter(organization_id__in=ids).values_list(
            "organization_id", "group_id"
        )
    )
    for org in plan.organizations:
        for group_slug, start_date in org.groups:
            member, group = orgs[org.slug], orgs[group_slug]
            if (member.pk, group.pk) not in existing:
                affiliation_create(
                    actor=None, organization=member, group=group, start_date=start_date
                )
                report.affiliations += 1


def _apply_incubations(plan: Plan, orgs: dict[str, Organization], report: SeedReport) -> None:
    ids = [org.pk for org in orgs.values()]
    existing = set(
        Incubation.objects.filter(organization_id__in=ids).values_list(
            "organization_id", "child_id"
        )
    )
    for link in plan.incubations:
        parent, child = orgs[link.parent], orgs[link.child]
        if (parent.pk, child.pk) not in existing:
            incubation_create(
                actor=None,
                organization=parent,
                child=child,
                start_date=link.start_date,
                support=link.support,
            )
            report.incubations += 1


def _apply_logins(
    plan: Plan, orgs: dict[str, Organization], password: _PasswordHash, report: SeedReport
) -> None:
    users = User.objects.in_bulk([login.email for login in plan.logins], field_name="email")
    held = set(
        RoleAssignment.objects.filter(user__in=users.values()).values_list(
            "user_id", "organization_id", "role"
        )
    )
    for login in plan.logins:
        organization = orgs[login.organization] if login.organization else None
        user = users.get(login.email)
        if user is None:
            admin = login.role is None
            user = User.objects.create(
                email=login.email,
                full_name=login.full_name,
                password=password.get(),
                is_superuser=admin,
                is_staff=admin,
            )
            log_action(
                actor=None,
                organization=organization,
                action="core.user.create",
                obj=user,
                after={"email": user.email, "full_name": user.full_name, "platform_admin": admin},
            )
            report.users += 1
        granted = (user.pk, organization.pk if organization else None, login.role) in held
        if organization is not None and login.role is not None and not granted:
            role_grant(actor=None, organization=organization, user=user, role=login.role)
            report.roles += 1


def _people(org: Organization, count: int, fake: Faker) -> Iterator[tuple[str, str]]:
    """(e-mail, full name) of the first ``count`` demo people of ``org``, always the same."""
    fake.seed_instance(zlib.crc32(org.slug.encode()))
    for i in range(1, count + 1):
        first, last = fake.first_name(), fake.last_name()
        local = f"{slugify(first).replace('-', '')}.{slugify(last).replace('-', '')}.{i}"
        yield f"{local}@{org.slug}.coop.example", f"{first} {last}"


def _chunks(items: Sequence[Organization], size: int) -> Iterator[Sequence[Organization]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _apply_people(
    plan: Plan, orgs: dict[str, Organization], password: _PasswordHash, report: SeedReport
) -> None:
    """Members of every cooperative: users holding the member role, bulk-inserted and audited."""
    cooperatives = [orgs[o.slug] for o in plan.organizations if o.kind in COOPERATIVE_KINDS]
    fake = Faker("it_IT")
    label = str(Role.MEMBER.label)
    for chunk in _chunks(cooperatives, 10):
        wanted = [
            (org, email, name)
            for org in chunk
            for email, name in _people(org, plan.people_per_cooperative, fake)
        ]
        known = dict(
            User.objects.filter(email__in=[email for _o, email, _n in wanted]).values_list(
                "email", "pk"
            )
        )
        new_users = [
            User(email=email, full_name=name, password=password.get())
            for _org, email, name in wanted
            if email not in known
        ]
        User.objects.bulk_create(new_users)
        known.update({user.email: user.pk for user in new_users})
        held = set(
            RoleAssignment.objects.filter(
                organization__in=chunk, role=Role.MEMBER, user_id__in=known.values()
            ).values_list("user_id", "organization_id")
        )
        new_roles = [
            RoleAssignment(organization=org, user_id=known[email], role=Role.MEMBER)
            for org, email, _name in wanted
            if (known[email], org.pk) not in held
        ]
        RoleAssignment.objects.bulk_create(new_roles)
        org_of = {email: org for org, email, _name in wanted}
        names = {known[email]: name for _org, email, name in wanted}
        AuditEntry.objects.bulk_create(
            [_user_entry(user, org_of=org_of) for user in new_users]
            + [_role_entry(role, names=names, label=label) for role in new_roles]
        )
        report.users += len(new_users)
        report.roles += len(new_roles)


def _user_entry(user: User, *, org_of: dict[str, Organization]) -> AuditEntry:
    """The audit entry ``person_invite`` would write for a new account."""
    return AuditEntry(
        organization=org_of[user.email],
        action="core.user.create",
        object_type="core.user",
        object_id=str(user.pk),
        object_repr=str(user)[:255],
        after={"email": user.email, "full_name": user.full_name},
    )


def _role_entry(role: RoleAssignment, *, names: dict[int, str], label: str) -> AuditEntry:
    """The audit entry ``role_grant`` would write."""
    organization = role.organization
    return AuditEntry(
        organization=organization,
        action="core.role.grant",
        object_type="core.roleassignment",
        object_id=str(role.pk),
        object_repr=f"{names[role.user_id]} · {label} · {organization}"[:255],
        after={"organization": organization.pk, "user": role.user_id, "role": role.role},
    )
