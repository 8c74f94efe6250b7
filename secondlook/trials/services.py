"""Writes on the trial registry, matches and referrals.

Import upserts trials from ClinicalTrials.gov records (file or API) and re-parses their
criteria; a refresh queues re-matching of open cases once it commits. Matching a case
replaces its TrialMatch rows in one transaction, so the panel never shows half a run.
Referral changes are navigator work: checked, audited, on the case timeline, with a
history row each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from secondlook.accounts.choices import Role
from secondlook.accounts.models import Site, User
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import EventKind
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate
from secondlook.cases.services import case_event_record
from secondlook.core.errors import PermissionDenied, ValidationFailed
from secondlook.oncology.selectors import case_diagnosis_facts
from secondlook.trials import registry
from secondlook.trials.choices import ReferralStatus, TrialSource, TrialStatus
from secondlook.trials.criteria import parse_eligibility
from secondlook.trials.ctgov import (
    CtgovClient,
    StudyQuery,
    TrialRecord,
    record_from_study,
    studies_in_file,
)
from secondlook.trials.matching import MatchRequest
from secondlook.trials.models import (
    Criterion,
    Trial,
    TrialLocation,
    TrialMatch,
    TrialMatchRun,
    TrialReferral,
    TrialReferralEvent,
)

MATCHES_KEPT = 25


@dataclass(frozen=True)
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _criteria_rows(trial: Trial) -> list[Criterion]:
    return [
        Criterion(
            trial=trial,
            kind=parsed.kind,
            order=parsed.order,
            text=parsed.text,
            checks=[check.as_json() for check in parsed.checks],
        )
        for parsed in parse_eligibility(trial.eligibility_text)
    ]


def _store_record(record: TrialRecord, *, source: str) -> str:
    """Create or update one trial; 'created', 'updated' or 'unchanged'."""
    existing = Trial.objects.filter(nct_id=record.nct_id).first()
    if existing is not None and existing.last_update and existing.last_update == record.last_update:
        return "unchanged"
    status = (
        record.overall_status
        if record.overall_status in TrialStatus.values
        else TrialStatus.UNKNOWN
    )
    fields = {
        "source": source,
        "brief_title": record.brief_title[:500],
        "official_title": record.official_title,
        "summary": record.summary,
        "conditions": list(record.conditions),
        "keywords": list(record.keywords),
        "phases": list(record.phases),
        "overall_status": status,
        "study_type": record.study_type,
        "interventions": list(record.interventions),
        "minimum_age": record.minimum_age,
        "maximum_age": record.maximum_age,
        "sex": record.sex if record.sex in ("ALL", "FEMALE", "MALE") else "ALL",
        "healthy_volunteers": record.healthy_volunteers,
        "eligibility_text": record.eligibility_text,
        "last_update": record.last_update,
        "contact_name": record.contact_name[:200],
        "contact_phone": record.contact_phone[:60],
        "contact_email": record.contact_email[:200],
    }
    trial, created = Trial.objects.update_or_create(nct_id=record.nct_id, defaults=fields)
    trial.locations.all().delete()
    trial.criteria.all().delete()
    TrialLocation.objects.bulk_create(
        TrialLocation(
            trial=trial,
            facility=loc.facility[:300],
            city=loc.city[:120],
            state=loc.state[:120],
            zip=loc.zip[:20],
            country=loc.country[:120],
            status=loc.status[:32],
            latitude=loc.latitude,
            longitude=loc.longitude,
            contact_name=loc.contact_name[:200],
            contact_phone=loc.contact_phone[:60],
            contact_email=loc.contact_email[:200],
        )
        for loc in record.locations
    )
    Criterion.objects.bulk_create(_criteria_rows(trial))
    return "created" if created else "updated"


def _queue_rematch() -> None:
    from secondlook.trials.tasks import rematch_open_cases

    rematch_open_cases()


@transaction.atomic
def trial_records_import(
    *, records: Iterable[TrialRecord], actor: User | None = None, source: str = TrialSource.CTGOV
) -> ImportSummary:
    """Upsert the records; a trial whose last update date has not moved is left alone."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for record in records:
        counts[_store_record(record, source=source)] += 1
    summary = ImportSummary(**counts)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="trials.registry",
        object_id=f"{summary.created} new, {summary.updated} updated",
        purpose="trial registry import",
    )
    if summary.created or summary.updated:
        transaction.on_commit(_queue_rematch)
    return summary


def trials_import_file(*, path: Path, actor: User | None = None) -> ImportSummary:
    """Bulk import from a downloaded v2 file (studies page, list, single study or JSONL)."""
    return trial_records_import(
        records=(record_from_study(s) for s in studies_in_file(path)), actor=actor
    )


def trials_import_query(
    *,
    client: CtgovClient,
    condition: str = "",
    statuses: tuple[str, ...] = (),
    location: str = "",
    updated_since: date | None = None,
    max_pages: int | None = None,
    actor: User | None = None,
) -> ImportSummary:
    """Read the API first (it may fail half-way), then store everything in one transaction."""
    query = StudyQuery(
        condition=condition, statuses=statuses, location=location, updated_since=updated_since
    )
    studies = list(client.studies(query, max_pages=max_pages))
    return trial_records_import(records=(record_from_study(s) for s in studies), actor=actor)


def _require_site_staff(actor: User, site: Site) -> None:
    if actor.role == Role.PROGRAM_ADMIN:
        return
    if actor.role == Role.PATIENT or not actor.sites.filter(pk=site.pk).exists():
        raise PermissionDenied("Only staff of this site can change its trials.")


@transaction.atomic
def trial_local_create(
    *,
    actor: User,
    site: Site,
    title: str,
    summary: str,
    conditions: list[str],
    eligibility_text: str,
    minimum_age: str = "",
    maximum_age: str = "",
    sex: str = "ALL",
    overall_status: str = TrialStatus.RECRUITING,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
) -> Trial:
    """A site's own study (not on ClinicalTrials.gov yet), marked as run at that site."""
    _require_site_staff(actor, site)
    if not title.strip():
        raise ValidationFailed("Give the trial a title.")
    number = Trial.objects.filter(source=TrialSource.LOCAL).count() + 1
    nct_id = f"LOCAL-{site.code.upper()}-{number:04d}"
    while Trial.objects.filter(nct_id=nct_id).exists():
        number += 1
        nct_id = f"LOCAL-{site.code.upper()}-{number:04d}"
    trial = Trial.objects.create(
        nct_id=nct_id,
        source=TrialSource.LOCAL,
        brief_title=title.strip(),
        summary=summary,
        conditions=conditions,
        eligibility_text=eligibility_text,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        sex=sex,
        overall_status=overall_status,
        study_type="INTERVENTIONAL",
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        added_by=actor,
    )
    Criterion.objects.bulk_create(_criteria_rows(trial))
    coordinates = getattr(site, "coordinates", None)
    TrialLocation.objects.create(
        trial=trial,
        facility=site.name,
        status=overall_status,
        latitude=coordinates.latitude if coordinates else None,
        longitude=coordinates.longitude if coordinates else None,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
    )
    trial.run_at_sites.add(site)
    audit_record(actor=actor, action=AuditAction.CREATE, target=trial, purpose="local trial added")
    transaction.on_commit(_queue_rematch)
    return trial


@transaction.atomic
def trial_site_runs_set(*, actor: User, trial: Trial, site: Site, runs: bool) -> None:
    """Mark whether a site runs this trial (its navigators see it flagged as ours)."""
    _require_site_staff(actor, site)
    if runs:
        trial.run_at_sites.add(site)
    else:
        trial.run_at_sites.remove(site)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=trial,
        purpose=f"{'runs' if runs else 'does not run'} at {site.code}",
    )


@transaction.atomic
def case_trials_match(*, case: Case, actor: User | None = None) -> TrialMatchRun:
    """Match the case against the whole registry and keep the best trials with their reasons."""
    facts = case_diagnosis_facts(case=case)
    index, version = registry.current_index()
    request = MatchRequest(
        facts=facts,
        text=case.outside_diagnosis,
        origins=registry.case_origins(case),
        own_trials=frozenset(case.site.trials_run.values_list("nct_id", flat=True)),
        limit=MATCHES_KEPT,
    )
    results = index.match(request)
    trials = Trial.objects.in_bulk([r.nct_id for r in results], field_name="nct_id")
    TrialMatch.objects.filter(case=case).delete()
    TrialMatch.objects.bulk_create(
        TrialMatch(
            case=case,
            trial=trials[r.nct_id],
            rank=r.rank,
            score=r.score,
            verdict=r.verdict,
            distance_km=r.distance_km,
            nearest_site=registry.site_json(r.nearest_site),
            criteria=[registry.criterion_json(row) for row in r.criteria],
        )
        for r in results
        if r.nct_id in trials
    )
    run = TrialMatchRun.objects.create(
        case=case,
        facts_fingerprint=registry.facts_fingerprint(facts, case.patient.postal_code),
        registry_version=version,
        trials_considered=len(index.documents),
        requested_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="trials.trialmatchrun",
        object_id=str(run.pk),
        case_reference=case.reference,
        purpose="trial matching",
    )
    if actor is not None:
        case_event_record(
            case=case,
            actor=actor,
            kind=EventKind.NOTE,
            summary=f"Trial matching re-run: {len(results)} trials listed",
        )
    return run


@transaction.atomic
def trial_referral_record(
    *, actor: User, case: Case, trial: Trial, status: str, reason: str = ""
) -> TrialReferral:
    """The navigator's step on a trial for this patient; declining needs a reason."""
    if not can_coordinate(actor, case):
        raise PermissionDenied(
            "Only the case's navigator or a program admin records trial referrals."
        )
    if status not in ReferralStatus.values:
        raise ValidationFailed("Choose discussed, referred, screening, enrolled or declined.")
    reason = reason.strip()
    if status == ReferralStatus.DECLINED and not reason:
        raise ValidationFailed(
            "Say why the trial was declined (for example: patient prefers standard care)."
        )
    referral, _ = TrialReferral.objects.select_for_update().get_or_create(
        case=case, trial=trial, defaults={"status": status, "reason": reason, "updated_by": actor}
    )
    referral.status = status
    referral.reason = reason
    referral.updated_by = actor
    referral.save()
    TrialReferralEvent.objects.create(referral=referral, status=status, reason=reason, actor=actor)
    label = ReferralStatus(status).label.lower()
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.NOTE,
        summary=f"Trial {trial.nct_id}: {label}",
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=referral,
        case_reference=case.reference,
        purpose=f"trial referral {status}",
    )
    return referral
