"""Writes for the network: organizations, affiliations, incubations. Each is atomic and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import ateco
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.it import codicefiscale, iva

from coopnet.core.audit import log_action, snapshot
from coopnet.core.models import (
    Affiliation,
    Comune,
    Organization,
    OrganizationKind,
    OrganizationSector,
    ServedComune,
    User,
)
from coopnet.core.services import assign, save_audited

from .models import Incubation

ORGANIZATION_FIELDS = (
    "kind",
    "legal_name",
    "short_name",
    "slug",
    "codice_fiscale",
    "partita_iva",
    "legal_form",
    "albo_number",
    "albo_section",
    "rea_number",
    "founded_on",
    "address",
    "seat_comune",
    "email",
    "pec",
    "phone",
    "website",
    "logo",
)
AFFILIATION_FIELDS = ("group", "start_date", "end_date")
SUPPORT = ("people", "back_office", "capital", "contracts")


def _org_snapshot(organization: Organization) -> dict[str, Any]:
    data = snapshot(organization, list(ORGANIZATION_FIELDS))
    data["sectors"] = list(organization.sectors.values_list("code", flat=True))
    data["served_comuni"] = sorted(organization.served_comuni.values_list("comune_id", flat=True))
    return data


def _clean_sector_codes(codes: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in codes:
        code = raw.strip()
        if not code:
            continue
        if not ateco.validate(code):
            raise ValidationError(
                {"sectors": _("Codice ATECO sconosciuto: %(code)s.") % {"code": code}}
            )
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


def _clean_comuni(codes: Iterable[str]) -> list[Comune]:
    wanted = {c.strip() for c in codes if c.strip()}
    found = {c.istat_code: c for c in Comune.objects.filter(istat_code__in=wanted)}
    missing = sorted(wanted - set(found))
    if missing:
        raise ValidationError(
            {
                "served_comuni": _("Comune sconosciuto (codice ISTAT): %(codes)s.")
                % {"codes": ", ".join(missing)}
            }
        )
    return [found[c] for c in sorted(found)]


def _apply_and_validate(organization: Organization, data: Mapping[str, Any]) -> None:
    was_platform = organization.pk is not None and organization.is_platform
    assign(organization, data, ORGANIZATION_FIELDS)
    if (organization.kind == OrganizationKind.PLATFORM) != was_platform:
        # One platform organization, made by coopnet.core.platform; no other becomes one.
        raise ValidationError(
            {"kind": _("Il tipo «Piattaforma» è riservato all'organizzazione della piattaforma.")}
        )
    organization.codice_fiscale = codicefiscale.compact(organization.codice_fiscale or "")
    organization.partita_iva = iva.compact(organization.partita_iva or "")
    organization.full_clean()


def _organization_save(
    *,
    actor: User | None,
    organization: Organization,
    data: Mapping[str, Any],
    sector_codes: Iterable[str] | None,
    served_comuni: Iterable[str] | None,
    action: str,
) -> Organization:
    """Validate and save registry data, replace sectors and territory if given, and audit
    the change with them (the state before only for an organization that existed)."""
    sectors = None if sector_codes is None else _clean_sector_codes(sector_codes)
    served = None if served_comuni is None else _clean_comuni(served_comuni)
    before = _org_snapshot(organization) if organization.pk else None
    _apply_and_validate(organization, data)
    organization.save()
    _save_territory_and_sectors(organization, sectors, served)
    log_action(
        actor=actor,
        organization=organization,
        action=action,
        obj=organization,
        before=before,
        after=_org_snapshot(organization),
    )
    return organization


def _save_territory_and_sectors(
    organization: Organization,
    sector_codes: list[str] | None,
    served: list[Comune] | None,
) -> None:
    if sector_codes is not None:
        organization.sectors.all().delete()
        OrganizationSector.objects.bulk_create(
            OrganizationSector(organization=organization, code=code, position=i)
            for i, code in enumerate(sector_codes)
        )
    if served is not None:
        organization.served_comuni.all().delete()
        ServedComune.objects.bulk_create(
            ServedComune(organization=organization, comune=comune) for comune in served
        )


@transaction.atomic
def organization_create(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    sector_codes: Iterable[str] = (),
    served_comuni: Iterable[str] = (),
    consortium: Organization | None = None,
    joined_on: dt.date | None = None,
) -> Organization:
    """Create an organization, optionally affiliated to ``consortium`` from ``joined_on``."""
    organization = _organization_save(
        actor=actor,
        organization=Organization(),
        data=data,
        sector_codes=sector_codes,
        served_comuni=served_comuni,
        action="network.organization.create",
    )
    if consortium is not None:
        affiliation_create(
            actor=actor,
            organization=organization,
            group=consortium,
            start_date=joined_on or organization.founded_on or timezone.localdate(),
        )
    return organization


@transaction.atomic
def organization_update(
    *,
    actor: User | None,
    organization: Organization,
    data: Mapping[str, Any],
    sector_codes: Iterable[str] | None = None,
    served_comuni: Iterable[str] | None = None,
) -> Organization:
    """Change an organization's registry data; sectors and territory are replaced if given."""
    return _organization_save(
        actor=actor,
        organization=organization,
        data=data,
        sector_codes=sector_codes,
        served_comuni=served_comuni,
        action="network.organization.update",
    )


def _check_affiliation(affiliation: Affiliation) -> None:
    errors: dict[str, str] = {}
    if affiliation.organization_id == affiliation.group_id:
        errors["group"] = _("Un'organizzazione non può aderire a sé stessa.")
    elif affiliation.group.kind not in OrganizationKind.groups():
        errors["group"] = _("Si può aderire solo a un consorzio o a una federazione.")
    elif affiliation.organization.is_platform:
        errors["group"] = _("L'organizzazione della piattaforma non aderisce a nessun gruppo.")
    if affiliation.end_date and affiliation.end_date < affiliation.start_date:
        errors["end_date"] = _("La data di fine non può precedere la data di inizio.")
    if errors:
        raise ValidationError(errors)
    overlapping = (
        Affiliation.objects.for_org(affiliation.organization_id)
        .filter(group_id=affiliation.group_id)
        .exclude(pk=affiliation.pk)
    )
    if affiliation.end_date:
        overlapping = overlapping.filter(start_date__lte=affiliation.end_date)
    overlapping = overlapping.exclude(end_date__lt=affiliation.start_date)
    if overlapping.exists():
        raise ValidationError(
            {"start_date": _("Esiste già un'adesione a questo gruppo nello stesso periodo.")}
        )


@transaction.atomic
def affiliation_create(
    *,
    actor: User | None,
    organization: Organization,
    group: Organization,
    start_date: dt.date,
    end_date: dt.date | None = None,
) -> Affiliation:
    """Record that ``organization`` is a member of the consortium or federation ``group``."""
    return save_audited(
        actor=actor,
        instance=Affiliation(organization=organization),
        data={"group": group, "start_date": start_date, "end_date": end_date},
        fields=AFFILIATION_FIELDS,
        clean=_check_affiliation,
        action="network.affiliation.create",
    )


@transaction.atomic
def affiliation_end(
    *, actor: User | None, affiliation: Affiliation, end_date: dt.date
) -> Affiliation:
    """Close an affiliation on ``end_date``."""
    return save_audited(
        actor=actor,
        instance=affiliation,
        data={"end_date": end_date},
        fields=AFFILIATION_FIELDS,
        clean=_check_affiliation,
        action="network.affiliation.end",
    )


def _incubation_ancestors(organization: Organization) -> set[int]:
    """Ids of every organization that incubated ``organization``, directly or not."""
    parents_of: dict[int, list[int]] = {}
    for parent_id, child_id in Incubation.objects.values_list("organization_id", "child_id"):
        parents_of.setdefault(child_id, []).append(parent_id)
    seen: set[int] = set()
    frontier = [organization.pk]
    while frontier:
        current = frontier.pop()
        for parent in parents_of.get(current, []):
            if parent not in seen:
                seen.add(parent)
                frontier.append(parent)
    return seen


def _check_incubation(incubation: Incubation) -> None:
    organization, child = incubation.organization, incubation.child
    if organization.pk == child.pk:
        raise ValidationError({"child": _("Un'organizzazione non può incubare sé stessa.")})
    if child.pk in _incubation_ancestors(organization):
        raise ValidationError(
            {
                "child": _(
                    "%(child)s ha già incubato, direttamente o no, %(parent)s: "
                    "il legame creerebbe un ciclo."
                )
                % {"child": child, "parent": organization}
            }
        )
    if Incubation.objects.for_org(organization).filter(child=child).exists():
        raise ValidationError({"child": _("Questa incubazione è già registrata.")})


@transaction.atomic
def incubation_create(
    *,
    actor: User | None,
    organization: Organization,
    child: Organization,
    start_date: dt.date,
    support: Iterable[str] = (),
    note: str = "",
) -> Incubation:
    """Record that ``organization`` incubates ``child`` (R-NET-3); refuses cycles."""
    support = set(support)
    if support - set(SUPPORT):
        raise ValidationError({"support": _("Tipo di sostegno sconosciuto.")})
    data = {"child": child, "start_date": start_date, "note": note}
    data.update({f"support_{kind}": kind in support for kind in SUPPORT})
    return save_audited(
        actor=actor,
        instance=Incubation(organization=organization),
        data=data,
        fields=tuple(data),
        clean=_check_incubation,
        action="network.incubation.create",
    )
