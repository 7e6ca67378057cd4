"""The address of the client behind the reverse proxies the settings trust."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, ip_address

from django.conf import settings
from django.http import HttpRequest


def _parse(value: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: IPv4Address | IPv6Address) -> bool:
    return any(address in network for network in settings.COOPNET_TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str:
    """The client's address: the peer's, unless the peer is a trusted proxy.

    Then X-Forwarded-For is read from the right (each proxy appends the address it saw) and
    the first hop that is not a trusted proxy is the client. A header from any other peer is
    ignored, since the client can write anything into it.
    """
    peer = str(request.META.get("REMOTE_ADDR", ""))
    address = _parse(peer)
    if address is None or not _trusted(address):
        return peer
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for hop in reversed([part for part in forwarded.split(",") if part.strip()]):
        previous, address = address, _parse(hop)
        if address is None:  # a malformed hop: the last proxy we trust is all we know
            return str(previous)
        if not _trusted(address):
            return str(address)
    return str(address)
