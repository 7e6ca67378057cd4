"""The English catalogue: every Italian string translated, compiled, and used by the pages.

polib is not a dependency, so a small parser reads the .po file; the compiled .mo is read
with the standard library's ``gettext.GNUTranslations``, as Django reads it.
"""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO, MO = LOCALE / "django.po", LOCALE / "django.mo"
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$')


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(text: str) -> str:
    """A PO string literal uses C escapes (\\n, \\", \\\\), which Python's literals share."""
    value = ast.literal_eval(text)
    assert isinstance(value, str)
    return value


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (obsolete ``#~`` entries and the header left out)."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] = ("", 0)
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if current is None or current.msgid or current.msgstr:
                current = Entry(line=number)
                entries.append(current)
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            assert current is not None, f"line {number}: continuation outside an entry"
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, name, (getattr(current, name) or "") + _unquote(line))
            continue
        match = KEYWORD.match(line)
        assert match, f"line {number}: cannot parse {raw!r}"
        name, index, value = match.group(1), int(match.group(2) or 0), _unquote(match.group(3))
        if name in ("msgctxt", "msgid") and (current is None or current.msgstr):
            current = Entry(line=number)
            entries.append(current)
        assert current is not None
        if name == "msgstr":
            current.msgstr[index] = value
        else:
            setattr(current, name, value)
        target = (name, index)
    return [e for e in entries if e.msgid]


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(PO)


def test_the_parser_reads_plurals_contexts_and_continuations(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid "Ciao %(n)s"\nmsgstr "Hello %(n)s"\n\n'
        'msgctxt "mese"\nmsgid ""\n"Mag"\n"gio"\nmsgstr "May"\n\n'
        '#, fuzzy\nmsgid "%(n)s riga"\nmsgid_plural "%(n)s righe"\n'
        'msgstr[0] "%(n)s row"\nmsgstr[1] ""\n',
        encoding="utf-8",
    )
    hello, may, rows = parse_po(po)
    assert (hello.msgid, hello.msgstr, hello.flags) == (
        "Ciao %(n)s",
        {0: "Hello %(n)s"},
        {"python-format"},
    )
    assert (may.msgctxt, may.msgid, may.msgstr) == ("mese", "Maggio", {0: "May"})
    assert rows.msgid_plural == "%(n)s righe"
    assert rows.msgstr == {0: "%(n)s row", 1: ""}
    assert "fuzzy" in rows.flags


def test_every_string_has_an_english_translation(entries):
    # the catalogue is not a stub: the whole UI is in it
    assert len(entries) > 1000
    untranslated = [str(e) for e in entries if not e.msgstr or not all(e.msgstr.values())]
    assert untranslated == [], "run makemessages -l en and translate these"
    fuzzy = [str(e) for e in entries if "fuzzy" in e.flags]
    assert fuzzy == [], "check these guesses of msgmerge and remove the fuzzy flag"


def test_placeholders_are_kept(entries):
    placeholder = re.compile(r"%\(\w+\)[sd]|%\(\w+\)\.\d+f|%%")
    broken = []
    for e in entries:
        for index, text in e.msgstr.items():
            source = e.msgid_plural if index and e.msgid_plural else e.msgid
            if sorted(placeholder.findall(text)) != sorted(placeholder.findall(source)):
                broken.append(str(e))
    assert broken == []


def test_the_compiled_catalogue_matches_the_po_file(entries):
    # given the .mo that Django loads
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    # then every entry of the .po translates to its msgstr (run compilemessages if not)
    stale = []
    for e in entries:
        if e.msgid_plural is None:
            expected = [e.msgstr[0]]
            if e.msgctxt is None:
                found = [catalogue.gettext(e.msgid)]
            else:
                found = [catalogue.pgettext(e.msgctxt, e.msgid)]
        else:
            expected = [e.msgstr[0], e.msgstr[1]]
            found = [catalogue.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
        if found != expected:
            stale.append(str(e))
    assert stale == [], "run manage.py compilemessages -l en"


@pytest.fixture
def english(client) -> Iterator[Client]:
    """A client asking for English. LocaleMiddleware activates the language in this thread
    and never resets it, so put Italian back for the tests that follow."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield client
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.django_db
def test_the_login_page_in_english(english):
    page = english.get(reverse("login")).content.decode()
    assert '<html lang="en"' in page
    assert "Log in to coopnet" in page
    assert "Forgot your password?" in page
    assert "Accedi" not in page


def test_an_organization_profile_in_english(english, org, admin_user):
    english.force_login(admin_user)
    page = english.get(reverse("network:profile", kwargs={"org_slug": org.slug})).content.decode()
    assert '<html lang="en"' in page
    for text in ("Legal details", "Legal form", "Contacts", "Area served", "Log out"):
        assert text in page, text
    assert "Type A social cooperative" in page  # a model choice label
    assert "Dati legali" not in page


def test_the_members_register_in_english_with_a_plural(english, org, admin_user):
    english.force_login(admin_user)
    page = english.get(reverse("members:register", kwargs={"org_slug": org.slug}))
    text = page.content.decode()
    assert "<h1>Members' register · La Ginestra</h1>" in text
    assert "New membership application" in text
    assert "0 rows" in text
    assert "Libro soci" not in text
