"""Where a user is logged in: one ``UserSession`` per login, and ending the other ones."""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .audit import log_action
from .models import User, UserSession


def _store(session_key: str | None = None) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    store: SessionBase = engine.SessionStore(session_key)
    return store


def _oldest_alive() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def record_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: name the new session (its key was just cycled) and
    forget the user's logins whose session has expired anyway."""
    if not request.session.session_key:
        request.session.save()
    UserSession.objects.filter(user=user, created_at__lt=_oldest_alive()).delete()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": request.headers.get("user-agent", "")[:200],
            "created_at": timezone.now(),
        },
    )


def record_logout(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    """``user_logged_out`` receiver."""
    if request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


def active_sessions(user: User) -> list[UserSession]:
    """The user's logins whose session has neither expired nor been ended, newest first."""
    rows = UserSession.objects.filter(user=user, created_at__gte=_oldest_alive())
    return [row for row in rows if _store().exists(row.session_key)]


@transaction.atomic
def end_other_sessions(*, user: User, current_key: str | None) -> int:
    """Log ``user`` out everywhere but in the session ``current_key``; answers how many."""
    others = list(UserSession.objects.filter(user=user).exclude(session_key=current_key or ""))
    for row in others:
        _store(row.session_key).delete()
    UserSession.objects.filter(pk__in=[row.pk for row in others]).delete()
    log_action(
        actor=user,
        organization=None,
        action="core.sessions.end_others",
        obj=user,
        after={"sessions": len(others)},
    )
    return len(others)
