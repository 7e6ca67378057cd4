"""A member's statement for a stored settlement: their energy in the period (from the
readings), their part of the shared energy, premium and valorisation (from the run's stored
result, never recomputed), what the period's distribution gave them, and a chart of their
average day; the page and the PDF show the same figures and the same SVG."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coopnet.core.charts import Chart
from coopnet.core.pdf import html_pdf

from . import charts, selectors
from .models import Direction, DistributionShare, EnergyMember, Settlement

KWH = Decimal(1000)


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Statement:
    settlement: Settlement
    member: EnergyMember
    withdrawn_kwh: Decimal
    injected_kwh: Decimal
    shared_kwh: Decimal
    premium_eur: Decimal
    valorisation_eur: Decimal
    community_shared_kwh: Decimal
    community_premium_eur: Decimal
    community_valorisation_eur: Decimal
    plants: list[dict[str, Any]]  # the member's plants as the run stored them
    chart: Chart
    distributed: DistributionShare | None  # what the distribution of the period gave them

    @property
    def eur(self) -> Decimal:
        return self.premium_eur + self.valorisation_eur

    @property
    def shared_ratio(self) -> Decimal | None:
        return _ratio(self.shared_kwh, self.community_shared_kwh)

    @property
    def premium_ratio(self) -> Decimal | None:
        return _ratio(self.premium_eur, self.community_premium_eur)

    @property
    def valorisation_ratio(self) -> Decimal | None:
        return _ratio(self.valorisation_eur, self.community_valorisation_eur)


def member_statement(settlement: Settlement, member: EnergyMember) -> Statement:
    """The member's figures in ``settlement`` (zero when the run did not count them)."""
    result = settlement.result
    own = next((m for m in result["members"] if m["tax_code"] == member.tax_code), None)
    premium = Decimal(own["premium_eur"]) if own else Decimal(0)
    pods = {plant.pod for plant in member.plants.all()}
    profile = selectors.hourly_profile(
        settlement.organization, member, settlement.first_day, settlement.last_day
    )
    days = (settlement.last_day - settlement.first_day).days + 1
    return Statement(
        settlement=settlement,
        member=member,
        withdrawn_kwh=Decimal(sum(profile[Direction.WITHDRAWAL])) / KWH,
        injected_kwh=Decimal(sum(profile[Direction.INJECTION])) / KWH,
        shared_kwh=Decimal(own["shared_kwh"]) if own else Decimal(0),
        premium_eur=premium,
        valorisation_eur=Decimal(own["eur"]) - premium if own else Decimal(0),
        community_shared_kwh=sum(
            (Decimal(c["shared_kwh"]) for c in result["configurations"]), Decimal(0)
        ),
        community_premium_eur=Decimal(result["premium_eur"]),
        community_valorisation_eur=Decimal(result["valorisation_eur"]),
        plants=[p for p in result["plants"] if p["pod"] in pods],
        chart=charts.average_day(profile, days),
        distributed=selectors.member_share(settlement, member),
    )


def statement_pdf(statement: Statement) -> bytes:
    """The statement as the member receives it (A4)."""
    context = {"statement": statement, "org": statement.settlement.organization}
    return html_pdf("energy/statement_pdf.html", context)
