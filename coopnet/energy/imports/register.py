"""Checking the community's register files (configurations, members and their points,
plants) against each other and the stored register; ``services.register_import`` writes the
plan only when no file has an error."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from coopnet.core.models import Comune, Organization, Region
from coopnet.core.parameters import ParameterMissingError, parameter_value
from coopnet.core.validators import clean_codice_fiscale
from coopnet.members.imports.reading import ComuneIndex

from ..models import Configuration, EnergyMember, MemberKind, Plant, Point, Source, Zone
from ..validators import clean_pod
from .files import FileRefusedError, Report, parse_day, parse_flag, parse_number, read_csv

CONFIG_COLUMNS = ("codice", "cabina_primaria", "zona", "regione")
MEMBER_COLUMNS = (
    "codice_fiscale",
    "denominazione",
    "tipo_membro",
    "pod",
    "configurazione",
    "vulnerabile",
    "dal",
    "al",
)
PLANT_COLUMNS = (
    "pod",
    "fonte",
    "potenza_kw",
    "data_esercizio",
    "titolare_codice_fiscale",
    "configurazione",
    "contributo_pct",
    "preesistente",
)
# Optional in both files (R-CER-1): an ISTAT code or a name ("Nome" or "Nome (PR)"); a file
# without the column leaves the stored comuni as they are, an empty cell clears one.
COMUNE = "comune"
RELATIONS = ["organization", "member", "configuration", "owner", "region", "comune"]
SOURCE_ALIASES = {"pv": Source.PV, "fv": Source.PV, "solare": Source.PV}


class RowError(Exception):
    """One row's reason, in the user's words."""


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


def _date(text: str, label: str) -> dt.date | None:
    try:
        return parse_day(text, label)
    except ValueError as error:
        raise RowError(str(error)) from error


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@dataclass
class RegisterPlan:
    """The rows to write, in order, with their outcome; ``report`` holds every problem."""

    report: Report
    writes: list[tuple[str, models.Model, str]] = field(default_factory=list)  # kind, row, outcome

    def keep(self, kind: str, row: models.Model, outcome: str) -> None:
        self.report.count(kind, outcome)
        if outcome != "unchanged":
            self.writes.append((kind, row, outcome))


class RegisterCheck:
    """Reads the files given and plans the changes to ``organization``'s register."""

    def __init__(self, organization: Organization, today: dt.date) -> None:
        self.organization = organization
        self.today = today
        self.plan = RegisterPlan(Report())
        org = organization
        self.configurations = {c.code: c for c in Configuration.objects.for_org(org)}
        members = EnergyMember.objects.for_org(org).select_related("comune")
        self.members = {m.tax_code: m for m in members}
        points = Point.objects.for_org(org).select_related("member", "configuration")
        self.points = {(p.pod, p.valid_from): p for p in points}
        plants = Plant.objects.for_org(org).select_related("owner", "configuration", "comune")
        self.plants = {p.pod: p for p in plants}
        self.comuni: ComuneIndex | None = None  # loaded at the first comune read
        self.comuni_by_code: dict[str, Comune] = {}
        self.regions = {}
        for region in Region.objects.all():
            for name in (region.name, *region.name.split("/"), region.code):
                self.regions[_fold(name)] = region

    @property
    def report(self) -> Report:
        return self.plan.report

    def run(
        self, configurations: Path | None, members: Path | None, plants: Path | None
    ) -> RegisterPlan:
        files = (
            (configurations, CONFIG_COLUMNS, (), self._configuration),
            (members, MEMBER_COLUMNS, (COMUNE,), self._member),
            (plants, PLANT_COLUMNS, (COMUNE,), self._plant),
        )
        for path, columns, optional, check in files:
            if path is not None:
                self._read(path, columns, optional, check)
        if plants is not None:
            self._pre_existing_share(plants.name)
        self._one_configuration_per_pod()
        return self.plan

    def _read(
        self,
        path: Path,
        columns: tuple[str, ...],
        optional: tuple[str, ...],
        check: Callable[[dict[str, str], str, int], None],
    ) -> None:
        self.seen: dict[Any, int] = {}
        try:
            for line, row in read_csv(path, columns, optional):
                try:
                    check(row, path.name, line)
                except RowError as error:
                    self.report.error(path.name, line, str(error))
                except ValidationError as error:
                    self.report.error(path.name, line, _messages(error))
        except FileRefusedError as error:
            self.report.error(path.name, None, str(error))

    def _comune(self, row: dict[str, str], values: dict[str, Any]) -> None:
        """Put the row's comune into ``values`` when the file has the column (R-CER-1)."""
        if COMUNE not in row:
            return
        text = row[COMUNE]
        values["comune"] = self._comune_named(text) if text else None

    def _comune_named(self, text: str) -> Comune:
        """A comune by its six-digit ISTAT code or name, as the members' import reads it."""
        if self.comuni is None:
            self.comuni = ComuneIndex()
            self.comuni_by_code = {
                c.istat_code: c for found in self.comuni.by_name.values() for c in found
            }
        if text.isdigit():
            comune = self.comuni_by_code.get(text.zfill(6))
            if comune is None:
                raise RowError(_("comune con codice ISTAT «%(code)s» sconosciuto") % {"code": text})
            return comune
        try:
            return self.comuni.find(text)
        except ValueError as error:
            raise RowError(str(error)) from error

    def _once(self, key: Any, line: int, what: str) -> None:
        first = self.seen.setdefault(key, line)
        if first != line:
            raise RowError(_("%(what)s è già alla riga %(line)s") % {"what": what, "line": first})

    def _changed(self, kind: str, row: models.Model, values: dict[str, Any]) -> None:
        """Apply ``values`` to ``row``, check its fields and keep it with its outcome."""
        new = row.pk is None
        changed = [k for k, v in values.items() if new or getattr(row, k) != v]
        for key in changed:
            setattr(row, key, values[key])
        row.clean_fields(exclude=RELATIONS)
        self.plan.keep(kind, row, "created" if new else ("updated" if changed else "unchanged"))

    # -- configurations ---------------------------------------------------------------------

    def _configuration(self, row: dict[str, str], file: str, line: int) -> None:
        code = row["codice"]
        if not code or not row["cabina_primaria"]:
            raise RowError(_("codice e cabina primaria sono obbligatori"))
        self._once(code, line, _("la configurazione %(code)s") % {"code": code})
        zone = row["zona"].upper()
        if zone not in Zone.values:
            raise RowError(
                _("zona «%(zone)s» sconosciuta: usa una di %(zones)s")
                % {"zone": row["zona"], "zones": ", ".join(Zone.values)}
            )
        name = row["regione"]
        region = self.regions.get(name.zfill(2) if name.isdigit() else _fold(name))
        if region is None:
            raise RowError(_("regione «%(name)s» sconosciuta") % {"name": row["regione"]})
        substation = row["cabina_primaria"]
        for other in self.configurations.values():
            if other.code != code and other.substation_code == substation:
                raise RowError(
                    _("la cabina primaria %(s)s è già della configurazione %(code)s")
                    % {"s": substation, "code": other.code}
                )
        config = self.configurations.get(code) or Configuration(
            organization=self.organization, code=code
        )
        self.configurations[code] = config
        values = {"substation_code": substation, "zone": zone, "region": region}
        self._changed("configurazioni", config, values)

    # -- members and their points -----------------------------------------------------------

    def _member(self, row: dict[str, str], file: str, line: int) -> None:
        tax_code = clean_codice_fiscale(row["codice_fiscale"])
        kind = row["tipo_membro"].lower()
        if kind not in MemberKind.values:
            raise RowError(
                _("tipo_membro «%(kind)s» sconosciuto: usa uno di %(kinds)s")
                % {"kind": row["tipo_membro"], "kinds": ", ".join(MemberKind.values)}
            )
        try:
            vulnerable = parse_flag(row["vulnerabile"])
        except ValueError as error:
            raise RowError(_("vulnerabile deve essere sì o no")) from error
        if not row["denominazione"]:
            raise RowError(_("la denominazione è obbligatoria"))
        values = {"name": row["denominazione"], "kind": kind, "vulnerable": vulnerable}
        self._comune(row, values)
        first = self.seen.setdefault(("member", tax_code), line)
        member = self.members.get(tax_code)
        if first == line:
            member = member or EnergyMember(organization=self.organization, tax_code=tax_code)
            self.members[tax_code] = member
            self._changed("membri", member, values)
        elif member is None or any(getattr(member, k) != v for k, v in values.items()):
            raise RowError(
                _("i dati di %(code)s sono diversi da quelli della riga %(line)s")
                % {"code": tax_code, "line": first}
            )
        if row["pod"]:
            assert member is not None
            self._point(row, member, line)

    def _point(self, row: dict[str, str], member: EnergyMember, line: int) -> None:
        pod = clean_pod(row["pod"])
        config = self._config_named(row["configurazione"])
        start = _date(row["dal"], "dal")
        end = _date(row["al"], "al")
        if start is None:
            raise RowError(
                _("il mandato del punto %(pod)s deve avere la data «dal»") % {"pod": pod}
            )
        if end is not None and end < start:
            raise RowError(_("«al» è prima di «dal»"))
        self._once(
            ("point", pod, start),
            line,
            _("il punto %(pod)s dal %(d)s") % {"pod": pod, "d": f"{start:%d/%m/%Y}"},
        )
        for (other_pod, other_start), other in self.points.items():
            if other_pod == pod and other_start != start and _overlap(other, start, end):
                raise RowError(
                    _("il mandato del punto %(pod)s si sovrappone a quello dal %(d)s")
                    % {"pod": pod, "d": f"{other_start:%d/%m/%Y}"}
                )
        point = self.points.get((pod, start)) or Point(
            organization=self.organization, pod=pod, valid_from=start
        )
        self.points[(pod, start)] = point
        values = {"member": member, "configuration": config, "valid_to": end}
        self._changed("punti", point, values)

    def _config_named(self, code: str) -> Configuration:
        config = self.configurations.get(code)
        if config is None:
            raise RowError(_("configurazione «%(code)s» sconosciuta") % {"code": code})
        return config

    # -- plants -----------------------------------------------------------------------------

    def _plant(self, row: dict[str, str], file: str, line: int) -> None:
        pod = clean_pod(row["pod"])
        self._once(("plant", pod), line, _("l'impianto %(pod)s") % {"pod": pod})
        source = SOURCE_ALIASES.get(row["fonte"].lower(), row["fonte"].lower())
        if source not in Source.values:
            raise RowError(
                _("fonte «%(s)s» sconosciuta: usa una di %(all)s")
                % {"s": row["fonte"], "all": ", ".join(Source.values)}
            )
        try:
            power = parse_number(row["potenza_kw"])
            grant = parse_number(row["contributo_pct"] or "0")
            pre_existing = parse_flag(row["preesistente"])
        except ValueError as error:
            raise RowError(
                _(
                    "potenza_kw, contributo_pct e preesistente devono essere numeri e sì/no "
                    "(valore «%(v)s»)"
                )
                % {"v": error}
            ) from error
        commissioned = _date(row["data_esercizio"], "data_esercizio")
        if commissioned is None:
            raise RowError(_("la data di entrata in esercizio è obbligatoria"))
        self._plant_rules(power, grant, commissioned, pre_existing, file, line)
        owner = self.members.get(clean_codice_fiscale(row["titolare_codice_fiscale"]))
        if owner is None:
            raise RowError(
                _("il titolare %(code)s non è un membro della comunità")
                % {"code": row["titolare_codice_fiscale"]}
            )
        plant = self.plants.get(pod) or Plant(organization=self.organization, pod=pod)
        self.plants[pod] = plant
        values = {
            "source": source,
            "power_kw": power,
            "commissioned_on": commissioned,
            "owner": owner,
            "configuration": self._config_named(row["configurazione"]),
            "grant_pct": grant,
            "pre_existing": pre_existing,
        }
        self._comune(row, values)
        self._changed("impianti", plant, values)

    def _law(self, key: str) -> Decimal:
        try:
            return parameter_value(key, self.today)
        except ParameterMissingError as error:
            raise RowError(error.user_message()) from error

    def _plant_rules(
        self,
        power: Decimal,
        grant: Decimal,
        commissioned: dt.date,
        pre_existing: bool,
        file: str,
        line: int,
    ) -> None:
        """R-CER-2: at most 1 MW, commissioned after the constitution unless pre-existing;
        R-CER-5: a grant above 40% is kept, with a warning, and gets no premium."""
        max_kw = self._law("cer.plant_max_kw")
        if power <= 0 or (not pre_existing and power > max_kw):
            raise RowError(
                _("potenza %(p)s kW: un impianto incentivato va da 0 a %(max)s kW (R-CER-2)")
                % {"p": power, "max": max_kw}
            )
        if not 0 <= grant <= 100:
            raise RowError(_("contributo_pct deve essere tra 0 e 100"))
        if grant > self._law("cer.grant_max_pct"):
            self.report.warn(
                file,
                line,
                _(
                    "contributo del %(g)s%%: oltre il 40%% l'impianto non riceve la tariffa "
                    "premio (R-CER-5)"
                )
                % {"g": grant},
            )
        constituted = self.organization.founded_on
        if not pre_existing and constituted is None:
            raise RowError(
                _(
                    "manca la data di costituzione della comunità nel profilo "
                    "dell'organizzazione: serve a controllare gli impianti (R-CER-2)"
                )
            )
        if not pre_existing and constituted is not None and commissioned < constituted:
            raise RowError(
                _(
                    "entrato in esercizio il %(c)s, prima della costituzione della comunità "
                    "(%(f)s): è un impianto preesistente (R-CER-2)"
                )
                % {"c": f"{commissioned:%d/%m/%Y}", "f": f"{constituted:%d/%m/%Y}"}
            )

    def _pre_existing_share(self, file: str) -> None:
        """R-CER-2: pre-existing plants at most 30% of the community's power."""
        total = sum((p.power_kw for p in self.plants.values()), Decimal(0))
        old = sum((p.power_kw for p in self.plants.values() if p.pre_existing), Decimal(0))
        if not total or self.report.errors:
            return
        try:
            limit = self._law("cer.pre_existing_max_pct")
        except RowError as error:
            self.report.error(file, None, str(error))
            return
        if old * 100 > total * limit:
            self.report.error(
                file,
                None,
                _(
                    "gli impianti preesistenti (%(old)s kW) superano il %(limit)s%% della potenza "
                    "della comunità (%(total)s kW) (R-CER-2)"
                )
                % {"old": old, "limit": limit, "total": total},
            )

    def _one_configuration_per_pod(self) -> None:
        """A POD lies under one primary substation: its points and plant share it."""
        where: dict[str, str] = {}
        rows: list[Point | Plant] = [*self.points.values(), *self.plants.values()]
        for row in rows:
            code = row.configuration.code
            if where.setdefault(row.pod, code) != code:
                self.report.error(
                    _("registro"),
                    None,
                    _("il POD %(pod)s è in due configurazioni: %(a)s e %(b)s")
                    % {"pod": row.pod, "a": where[row.pod], "b": code},
                )


def _overlap(point: Point, start: dt.date, end: dt.date | None) -> bool:
    return (point.valid_to is None or point.valid_to >= start) and (
        end is None or end >= point.valid_from
    )
