"""The SHA-256 of a settlement's inputs and parameters, the same wherever it is computed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

import numpy as np

from .model import Inputs, Parameters


def _plain(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def input_hash(inputs: Inputs, params: Parameters) -> str:
    """Hash of every input in a canonical order (sorted keys and rows, UTC ISO times,
    Decimals as written), so that equal inputs give equal hashes."""
    digest = hashlib.sha256()

    def feed(tag: str, rows: Any) -> None:
        digest.update(tag.encode())
        digest.update(json.dumps(rows, sort_keys=True, default=_plain).encode())

    feed("parameters", params.as_json())
    feed("hours", [h.isoformat() for h in inputs.hours])
    feed(
        "configurations",
        sorted(
            (
                {
                    **asdict(c),
                    "plants": sorted((asdict(p) for p in c.plants), key=lambda p: p["pod"]),
                    "points": sorted(
                        (asdict(p) for p in c.points),
                        key=lambda p: (p["pod"], _plain(p["active_from"])),
                    ),
                }
                for c in inputs.configurations
            ),
            key=lambda c: c["code"],
        ),
    )
    for tag, source in (("withdrawal", inputs.withdrawal), ("injection", inputs.injection)):
        digest.update(tag.encode())
        for pod in sorted(source):
            digest.update(pod.encode())
            digest.update(np.asarray(source[pod], dtype="<i8").tobytes())
    digest.update(b"prices")
    for zone in sorted(inputs.prices):
        digest.update(zone.encode())
        digest.update("|".join("" if p is None else str(p) for p in inputs.prices[zone]).encode())
    return digest.hexdigest()
