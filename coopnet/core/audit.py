"""The audit trail: services call ``log_action`` once per change, the log page reads it."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import formatting
from .models import AuditEntry, Organization, User
from .renames import current_code


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe copy of a model's editable fields, for an audit entry's before/after."""
    data = model_to_dict(instance, fields=fields)
    for key, value in data.items():
        if isinstance(value, models.Model):
            data[key] = value.pk
        elif hasattr(value, "name") and not isinstance(value, str):  # files
            data[key] = value.name or ""
        elif isinstance(value, list | tuple):
            data[key] = [getattr(v, "pk", v) for v in value]
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result


def user_or_none(actor: User | None) -> User | None:
    """Who to record as having done it: the user, or None for nobody or an anonymous visitor."""
    return actor if actor is not None and actor.is_authenticated else None


# ``log_action``'s default organization: the changed row's own.
OWN_ORGANIZATION: Any = object()


def log_action(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    organization: Organization | None = OWN_ORGANIZATION,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry describing a change to ``obj``, in the log of ``obj``'s own
    organization unless ``organization`` says another (None: no organization's)."""
    if organization is OWN_ORGANIZATION:
        organization = obj.organization  # type: ignore[attr-defined]
    return AuditEntry.objects.create(
        actor=user_or_none(actor),
        organization=organization,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
    )


# What each action code means, grouped by area (the log page filters on these).
AREAS: dict[str, Promise] = {
    "core": _("Accessi e ruoli"),
    "network": _("Rete e organizzazioni"),
    "members": _("Soci"),
    "workforce": _("Personale e volontari"),
    "governance": _("Assemblee e consigli"),
    "care": _("Assistenza"),
    "contracts": _("Gare e contratti"),
    "energy": _("Comunità energetiche"),
    "community": _("Comunità e banca del tempo"),
    "reporting": _("Bilancio sociale e indicatori"),
    "practices": _("Buone pratiche"),
}
ACTION_LABELS: dict[str, Promise] = {
    "core.user.create": _("Utente creato"),
    "core.platform.create": _("Organizzazione della piattaforma creata"),
    "core.role.grant": _("Ruolo assegnato"),
    "core.role.revoke": _("Ruolo revocato"),
    "core.api_token.create": _("Token API creato"),
    "core.api_token.revoke": _("Token API revocato"),
    "core.otp.enrol": _("Verifica in due passaggi attivata"),
    "core.otp.recovery_codes": _("Codici di recupero generati"),
    "core.otp.recovery_use": _("Codice di recupero usato"),
    "core.otp.reset": _("Verifica in due passaggi azzerata (telefono perso)"),
    "core.sessions.end_others": _("Uscita dalle altre sessioni"),
    "core.job.create": _("Lavoro in background avviato"),
    "core.job.retry": _("Lavoro in background riprovato"),
    "network.organization.create": _("Organizzazione registrata"),
    "network.organization.update": _("Dati dell'organizzazione modificati"),
    "network.affiliation.create": _("Adesione a consorzio o federazione"),
    "network.affiliation.end": _("Adesione conclusa"),
    "network.incubation.create": _("Incubazione avviata"),
    "members.person.create": _("Persona registrata"),
    "members.person.update": _("Dati della persona modificati"),
    "members.person.link_user": _("Persona collegata a un utente"),
    "members.membership.apply": _("Domanda di ammissione"),
    "members.membership.admit": _("Socio ammesso"),
    "members.membership.refuse": _("Domanda respinta"),
    "members.membership.appeal": _("Ricorso all'assemblea"),
    "members.membership.appeal_decide": _("Ricorso deciso"),
    "members.membership.withdrawal_request": _("Richiesta di recesso"),
    "members.membership.withdrawal_decide": _("Recesso deciso"),
    "members.membership.exclude": _("Socio escluso"),
    "members.membership.death": _("Decesso del socio"),
    "members.membership.exit": _("Uscita del socio"),
    "members.shares.sottoscrizione": _("Quote sottoscritte"),
    "members.shares.versamento": _("Versamento sul capitale sociale"),
    "members.shares.ristorno": _("Ristorno capitalizzato"),
    "members.shares.cessione": _("Quote cedute ad altro socio"),
    "members.shares.acquisto": _("Quote acquistate da altro socio"),
    "members.shares.rimborso": _("Capitale rimborsato all'uscita"),
    "members.statute.update": _("Regole dello statuto modificate"),
    "members.document.publish": _("Documento pubblicato ai soci"),
    "members.document.delete": _("Documento per i soci eliminato"),
    "workforce.employment.create": _("Rapporto di lavoro registrato"),
    "workforce.employment.update": _("Rapporto di lavoro modificato"),
    "workforce.volunteer.register": _("Volontario iscritto nel registro"),
    "workforce.volunteer.update": _("Dati del volontario modificati"),
    "workforce.insurance.add": _("Copertura assicurativa aggiunta"),
    "workforce.hours.record": _("Ore di volontariato registrate"),
    "workforce.hours.propose": _("Ore di volontariato proposte"),
    "workforce.hours.approve": _("Ore di volontariato approvate"),
    "workforce.hours.reject": _("Ore di volontariato respinte"),
    "workforce.hours.withdraw": _("Ore di volontariato ritirate"),
    "workforce.reimbursement.record": _("Rimborso spese registrato"),
    "workforce.qualification.create": _("Qualifica registrata"),
    "workforce.qualification.update": _("Qualifica modificata"),
    "workforce.sensitive.create": _("Condizione di svantaggio registrata"),
    "workforce.sensitive.update": _("Condizione di svantaggio modificata"),
    "governance.meeting.create": _("Riunione creata"),
    "governance.body.create": _("Organo sociale aggiunto"),
    "governance.office.appoint": _("Nomina in un organo sociale registrata"),
    "governance.office.end": _("Cessazione da una carica registrata"),
    "governance.meeting.update": _("Riunione modificata"),
    "governance.meeting.convene": _("Riunione convocata"),
    "governance.meeting.notices_resend": _("Convocazioni inviate di nuovo"),
    "governance.meeting.open": _("Riunione aperta"),
    "governance.meeting.close": _("Riunione chiusa"),
    "governance.item.add": _("Punto all'ordine del giorno aggiunto"),
    "governance.item.update": _("Punto all'ordine del giorno modificato"),
    "governance.item.move": _("Punto all'ordine del giorno spostato"),
    "governance.item.delete": _("Punto all'ordine del giorno eliminato"),
    "governance.document.attach": _("Documento allegato alla riunione"),
    "governance.document.delete": _("Documento della riunione eliminato"),
    "governance.participant.check_in": _("Presenza registrata"),
    "governance.participant.check_out": _("Uscita registrata"),
    "governance.proxy.grant": _("Delega registrata"),
    "governance.proxy.withdraw": _("Delega ritirata"),
    "governance.ballot.open": _("Votazione aperta"),
    "governance.ballot.vote": _("Voto espresso"),
    "governance.ballot.show_of_hands": _("Voti per alzata di mano registrati"),
    "governance.ballot.close": _("Votazione chiusa"),
    "governance.minutes.update": _("Verbale modificato"),
    "governance.minutes.archive": _("Verbale archiviato"),
    "governance.statute.update": _("Regole di voto dello statuto modificate"),
    "care.service_type.create": _("Servizio aggiunto al catalogo"),
    "care.service_type.update": _("Servizio del catalogo modificato"),
    "care.rate.set": _("Tariffa oraria fissata"),
    "care.funding.create": _("Finanziamento registrato"),
    "care.funding.update": _("Finanziamento modificato"),
    "care.beneficiary.create": _("Utente dell'assistenza registrato"),
    "care.beneficiary.update": _("Dati dell'utente dell'assistenza modificati"),
    "care.beneficiary.family_link": _("Familiare collegato"),
    "care.beneficiary.family_revoke": _("Accesso del familiare revocato"),
    "care.health_note.create": _("Nota sanitaria scritta"),
    "care.plan.create": _("Piano assistenziale creato"),
    "care.plan.update": _("Piano assistenziale modificato"),
    "care.plan_line.create": _("Riga del piano aggiunta"),
    "care.plan_line.update": _("Riga del piano modificata"),
    "care.plan_line.delete": _("Riga del piano eliminata"),
    "care.carer.create": _("Operatore registrato"),
    "care.carer.update": _("Dati dell'operatore modificati"),
    "care.carer.ics_token": _("Calendario dell'operatore condiviso"),
    "care.carer.ics_revoke": _("Calendario dell'operatore non più condiviso"),
    "care.absence.record": _("Assenza dell'operatore registrata"),
    "care.visits.generate": _("Visite generate dal piano"),
    "care.visit.schedule": _("Visita programmata"),
    "care.visit.edit": _("Visita modificata"),
    "care.visit.assign": _("Visita assegnata"),
    "care.visit.unassign": _("Visita tolta all'operatore"),
    "care.visit.cancel": _("Visita annullata"),
    "care.visit.miss": _("Visita non svolta"),
    "care.visit.check_in": _("Inizio della visita"),
    "care.visit.check_out": _("Fine della visita"),
    "care.visit.correct": _("Orari della visita corretti"),
    "care.visit.review": _("Visita segnalata accettata"),
    "care.scheduling_settings.update": _("Regole della pianificazione modificate"),
    "care.schedule.create": _("Pianificazione calcolata"),
    "care.schedule.apply": _("Pianificazione applicata"),
    "contracts.tender.create": _("Gara registrata"),
    "contracts.lot.create": _("Lotto aggiunto alla gara"),
    "contracts.document.create": _("Documento di gara caricato"),
    "contracts.bid.create": _("Offerta registrata"),
    "contracts.bid.awarded": _("Offerta aggiudicata"),
    "contracts.bid.lost": _("Offerta non aggiudicata"),
    "contracts.bid.excluded": _("Offerta esclusa"),
    "contracts.bid.withdrawn": _("Offerta ritirata"),
    "contracts.checklist.create": _("Voce aggiunta alla lista di controllo"),
    "contracts.checklist.done": _("Voce della lista di controllo fatta"),
    "contracts.checklist.reopen": _("Voce della lista di controllo riaperta"),
    "contracts.contract.create": _("Contratto registrato"),
    "contracts.invoice.create": _("Fattura in bozza creata"),
    "contracts.invoice.issue": _("Fattura emessa"),
    "contracts.invoice.update": _("Fattura corretta"),
    "contracts.invoice.sdi_rc": _("Fattura consegnata dallo SdI (RC)"),
    "contracts.invoice.sdi_ns": _("Fattura scartata dallo SdI (NS)"),
    "contracts.invoice.sdi_mc": _("Fattura non consegnata (MC)"),
    "contracts.invoice.sdi_ne": _("Esito dell'ente sulla fattura (NE)"),
    "contracts.invoice.sdi_dt": _("Decorrenza dei termini della fattura (DT)"),
    "contracts.billing.save": _("Dati di fatturazione salvati"),
    "contracts.payment.create": _("Incasso registrato"),
    "contracts.payment.reverse": _("Incasso stornato"),
    "contracts.plan.link": _("Piano assistenziale collegato al contratto"),
    "contracts.plan.unlink": _("Piano assistenziale scollegato dal contratto"),
    "contracts.price.save": _("Prezzo orario del contratto salvato"),
    "contracts.hours.save": _("Ore lavorate sul contratto registrate"),
    "contracts.statement.create": _("Rendiconto mensile creato"),
    "contracts.statement.approve": _("Rendiconto mensile approvato"),
    "contracts.statement.invoice": _("Rendiconto mensile trasformato in fattura"),
    "energy.register.import": _("Anagrafica della comunità energetica importata"),
    "energy.readings.import": _("Letture dei contatori importate"),
    "energy.prices.import": _("Prezzi zonali importati"),
    "energy.settlement.create": _("Ripartizione della comunità energetica calcolata"),
    "energy.rule.create": _("Nuova versione delle regole di distribuzione"),
    "energy.distribution.create": _("Distribuzione ai membri della comunità energetica"),
    "energy.gse.import": _("Rendiconto GSE importato"),
    "community.timebank.save": _("Regole della banca del tempo salvate"),
    "community.category.create": _("Categoria della banca del tempo aggiunta"),
    "community.account.open": _("Conto della banca del tempo aperto"),
    "community.account.close": _("Conto della banca del tempo chiuso"),
    "community.alliance.open": _("Banca del tempo alleata"),
    "community.transfer.create": _("Scambio di tempo registrato"),
    "community.transfer.grant": _("Ore di benvenuto date"),
    "community.transfer.reverse": _("Scambio di tempo stornato"),
    "community.transfer.approve": _("Scambio oltre i limiti approvato"),
    "community.transfer.refuse": _("Scambio oltre i limiti rifiutato"),
    "community.transfer.import": _("Scambi di tempo importati"),
    "community.transfer.interbank": _("Scambio con una banca alleata"),
    "community.offer.create": _("Annuncio pubblicato in bacheca"),
    "community.offer.close": _("Annuncio chiuso"),
    "community.asset.create": _("Bene comune iscritto nel registro"),
    "community.asset.update": _("Bene comune modificato"),
    "community.asset.note": _("Evento aggiunto alla storia del bene comune"),
    "community.asset.file": _("Foto o documento del bene comune caricato"),
    "community.signup.create": _("Adesione di un residente a un bene comune"),
    "community.agreement.create": _("Accordo sul bene comune registrato"),
    "community.agreement.update": _("Accordo sul bene comune corretto"),
    "community.agreement.renew": _("Accordo sul bene comune rinnovato"),
    "community.agreement.party": _("Parte aggiunta all'accordo"),
    "community.agreement.volunteer": _("Volontario del patto aggiunto o cambiato"),
    "community.agreement.duty": _("Rendicontazione dovuta aggiunta all'accordo"),
    "community.report.create": _("Relazione delle attività scritta"),
    "community.report.picture": _("Foto della relazione caricata"),
    "reporting.indicators.compute": _("Indicatori del bilancio sociale calcolati"),
    "reporting.indicator.enter": _("Dato del bilancio sociale inserito a mano"),
    "practices.call.create": _("Bando di buone pratiche creato"),
    "practices.call.update": _("Bando di buone pratiche modificato"),
    "practices.call.publish": _("Bando di buone pratiche pubblicato"),
    "practices.call.release": _("Data di pubblicazione degli esiti fissata"),
    "practices.question.create": _("Domanda aggiunta al bando"),
    "practices.criterion.create": _("Criterio di valutazione aggiunto al bando"),
    "practices.submission.create": _("Candidatura iniziata"),
    "practices.submission.update": _("Candidatura salvata"),
    "practices.submission.submit": _("Candidatura presentata"),
    "practices.submission.withdraw": _("Candidatura ritirata"),
    "practices.submission.file": _("File allegato alla candidatura"),
    "practices.submission.decide": _("Esito della candidatura deciso"),
    "practices.review.assign": _("Valutatori assegnati"),
    "practices.review.declare": _("Dichiarazione sul conflitto di interessi"),
    "practices.review.save": _("Valutazione salvata"),
    "practices.revision.propose": _("Revisione di una buona pratica proposta"),
    "practices.revision.approve": _("Revisione di una buona pratica approvata e pubblicata"),
    "practices.revision.reject": _("Revisione di una buona pratica respinta"),
    "practices.practice.confirm": _("Buona pratica confermata come ancora attuale"),
    "practices.replication.request": _("Richiesta di replicare una buona pratica"),
    "practices.replication.decide": _("Richiesta di replica accolta o rifiutata"),
    "practices.replication.withdraw": _("Richiesta di replica ritirata da chi l'aveva fatta"),
    "practices.replication.mentoring": _("Affiancamento di una replica registrato"),
    "practices.replication.incubation": _("Replica collegata a un'incubazione"),
    "practices.story.create": _("Notizia pubblicata sulle buone pratiche"),
    "practices.story.update": _("Notizia sulle buone pratiche modificata"),
    "reporting.report.create": _("Bilancio sociale avviato"),
    "reporting.section.update": _("Sezione del bilancio sociale modificata"),
    "reporting.report.review": _(
        "Attestazione dell'organo di controllo allegata al bilancio sociale"
    ),
    "reporting.report.approve": _("Bilancio sociale approvato e congelato"),
    "reporting.report.version": _("Nuova versione del bilancio sociale"),
}
# Keys that services record by hand, not as model fields.
KEY_LABELS: dict[str, Promise] = {
    "shares": _("quote"),
    "subscribed": _("capitale sottoscritto"),
    "paid": _("capitale versato"),
    "created": _("creati"),
    "start": _("dal"),
    "end": _("al"),
    "role": _("ruolo"),
    "email": _("e-mail"),
    "full_name": _("nome e cognome"),
    "volunteer": _("volontario"),
    "active": _("attivo"),
    "picture": _("foto"),
    "title": _("titolo"),
    "year": _("anno"),
    "values": _("valori"),
}


def action_label(code: str) -> str:
    """The Italian name of an action; an unknown code is shown as it is, never hidden."""
    return str(ACTION_LABELS.get(current_code(code), code))


def action_choices() -> list[tuple[str, Any]]:
    """Choices for the log filter: each area (its codes' prefix), then its actions."""
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, label in ACTION_LABELS.items():
        groups[code.split(".", 1)[0]].append((code, str(label)))
    choices: list[tuple[str, Any]] = [("", _("Tutte"))]
    for area, label in AREAS.items():
        every = (f"{area}.", _("Tutte: %(area)s") % {"area": label})
        choices.append((str(label), [every, *groups[area]]))
    return choices


@dataclass(frozen=True)
class Change:
    """One field of an audit entry, as the log shows it ("Stato: in prova -> ammesso")."""

    label: str
    before: str | None  # None when nothing was recorded before (a creation)
    after: str | None  # None when nothing was recorded after (a deletion)


@dataclass(frozen=True)
class LogLine:
    entry: AuditEntry
    action: str
    changes: list[Change]


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(current_code(label))
    except (LookupError, ValueError):
        return None


def _shown_text(value: str) -> str:
    """Text that may hold an ISO date or datetime (recorded by hand) shown the Italian way."""
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        if len(value) > 10 and value[10] == "T":
            moment = dt.datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%d/%m/%Y %H:%M")
    except ValueError:
        pass
    return value


def _shown(value: Any, field: models.Field[Any, Any] | None, related: dict[Any, str]) -> str:
    """One recorded value in words: choices by label, dates dd/mm/yyyy, times in Rome."""
    if value is None or value == "" or value == []:
        return formatting.EMPTY
    if isinstance(value, list):
        return ", ".join(_shown(v, field, related) for v in value)
    if isinstance(value, bool):
        return formatting.yes_no(value)
    if field is not None and field.is_relation:
        return related.get(value, f"#{value}")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DecimalField):
        try:
            return formatting.number(Decimal(str(value)), field.decimal_places)
        except InvalidOperation:
            return str(value)
    if isinstance(value, int | float | Decimal):
        return formatting.number(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v, None, related)}" for k, v in value.items())
    return _shown_text(str(value))


def _related_names(entries: Sequence[AuditEntry]) -> dict[tuple[str, str], dict[Any, str]]:
    """The names of the rows that entries point to, one query per related model."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    targets: dict[tuple[str, str], type[models.Model]] = {}
    for entry in entries:
        model = _model(entry.object_type)
        for key, value in {**(entry.before or {}), **(entry.after or {})}.items():
            field = _field(model, key)
            if field is None or not field.is_relation or field.related_model is None:
                continue
            target = field.related_model
            assert isinstance(target, type)
            targets[(entry.object_type, key)] = target
            wanted[target].update(value if isinstance(value, list) else [value])
    names = {
        model: {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=pks - {None})}
        for model, pks in wanted.items()
    }
    return {spot: names[target] for spot, target in targets.items()}


def log_lines(entries: Iterable[AuditEntry]) -> list[LogLine]:
    """Entries as the log page shows them: the action's name and each changed field."""
    entries = list(entries)
    related = _related_names(entries)
    lines = []
    for entry in entries:
        model = _model(entry.object_type)
        before, after = entry.before or {}, entry.after or {}
        changes = []
        for key in dict.fromkeys([*before, *after]):
            if key in before and key in after and before[key] == after[key]:
                continue
            field = _field(model, key)
            label = field.verbose_name if field is not None else KEY_LABELS.get(key, key)
            names = related.get((entry.object_type, key), {})
            changes.append(
                Change(
                    label=str(label),
                    before=_shown(before[key], field, names) if key in before else None,
                    after=_shown(after[key], field, names) if key in after else None,
                )
            )
        lines.append(LogLine(entry=entry, action=action_label(entry.action), changes=changes))
    return lines
