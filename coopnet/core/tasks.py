"""Background tasks of the core app (run by `manage.py db_worker`)."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Organization, User


@task()
def send_welcome(user_id: int, organization_id: int, base_url: str) -> None:
    """E-mail a newly invited person the link to choose their password."""
    user = User.objects.get(pk=user_id)
    context = {
        "user": user,
        "organization": Organization.objects.get(pk=organization_id),
        "base_url": base_url.rstrip("/"),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    send_mail(
        subject=_("Benvenuta o benvenuto in coopnet"),
        message=render_to_string("registration/welcome_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
