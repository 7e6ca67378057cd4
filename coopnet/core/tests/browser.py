"""What the browser tests share: Debian's chromium, its flags, the timeout and the log-in.

The ``browser`` and ``new_page`` fixtures (coopnet/conftest.py) start it; Playwright never
downloads a browser here (``bin/ensure-system`` installs /usr/bin/chromium).
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "password-di-prova"
# A 360 px phone, as carers and members use coopnet: ``new_page(**PHONE)``.
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
TIMEOUT_MS = 15_000  # generous: CI shares two cores with the live server and chromium
expect.set_options(timeout=TIMEOUT_MS)


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in through the login page and wait for the page it leads to."""
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def log_in(page: Page, email: str) -> None:
    """Sign in and check that the page's header names the user."""
    sign_in(page, email)
    expect(page.locator("header .tools")).to_contain_text(email)
