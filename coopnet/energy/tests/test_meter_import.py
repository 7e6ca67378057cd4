"""Meter and price imports: quarter-hours summed, DST days, refusals with file/line/reason,
gaps reported and never filled in, the same file twice changing nothing."""

import datetime as dt
from decimal import Decimal

from coopnet.energy import services
from coopnet.energy.models import Direction, Reading, ZonalPrice

from .conftest import (
    METER_HEADER,
    NOON,
    PERSON_POD,
    PLANT,
    PRICE_HEADER,
    SME_POD,
    meter_lines,
    price_lines,
)

UTC_NOON = dt.datetime(2026, 3, 29, 10, tzinfo=dt.UTC)


def _errors(report):
    return [(p.file, p.line, p.message) for p in report.errors]


def test_readings_are_stored_per_hour_quarter_hours_summed(registered, meters_file):
    report = services.readings_import(organization=registered, actor=None, path=meters_file)
    assert report.saved, report.lines()
    readings = Reading.objects.for_org(registered)
    assert readings.count() == 3 * 23  # three PODs, the 23 hours of the spring change
    noon = readings.get(pod=PLANT, hour=UTC_NOON, direction=Direction.INJECTION)
    assert noon.wh == 5000  # 4 x 1.250 kWh
    assert readings.get(pod=PERSON_POD, hour=UTC_NOON).wh == 1000


def test_the_same_readings_twice_change_nothing_and_a_correction_updates(
    registered, meters_file, write
):
    services.readings_import(organization=registered, actor=None, path=meters_file)
    again = services.readings_import(organization=registered, actor=None, path=meters_file)
    assert again.counts == {"letture orarie": {"created": 0, "updated": 0, "unchanged": 69}}
    corrected = write("rettifica.csv", METER_HEADER + f"{SME_POD};{NOON};60;prelievo;2,001\n")
    report = services.readings_import(organization=registered, actor=None, path=corrected)
    assert report.counts == {"letture orarie": {"created": 0, "updated": 1, "unchanged": 0}}
    assert Reading.objects.for_org(registered).get(pod=SME_POD, hour=UTC_NOON).wh == 2001


def test_the_two_hours_of_the_autumn_change_are_two_readings(registered, write):
    rows = [
        f"{PERSON_POD};2026-10-25T02:00:00+02:00;60;prelievo;0,4",
        f"{PERSON_POD};2026-10-25T02:00:00+01:00;60;prelievo;0,6",
    ]
    path = write("ottobre.csv", METER_HEADER + "\n".join(rows) + "\n")
    assert services.readings_import(organization=registered, actor=None, path=path).saved
    stored = Reading.objects.for_org(registered).order_by("hour").values_list("hour", "wh")
    assert list(stored) == [
        (dt.datetime(2026, 10, 25, 0, tzinfo=dt.UTC), 400),
        (dt.datetime(2026, 10, 25, 1, tzinfo=dt.UTC), 600),
    ]


def test_hours_apart_are_stored_at_their_own_hours(registered, write):
    # given a POD's hours with a gap of one hour and one of four days (written apart)
    rows = [
        f"{PERSON_POD};2026-03-01T00:00:00+01:00;60;prelievo;0,1",
        f"{PERSON_POD};2026-03-01T02:00:00+01:00;60;prelievo;0,2",
        f"{PERSON_POD};2026-03-05T00:00:00+01:00;60;prelievo;0,3",
        f"{SME_POD};2026-03-01T00:00:00+01:00;60;prelievo;0,4",
    ]
    path = write("marzo.csv", METER_HEADER + "\n".join(rows) + "\n")
    assert services.readings_import(organization=registered, actor=None, path=path).saved
    # then each is stored at its hour and nothing in the gaps
    stored = Reading.objects.for_org(registered).order_by("pod", "hour")
    assert list(stored.values_list("pod", "hour", "direction", "wh")) == [
        (PERSON_POD, dt.datetime(2026, 2, 28, 23, tzinfo=dt.UTC), Direction.WITHDRAWAL, 100),
        (PERSON_POD, dt.datetime(2026, 3, 1, 1, tzinfo=dt.UTC), Direction.WITHDRAWAL, 200),
        (PERSON_POD, dt.datetime(2026, 3, 4, 23, tzinfo=dt.UTC), Direction.WITHDRAWAL, 300),
        (SME_POD, dt.datetime(2026, 2, 28, 23, tzinfo=dt.UTC), Direction.WITHDRAWAL, 400),
    ]


def test_bad_readings_refuse_the_file_with_line_and_reason(registered, write):
    rows = [
        f"{PERSON_POD};2026-03-29T10:00:00+02:00;60;prelievo;1",
        f"{PERSON_POD};2026-03-29T10:00:00+02:00;60;prelievo;1",  # the same hour again
        "IT009E99999999;2026-03-29T10:00:00+02:00;60;prelievo;1",  # not in the register
        f"{PERSON_POD};2026-03-29T11:00:00+02:00;60;prelievo;-1",  # negative
        f"{PLANT};2026-03-29T11:00:00+02:00;15;immissione;37,6",  # 150 kW x 15 min = 37.5 kWh
        f"{PERSON_POD};2026-03-29T12:00:00;60;prelievo;1",  # no offset
        f"{PERSON_POD};2026-03-29T12:10:00+02:00;15;prelievo;1",  # not a quarter's start
        f"{PERSON_POD};2026-03-29T13:00:00+02:00;30;prelievo;1",  # 30 minutes
        f"{PERSON_POD};2026-03-29T14:00:00+02:00;60;prelievo;1,2345",  # below a Wh
    ]
    path = write("letture.csv", METER_HEADER + "\n".join(rows) + "\n")
    report = services.readings_import(organization=registered, actor=None, path=path)
    errors = {line: message for _file, line, message in _errors(report)}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "è già alla riga 2" in errors[3]
    assert "non è un punto di prelievo della comunità" in errors[4]
    assert "non negativo" in errors[5]
    assert "più di quanto l'impianto da 150 kW può produrre (37500 Wh)" in errors[6]
    assert "senza fuso orario" in errors[7]
    assert "non è l'inizio di un intervallo di 15 minuti" in errors[8]
    assert "minuti deve essere 15 o 60" in errors[9]
    assert "al massimo tre decimali" in errors[10]
    assert {file for file, _l, _m in _errors(report)} == {"letture.csv"}
    assert not Reading.objects.for_org(registered).exists()


def test_an_incomplete_hour_and_a_gap_are_reported_and_left_missing(registered, write):
    lines = meter_lines(skip={(SME_POD, "2026-03-29T05:00:00+02:00")})
    lines = [line for line in lines if not line.startswith(f"{PLANT};{NOON[:13]}:45")]
    path = write("letture.csv", METER_HEADER + "\n".join(lines) + "\n")
    report = services.readings_import(organization=registered, actor=None, path=path)
    assert report.saved
    warnings = [w.message for w in report.warnings]
    assert warnings == [
        f"{PLANT}: l'ora delle 29/03/2026 12:00 +0200 ha 45 minuti su 60 e non è stata registrata",
        f"{SME_POD} (prelievo): mancano 1 ore dopo le 29/03/2026 04:00 +0200",
    ]
    assert not Reading.objects.for_org(registered).filter(pod=PLANT, hour=UTC_NOON).exists()


def test_prices_quarter_hours_are_averaged(registered, prices_file):
    report = services.prices_import(organization=registered, actor=None, path=prices_file)
    assert report.saved, report.lines()
    prices = ZonalPrice.objects.for_org(registered)
    assert prices.count() == 23
    # (90 + 100 + 110.5 + 99.5) / 4
    assert prices.get(hour=UTC_NOON).eur_mwh == Decimal("100")
    again = services.prices_import(organization=registered, actor=None, path=prices_file)
    assert again.counts == {"prezzi orari": {"created": 0, "updated": 0, "unchanged": 23}}


def test_a_price_file_with_a_missing_hour_or_quarter_is_refused(registered, write):
    lines = price_lines()
    del lines[3]  # 04:00+02:00 (the fourth hour: 02:00 does not exist that day)
    lines = [line for line in lines if ":30:00+02:00;15" not in line]  # a quarter of noon
    lines.append(lines[0].replace(";200", ";201"))  # midnight twice
    lines.append(lines[1].replace("NORD", "EST"))
    path = write("prezzi.csv", PRICE_HEADER + "\n".join(lines) + "\n")
    report = services.prices_import(organization=registered, actor=None, path=path)
    errors = [(line, message) for _f, line, message in _errors(report)]
    assert errors == [
        (len(lines), "NORD alle 29/03/2026 00:00 +0100 è già alla riga 2"),
        (
            len(lines) + 1,
            "zona «EST» sconosciuta: usa una di NORD, CNOR, CSUD, SUD, CALA, SICI, SARD",
        ),
        (None, "NORD: l'ora delle 29/03/2026 12:00 +0200 ha 3 quarti d'ora su 4"),
        (None, "NORD: manca il prezzo dell'ora delle 29/03/2026 04:00 +0200"),
    ]
    assert not ZonalPrice.objects.for_org(registered).exists()


def test_lines_in_other_forms_and_across_blocks_read_as_the_canonical_ones(
    registered, write, monkeypatch
):
    # given small blocks, so that an hour's quarters fall in different blocks, and lines the
    # fast reader leaves to the row-by-row check (spaces, quotes, lower case, CRLF, blank)
    from coopnet.energy.imports import columns

    monkeypatch.setattr(columns, "BLOCK_BYTES", 120)
    rows = [
        f"{PLANT};2026-03-29T12:00:00+02:00;15;immissione;1,250",
        f' {PLANT.lower()} ;2026-03-29T12:15:00+02:00;15;Immissione;"1.25"',
        f"{PLANT};2026-03-29T12:30:00+02:00;15;immissione;1.25\r",
        "",
        f"{PLANT};2026-03-29T11:45:00+01:00;15;immissione;1.250",  # the same instant as 12:45
        f"{PERSON_POD};2026-03-29T12:00:00+02:00;60;prelievo;0.5",
        f"{PERSON_POD};2026-03-29T12:30:00+02:00;15;prelievo;0.5",  # inside the hour above
    ]
    path = write("letture.csv", METER_HEADER + "\n".join(rows) + "\n")
    report = services.readings_import(organization=registered, actor=None, path=path)
    # then only the quarter given twice is refused, naming the line it came first
    assert _errors(report) == [
        (
            "letture.csv",
            8,
            f"{PERSON_POD} prelievo alle 29/03/2026 12:30 +0200 è già alla riga 7",
        )
    ]
    # and without it the four quarters of the plant, in three forms, make one hour
    del rows[-1]
    path = write("letture.csv", METER_HEADER + "\n".join(rows) + "\n")
    report = services.readings_import(organization=registered, actor=None, path=path)
    assert report.saved, report.lines()
    plant = Reading.objects.for_org(registered).get(pod=PLANT, hour=UTC_NOON)
    assert plant.wh == 5000


def test_the_fast_reader_reads_kwh_and_starts_as_the_row_check_would():
    # given cells in the canonical form and others the fast reader must leave to the row check
    from coopnet.energy.imports import columns

    samples = {
        "0": 0, "7": 7000, "0.5": 500, "12,345": 12345, "1.20": 1200, "0,001": 1,
        "999999999": 999999999000, "123456789.123": 123456789123,
        "1234567890": None, "1.2345": None, ".5": None, "5.": None, "1.2.3": None,
        "1,2,3": None, "": None, "1e3": None, "-1": None, "+1": None,
    }  # fmt: skip
    starts = ["2026-03-29T12:00:00+02:00", "2026-03-28T23:45:00-01:00", "2026-02-29T00:00:00+01:00"]
    lines = [f"{PERSON_POD};{start};15;prelievo;{kwh}" for start in starts for kwh in samples]
    block = parse_block_of(columns, "\n".join(lines) + "\n")
    # then the canonical ones are read, with the right Wh and instant, and only them
    values = zip(block.wh.tolist(), block.epoch.tolist(), strict=True)
    read = dict(zip(block.lines.tolist(), values, strict=True))
    for number, line in enumerate(lines, start=2):
        _pod, start, _minutes, _way, kwh = line.split(";")
        if samples[kwh] is None or start.startswith("2026-02-29"):
            assert number not in read, line
        else:
            instant = int(dt.datetime.fromisoformat(start).timestamp())
            assert read[number] == (samples[kwh], instant), line


def parse_block_of(columns, text):
    import numpy as np

    pods = np.array([PERSON_POD.encode()], dtype="S14")
    return columns.parse_block(
        2,
        text.encode(),
        delimiter=ord(";"),
        order={"pod": 0, "inizio": 1, "minuti": 2, "verso": 3, "kwh": 4},
        pods=pods,
        is_point=np.array([True]),
        power_w=np.array([-1]),
    )
