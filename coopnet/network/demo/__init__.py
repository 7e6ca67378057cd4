"""The demo network of ``manage.py seed_demo``: a deterministic plan, applied idempotently."""

from .plan import SCALES, Plan, build_plan
from .seed import SeedReport, seed

__all__ = ["SCALES", "Plan", "SeedReport", "build_plan", "seed"]
