"""GET /healthz answers load balancers: 200 when the database answers, 503 when it does not."""

from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthz_is_ok_without_logging_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_down(client):
    # given a database that refuses connections
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("could not connect to server")
    ):
        # when the health check runs
        response = client.get("/healthz")
    # then it says so with 503, which a load balancer takes out of rotation
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405
