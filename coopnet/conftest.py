"""Fixtures shared by every app's tests: the personas of a view test."""

import pytest

from coopnet.core.models import OrganizationKind, Role
from coopnet.core.tests.factories import (
    OrganizationFactory,
    UserFactory,
    bearer,
    confirmed_device,
    current_code,
    role_user_fixture,
)


@pytest.fixture
def org(db):
    return OrganizationFactory(slug="la-ginestra", short_name="La Ginestra")


@pytest.fixture
def other_org(db):
    return OrganizationFactory(slug="altra-coop", short_name="Altra Coop")


@pytest.fixture
def consortium(db):
    return OrganizationFactory(
        slug="consorzio-aurora",
        short_name="Consorzio Aurora",
        legal_name="Consorzio Aurora società cooperativa sociale",
        kind=OrganizationKind.CONSORTIUM,
    )


admin_user = role_user_fixture(Role.COOP_ADMIN, doc="A cooperative administrator of ``org``.")
member_user = role_user_fixture(Role.MEMBER, doc="A plain member of ``org``.")
outsider = role_user_fixture(
    Role.COOP_ADMIN,
    "other_org",
    "An administrator of another organization: must get 404 on ``org``'s pages.",
)
hr_user = role_user_fixture(
    Role.HR_TUTOR, doc="HR and insertion tutor: staff, import and the vault (with a second factor)."
)
coordinator = role_user_fixture(
    Role.COORDINATOR, doc="Reads staff and volunteers, never the vault."
)
consortium_staff = role_user_fixture(
    Role.CONSORTIUM_STAFF,
    "consortium",
    "Staff of ``consortium``: sees its affiliated cooperatives' data, never edits them.",
)


@pytest.fixture(params=["member", "outsider"])
def others_headers(request, org, other_org):
    """API headers of someone for whom ``org`` does not exist: a plain member of ``org``
    (case ``member``), or an administrator of another organization (case ``outsider``)."""
    if request.param == "member":
        return bearer(request.getfixturevalue("member_user"), org, Role.MEMBER)
    return bearer(request.getfixturevalue("outsider"), other_org, Role.COOP_ADMIN)


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder, never the real var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def platform_admin(db):
    return UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)


@pytest.fixture(autouse=True)
def _italian_after_each_test():
    """Requests in English activate it for the whole thread; put the default back."""
    yield
    from django.utils import translation

    translation.activate("it")


@pytest.fixture
def otp_login(client):
    """Log ``user`` in with password and with the second factor, through the verify page."""

    def login(user):
        client.force_login(user)
        device = confirmed_device(user)
        response = client.post(
            "/accounts/otp/verify/", {"token": current_code(device), "next": "/"}
        )
        assert response.status_code == 302, response.content
        return client

    return login


@pytest.fixture
def browser():
    """Debian's headless chromium under Playwright (browser tests, ``-m browser``). Request the
    fixtures that write the database before it: Django refuses ORM calls in its event loop."""
    from playwright.sync_api import sync_playwright

    from coopnet.core.tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(live_server, browser):
    """``new_page(**options)`` opens a page of the live server in a fresh browser context
    (Italian, the browser tests' timeout; ``options`` go to ``new_context``)."""
    from coopnet.core.tests.browser import TIMEOUT_MS

    contexts = []

    def make(**options):
        context = browser.new_context(base_url=live_server.url, locale="it-IT", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
