"""Travel-time providers: the embedded great-circle estimate and OSRM's table service."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from coopnet.scheduling.travel import (
    HaversineProvider,
    OsrmProvider,
    TravelTimeError,
    haversine_km,
)

ROME_TERMINI = (41.9010, 12.5018)
ROME_COLOSSEO = (41.8902, 12.4922)
MILANO_DUOMO = (45.4642, 9.1900)


def test_haversine_distance_matches_known_values():
    # Rome to Milan is about 477 km as the crow flies
    assert haversine_km(ROME_TERMINI, MILANO_DUOMO) == pytest.approx(477, abs=3)
    assert haversine_km(ROME_TERMINI, ROME_COLOSSEO) == pytest.approx(1.45, abs=0.05)
    assert haversine_km(ROME_TERMINI, ROME_TERMINI) == 0


def test_minutes_by_transport_mode():
    # 1.45 km x 1.3 road factor = 1.885 km
    points = [ROME_TERMINI, ROME_COLOSSEO]
    car = HaversineProvider().matrix(points)
    walk = HaversineProvider(mode="walk").matrix(points)
    assert car[0][0] == 0
    assert car[0][1] == pytest.approx(car[1][0])
    assert car[0][1] == pytest.approx(1.885 / 35 * 60, rel=0.04)  # about 3.2 minutes
    assert walk[0][1] == pytest.approx(1.885 / 4.5 * 60, rel=0.04)  # about 25 minutes
    bike = HaversineProvider(mode="bike").minutes(ROME_TERMINI, ROME_COLOSSEO)
    bus = HaversineProvider(mode="public_transport").minutes(ROME_TERMINI, ROME_COLOSSEO)
    assert car[0][1] < bus < bike < walk[0][1]


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="mezzo di trasporto sconosciuto"):
        HaversineProvider(mode="teleport")


class FakeOsrm(BaseHTTPRequestHandler):
    """Answers /table/v1/<profile>/<coords> with durations of 60 s per point index apart."""

    requests: list[str] = []

    def do_GET(self) -> None:
        FakeOsrm.requests.append(self.path)
        if not self.path.startswith("/table/v1/"):
            self.send_response(404)
            self.end_headers()
            return
        coords = self.path.split("/table/v1/", 1)[1].split("/", 1)[1].split("?")[0]
        count = len(coords.split(";"))
        if count == 3:  # a pair OSRM cannot route: null in the answer
            durations = [[0, 120, None], [120, 0, 60], [None, 60, 0]]
        else:
            durations = [[60.0 * abs(a - b) for b in range(count)] for a in range(count)]
        body = json.dumps({"code": "Ok", "durations": durations}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def osrm() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), FakeOsrm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeOsrm.requests = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_osrm_table_in_minutes(osrm):
    # given an OSRM server
    provider = OsrmProvider(osrm, profile="driving")
    # when four points are asked
    matrix = provider.matrix([ROME_TERMINI, ROME_COLOSSEO, MILANO_DUOMO, ROME_TERMINI])
    # then seconds become minutes, and the request put longitude first
    assert matrix[0][1] == 1.0
    assert matrix[0][3] == 3.0
    assert FakeOsrm.requests[0].startswith("/table/v1/driving/12.501800,41.901000;")
    assert "annotations=duration" in FakeOsrm.requests[0]


def test_osrm_unreachable_pairs_become_very_far(osrm):
    matrix = OsrmProvider(osrm).matrix([ROME_TERMINI, ROME_COLOSSEO, MILANO_DUOMO])
    assert matrix[0][2] == 24 * 60
    assert matrix[1][2] == 1.0


def test_osrm_errors_are_clear(osrm):
    with pytest.raises(TravelTimeError, match="non raggiungibile"):
        OsrmProvider(osrm + "/wrong/").matrix([ROME_TERMINI, ROME_COLOSSEO])
    with pytest.raises(TravelTimeError, match="indirizzo OSRM non valido"):
        OsrmProvider("file:///etc/passwd").matrix([ROME_TERMINI])
    assert OsrmProvider(osrm).matrix([]) == []
