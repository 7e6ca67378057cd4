"""factory_boy factories for core models."""

import re
from typing import Any, cast

import factory
import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coopnet.core.models import Job, Organization, OrganizationKind, Role, RoleAssignment, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@example.org")
    full_name = factory.Faker("name", locale="it_IT")
    password = factory.django.Password("password-di-prova")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    kind = OrganizationKind.SOCIAL_COOP_A
    short_name = factory.Sequence(lambda n: f"Coop {n}")
    legal_name = factory.LazyAttribute(lambda o: f"{o.short_name} cooperativa sociale")
    slug = factory.Sequence(lambda n: f"coop-{n}")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.COOP_ADMIN


def new_org(**fields: Any) -> Organization:
    """An organization from the factory, typed as the model it creates."""
    return cast(Organization, OrganizationFactory(**fields))


def role_user_fixture(role: str, organization: str = "org", doc: str = "") -> Any:
    """A pytest fixture: a user holding ``role`` in the organization of the fixture named
    ``organization``. Assign it to the fixture's name: ``hr_user = role_user_fixture(...)``."""

    def user(request: pytest.FixtureRequest) -> User:
        org = request.getfixturevalue(organization)
        return RoleAssignmentFactory.create(organization=org, role=role).user

    user.__doc__ = doc or f"A user with the role {role} in ``{organization}``."
    return pytest.fixture(user)


def bearer(user: User, organization: Organization, role: str = Role.COOP_ADMIN) -> dict[str, str]:
    """The ``Authorization`` header of a new API token of ``user`` in ``organization``."""
    from coopnet.core.services import api_token_create

    _token, secret = api_token_create(user=user, organization=organization, role=role, name="t")
    return {"Authorization": f"Bearer {secret}"}


def confirmed_device(user):
    """An authenticator app already enrolled by ``user``."""
    return TOTPDevice.objects.create(user=user, name="telefono", confirmed=True)


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def last_email_code() -> str:
    """The six-digit code in the last e-mail sent (the enrolment code)."""
    match = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert match
    return match.group(1)


def make_job(organization: Organization, kind: str = "core.test", **fields: Any) -> Job:
    """A background job as stored, in whatever state a test sets (queued by default)."""
    return Job.objects.create(organization=organization, kind=kind, **fields)
