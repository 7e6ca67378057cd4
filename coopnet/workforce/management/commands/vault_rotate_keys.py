"""``manage.py vault_rotate_keys``: re-encrypt every certificate with the newest vault key.

Run it after putting a new key first in ``COOPNET_VAULT_KEYS``; once it has finished, the
old keys can be removed from the list (docs/workforce.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from coopnet.workforce.vault import documents_rotate


class Command(BaseCommand):
    help = "Cifra di nuovo tutti i certificati con la chiave più recente di COOPNET_VAULT_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        rotated = documents_rotate()
        self.stdout.write(f"Certificati cifrati di nuovo con la chiave più recente: {rotated}.")
