"""Behind the reverse proxy: the client's address, login lockout, rate limits shared by every
process (the database cache), and the rate limit of password reset requests."""

from ipaddress import ip_network

import pytest
from django.core import mail
from django.db import connection
from django.test import RequestFactory

from coopnet.core.clients import client_ip
from coopnet.core.models import Role
from coopnet.core.tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "password-di-prova"
WRONG = "sbagliata"
NGINX = "127.0.0.1"
RESET_URL = "/accounts/password-reset/"


@pytest.fixture
def behind_nginx(settings):
    """The documented deployment: nginx on the same machine, trusted for X-Forwarded-For."""
    settings.COOPNET_TRUSTED_PROXIES = [ip_network("127.0.0.1"), ip_network("::1")]


@pytest.fixture
def socio(org):
    user = UserFactory(email="socio@example.org")
    RoleAssignmentFactory(organization=org, user=user, role=Role.MEMBER)
    return user


def via(forwarded_for, peer=NGINX):
    return {"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": forwarded_for}


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "client"),
    [
        ([], NGINX, "203.0.113.9", NGINX),  # no proxy trusted: the header means nothing
        (["127.0.0.1"], NGINX, "203.0.113.9", "203.0.113.9"),
        (["127.0.0.1"], NGINX, "", NGINX),
        # the client wrote a header of its own: nginx appended the address it saw
        (["127.0.0.1"], NGINX, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        # a peer that is no trusted proxy cannot choose its address
        (["127.0.0.1"], "198.51.100.4", "203.0.113.9", "198.51.100.4"),
        # a chain of trusted proxies, one given as a network
        (["127.0.0.1", "10.0.0.0/8"], NGINX, "203.0.113.9, 10.1.2.3", "203.0.113.9"),
        (["127.0.0.1", "10.0.0.0/8"], NGINX, "10.9.9.9, 10.1.2.3", "10.9.9.9"),
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
        (["127.0.0.1"], NGINX, "not-an-address", NGINX),
    ],
)
def test_client_ip(settings, trusted, peer, forwarded, client):
    settings.COOPNET_TRUSTED_PROXIES = [ip_network(network) for network in trusted]
    request = RequestFactory().get("/", **via(forwarded, peer))
    assert client_ip(request) == client


def _login(client, meta, password=WRONG):
    return client.post(
        "/accounts/login/", {"username": "socio@example.org", "password": password}, **meta
    )


def test_lockout_behind_nginx_locks_the_attacker_not_everyone(client, socio, behind_nginx):
    # given five failures from one client behind nginx
    for _ in range(5):
        _login(client, via("203.0.113.9"))
    assert _login(client, via("203.0.113.9"), PASSWORD).status_code == 429
    # then the member, from another address behind the same nginx, still logs in
    assert _login(client, via("198.51.100.20"), PASSWORD).status_code == 302


def test_an_untrusted_peer_cannot_escape_the_lockout_with_a_forged_header(
    client, socio, behind_nginx
):
    for n in range(5):
        _login(client, via(f"192.0.2.{n}", peer="203.0.113.9"))
    locked = _login(client, via("192.0.2.99", peer="203.0.113.9"), PASSWORD)
    assert locked.status_code == 429


def test_reset_requests_for_one_address_are_limited(client, socio):
    # given three reset requests for the same e-mail address within the hour
    for _ in range(3):
        assert client.post(RESET_URL, {"email": "socio@example.org"}).status_code == 302
    # when a fourth arrives
    response = client.post(RESET_URL, {"email": "socio@example.org"})
    # then it is refused with the reason, and no further e-mail goes out
    assert response.status_code == 429
    assert "Troppe richieste di reimpostazione" in response.content.decode()
    assert len(mail.outbox) == 3


def test_reset_requests_from_one_client_are_limited(client, behind_nginx):
    for n in range(10):
        response = client.post(RESET_URL, {"email": f"a{n}@example.org"}, **via("203.0.113.9"))
        assert response.status_code == 302
    assert (
        client.post(RESET_URL, {"email": "b@example.org"}, **via("203.0.113.9")).status_code == 429
    )
    # another client behind the same proxy is not affected
    other = client.post(RESET_URL, {"email": "b@example.org"}, **via("198.51.100.20"))
    assert other.status_code == 302


def test_the_limits_count_in_the_database_every_process_shares(client):
    client.post(RESET_URL, {"email": "socio@example.org"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM coopnet_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("ratelimit:core.password_reset.email" in key for key in keys), keys
