"""Writes on opinions: drafting, signing, corrections and telling the patient.

A signed version is a medical-legal document: it never changes. Its content hash and
PDF are fixed at signing; a correction is a new version that names what it supersedes
and why. Every write here records a timeline event (summaries stay free of clinical
detail, since the patient's portal may show them) and an audit row in its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from secondlook.accounts.models import User
from secondlook.accounts.selectors import program_current
from secondlook.audit.choices import AuditAction
from secondlook.audit.services import audit_record
from secondlook.cases.choices import CaseStatus, EventKind, TaskKind
from secondlook.cases.models import Case, Task, TimelineEvent
from secondlook.cases.permissions import can_coordinate, can_write_opinion
from secondlook.cases.services import case_clock_refresh, case_opinion_drafted
from secondlook.core.business_days import add_business_days
from secondlook.core.errors import (
    Conflict,
    PermissionDenied,
    TransitionRefused,
    ValidationFailed,
)
from secondlook.review.choices import (
    Concordance,
    DiagnosisVerdict,
    Modality,
    SupportiveNeed,
    WorkupTest,
)
from secondlook.review.documents import (
    has_structured_content,
    opinion_content_sha256,
    opinion_pdf_delete,
    opinion_pdf_render,
    opinion_pdf_store,
)
from secondlook.review.models import CorrectionDelivery, OpinionVersion, PlanChange
from secondlook.review.selectors import (
    PATIENT_OPINION_STATUSES,
    opinion_delivered_latest,
    opinion_latest,
)
from secondlook.review.summary import opinion_summaries
from secondlook.scheduling.selectors import walkthrough_ahead_for
from secondlook.therapies.models import KnowledgeVersion
from secondlook.therapies.selectors import knowledge_version_current, options_chosen_for


@dataclass(frozen=True)
class LetterContent:
    """The structured part of an opinion; list fields hold keys of review.choices."""

    concordance: str = ""
    concordance_reason: str = ""
    stage: str = ""
    recommended_plan: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    tests_recommended: tuple[str, ...] = ()
    supportive_care: tuple[str, ...] = ()
    evidence: str = ""
    trials: str = ""
    board_consensus: str = ""

    def cleaned(self) -> dict[str, object]:
        """Validated field values; unknown keys are refused with a readable message."""
        checks = (
            ("recommended_plan", Modality, "treatment"),
            ("alternatives", Modality, "treatment"),
            ("tests_recommended", WorkupTest, "test"),
            ("supportive_care", SupportiveNeed, "supportive care"),
        )
        values: dict[str, object] = {}
        for field, choices, what in checks:
            keys = list(dict.fromkeys(getattr(self, field)))
            unknown = [key for key in keys if key not in choices.values]
            if unknown:
                raise ValidationFailed(f"Unknown {what}: {', '.join(unknown)}.")
            values[field] = keys
        if self.concordance and self.concordance not in Concordance.values:
            raise ValidationFailed("Choose none, minor or major for concordance.")
        for field in ("concordance", "concordance_reason", "stage", "evidence", "trials"):
            values[field] = getattr(self, field).strip()
        values["board_consensus"] = self.board_consensus.strip()
        return values

    @classmethod
    def of(cls, opinion: OpinionVersion) -> LetterContent:
        """The structured content of a version, to start the next one from."""
        return cls(
            concordance=opinion.concordance,
            concordance_reason=opinion.concordance_reason,
            stage=opinion.stage,
            recommended_plan=tuple(opinion.recommended_plan),
            alternatives=tuple(opinion.alternatives),
            tests_recommended=tuple(opinion.tests_recommended),
            supportive_care=tuple(opinion.supportive_care),
            evidence=opinion.evidence,
            trials=opinion.trials,
            board_consensus=opinion.board_consensus,
        )


class PasswordNotAccepted(ValidationFailed):
    """Re-authentication failed at signing; the page puts it on the password field."""


# (field, label) of the sections a signed opinion must not leave empty.
REQUIRED_SECTIONS = (
    ("diagnosis", "diagnosis"),
    ("recommendations", "recommendations"),
    ("answers", "answers to the patient's questions"),
)


def _event(*, case: Case, actor: User | None, summary: str, reason: str = "") -> None:
    TimelineEvent.objects.create(
        case=case, actor=actor, kind=EventKind.OPINION, summary=summary, reason=reason
    )


def _audit(*, actor: User, action: str, opinion: OpinionVersion, purpose: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=opinion,
        case_reference=opinion.case.reference,
        purpose=purpose,
    )


def _locked_case(case: Case) -> Case:
    """Re-read the case under a row lock: one opinion write per case at a time, so two
    saves cannot both create version 1 or both start a correction."""
    return Case.objects.select_for_update().select_related("patient", "site").get(pk=case.pk)


def _require_writer(actor: User, case: Case) -> None:
    if not can_write_opinion(actor, case):
        raise PermissionDenied("Only the case's attending reviewer writes its opinion.")
    if case.status == CaseStatus.CANCELLED:
        raise TransitionRefused(f"Case {case.reference} was cancelled; its opinion is closed.")


def _deliver_task_due(case: Case) -> datetime:
    """The running SLA deadline, else one business day: once delivered no clock runs, and
    a patient holding an opinion we know to be wrong, or not told it is ready, must not wait."""
    if case.sla_due_at is not None:
        return case.sla_due_at
    program = program_current()
    return add_business_days(
        timezone.now(),
        1,
        country=program.holiday_country if program else "US",
        subdivision=(program.holiday_subdivision or None) if program else None,
    )


def _open_deliver_task(case: Case, *, correction_after_delivery: bool) -> None:
    """One open delivery task per case: a version re-signed before delivery reuses it.

    A patient with a booked visit is handed the signed opinion at the plan walkthrough,
    so the task is due when it starts. A correction to an opinion already delivered is
    not held back for a walkthrough: the patient must not keep a wrong opinion.
    """
    if Task.objects.filter(
        case=case, kind=TaskKind.DELIVER_OPINION, completed_at__isnull=True
    ).exists():
        return
    walkthrough = None if correction_after_delivery else walkthrough_ahead_for(case=case)
    if correction_after_delivery:
        title = "Deliver the corrected opinion to the patient"
    elif walkthrough is not None:
        title = "Deliver the signed opinion at the plan walkthrough"
    else:
        title = TaskKind.DELIVER_OPINION.label
    Task.objects.create(
        case=case,
        kind=TaskKind.DELIVER_OPINION,
        title=title,
        assignee=case.navigator,
        due_at=walkthrough or _deliver_task_due(case),
    )


def _complete_tasks(case: Case, actor: User, kinds: tuple[str, ...]) -> None:
    Task.objects.filter(case=case, kind__in=kinds, completed_at__isnull=True).update(
        completed_at=timezone.now(), completed_by=actor
    )


def _options_snapshot(case: Case) -> tuple[list[dict[str, object]], KnowledgeVersion | None]:
    """The options the attending chose, as the letter prints them, and the knowledge-base
    version the opinion used: the newest one an option was chosen from, else the version
    current while drafting (the options list the attending read came from it)."""
    chosen = list(options_chosen_for(case))
    options = [
        {
            "category": option.category,
            "category_label": option.get_category_display(),
            "label": option.label,
            "therapies": list(option.therapies),
            "evidence_level": option.evidence_level,
            "evidence_label": option.get_evidence_level_display(),
            "why": option.why,
            "source": option.source,
            "entry_key": option.entry_key,
            "knowledge_version": option.knowledge_version.number,
            "note": option.note,
        }
        for option in chosen
    ]
    versions = [option.knowledge_version for option in chosen]
    version = max(versions, key=lambda v: v.number) if versions else knowledge_version_current()
    return options, version


def opinion_options_refresh(*, case: Case) -> OpinionVersion | None:
    """Copy the case's chosen options into its open draft; called when one is chosen or
    withdrawn, inside that write's transaction.

    A signed version's options are part of what was signed: once the newest version is
    signed, options change only after a correction (or follow-up revision) is started,
    and then only in that new draft. Before any draft exists they are kept on the case
    and copied when the first draft is saved.
    """
    latest = OpinionVersion.objects.select_for_update().filter(case=case).order_by("-number")
    opinion = latest.first()
    if opinion is None:
        return None
    if opinion.is_signed:
        raise Conflict(
            f"Opinion version {opinion.number} is signed, and its treatment options with it. "
            "Start a correction (or a follow-up revision) of the opinion first; the change "
            "then goes into that new version."
        )
    opinion.chosen_options, opinion.knowledge_version = _options_snapshot(case)
    opinion.save(update_fields=["chosen_options", "knowledge_version", "updated_at"])
    return opinion


def _plan_change_cleaned(plan_change: str) -> str:
    if plan_change and plan_change not in PlanChange.values:
        raise ValidationFailed(
            "Say whether the outside plan is confirmed, changed, or there was none."
        )
    return plan_change


@transaction.atomic
def opinion_draft_save(
    *,
    actor: User,
    case: Case,
    verdict: str,
    diagnosis: str,
    recommendations: str,
    answers: str,
    correction_reason: str = "",
    letter: LetterContent | None = None,
    plan_change: str | None = None,
    what_changed: str | None = None,
) -> OpinionVersion:
    """Save the attending's draft; the first save moves the case to OPINION_DRAFTED.

    `letter` carries the structured content (concordance, stage, plan and alternatives,
    tests, supportive care, evidence, trials, board consensus) that the clinician letter
    prints and the patient summary is generated from. `None` keeps what the newest
    version holds (a correction starts from the signed content), so a caller that
    changes only the text never wipes the rest. The same goes for `plan_change` (the
    attending's verdict on the outside treatment plan) and `what_changed` (a correction's
    or revision's summary of what differs from the version it supersedes). The options
    the attending chose from the matcher, and the knowledge-base version, are copied
    from the case on every save.

    - no version yet: version 1 is created and the case transition runs (it refuses
      unless the case is under review or has its visit scheduled);
    - newest version is a draft: it is updated in place;
    - newest version is signed: this is a correction, a new version superseding it,
      and the reason is required. The case does not move; if the patient already has
      the opinion, the navigator delivers the signed correction with
      `opinion_correction_deliver`.

    Drafts may leave sections empty; signing checks that none is.
    """
    case = _locked_case(case)
    _require_writer(actor, case)
    if verdict not in DiagnosisVerdict.values:
        raise ValidationFailed("Choose whether the diagnosis is confirmed, changed or refined.")
    correction_reason = correction_reason.strip()
    latest = opinion_latest(case=case)
    if letter is None:
        letter = LetterContent.of(latest) if latest is not None else LetterContent()
    chosen_options, knowledge_version = _options_snapshot(case)
    content = {
        "verdict": verdict,
        "diagnosis": diagnosis.strip(),
        "recommendations": recommendations.strip(),
        "answers": answers.strip(),
        **letter.cleaned(),
        "chosen_options": chosen_options,
        "knowledge_version": knowledge_version,
        "plan_change": _plan_change_cleaned(plan_change)
        if plan_change is not None
        else (latest.plan_change if latest is not None else ""),
    }
    if what_changed is not None:
        content["what_changed"] = what_changed.strip()
    elif latest is not None and not latest.is_signed:
        content["what_changed"] = latest.what_changed

    if latest is None:
        opinion = OpinionVersion.objects.create(case=case, number=1, author=actor, **content)
        case_opinion_drafted(actor=actor, case=case, reason="First opinion draft saved")
        _event(case=case, actor=actor, summary="Opinion draft started (version 1)")
        _audit(actor=actor, action=AuditAction.CREATE, opinion=opinion, purpose="opinion draft")
        return opinion

    if not latest.is_signed:
        if latest.is_correction and not correction_reason:
            raise ValidationFailed(
                f"Say why version {latest.number - 1} needs correcting: the reason is required."
            )
        for field, value in content.items():
            setattr(latest, field, value)
        if latest.is_correction:
            latest.correction_reason = correction_reason
        latest.save()
        _event(case=case, actor=actor, summary=f"Opinion draft saved (version {latest.number})")
        _audit(actor=actor, action=AuditAction.UPDATE, opinion=latest, purpose="opinion draft")
        return latest

    if not correction_reason:
        raise ValidationFailed(
            f"Version {latest.number} is signed and cannot change. To correct it, say why: "
            "the correction becomes a new version that supersedes it."
        )
    opinion = OpinionVersion.objects.create(
        case=case,
        number=latest.number + 1,
        author=actor,
        supersedes=latest,
        correction_reason=correction_reason,
        **content,
    )
    _event(
        case=case,
        actor=actor,
        summary=f"Correction of opinion version {latest.number} started (version {opinion.number})",
        reason=correction_reason,
    )
    _audit(actor=actor, action=AuditAction.CREATE, opinion=opinion, purpose="opinion correction")
    # An unsigned correction before delivery is the specialist's move again.
    case_clock_refresh(case)
    case.save(update_fields=["sla_clock", "sla_due_at", "waiting_on", "updated_at"])
    return opinion


def _check_signable(opinion: OpinionVersion, case: Case) -> None:
    latest = opinion_latest(case=case)
    if opinion.is_signed:
        raise Conflict(
            f"Opinion version {opinion.number} is already signed and cannot change; "
            "write a correction instead."
        )
    if latest is None or latest.pk != opinion.pk:
        raise Conflict(
            f"Version {opinion.number} is no longer the newest; open the newest version to sign."
        )
    missing = [label for field, label in REQUIRED_SECTIONS if not getattr(opinion, field).strip()]
    if missing:
        raise ValidationFailed(f"Complete the opinion before signing: add {', '.join(missing)}.")
    if opinion.is_correction and not opinion.correction_reason.strip():
        raise ValidationFailed("A correction needs its reason before it is signed.")
    if not opinion.plan_change:
        raise ValidationFailed(
            "Say whether the opinion confirms the outside treatment plan, changes it, or "
            "there was no outside plan, before signing."
        )


def opinion_sign(*, actor: User, opinion: OpinionVersion, password: str) -> OpinionVersion:
    """The attending signs the newest, complete draft after re-entering their password.

    Signing fixes the content hash and renders and stores the PDF; the row and the file
    are written together: if the database write fails the file is removed, so there is
    never a PDF without its signed row. A failed password is audited (outside the
    transaction, so the refusal itself is kept) and nothing is signed.

    Not wrapped in @transaction.atomic as a whole, unlike other services: the file must
    be cleaned up after the database has refused, which only code outside the atomic
    block can see.
    """
    case = opinion.case
    if not can_write_opinion(actor, case):
        raise PermissionDenied("Only the case's attending reviewer signs its opinion.")
    if not actor.check_password(password):
        audit_record(
            actor=actor,
            action=AuditAction.DENIED,
            target=opinion,
            case_reference=case.reference,
            purpose="signature: password not accepted",
        )
        raise PasswordNotAccepted("Password not accepted; the opinion was not signed.")

    storage_name = ""
    try:
        with transaction.atomic():
            case = _locked_case(case)
            _require_writer(actor, case)
            opinion = OpinionVersion.objects.select_related("supersedes").get(pk=opinion.pk)
            _check_signable(opinion, case)
            delivered_before = case.status in PATIENT_OPINION_STATUSES

            opinion.case = case
            if has_structured_content(opinion):
                summaries = opinion_summaries(opinion)
                opinion.patient_summary_en = summaries["en"].summary.as_text()
                opinion.patient_summary_es = summaries["es"].summary.as_text()
                opinion.summary_grade_en = summaries["en"].readability.grade
                opinion.summary_grade_es = summaries["es"].readability.grade
            opinion.signed_by = actor
            opinion.signed_at = timezone.now()
            opinion.content_sha256 = opinion_content_sha256(opinion)
            storage_name = opinion_pdf_store(opinion_pdf_render(opinion))
            opinion.pdf_storage_name = storage_name
            opinion.save()

            _event(
                case=case,
                actor=actor,
                summary=f"Opinion version {opinion.number} signed by {actor.display_name}",
            )
            _audit(actor=actor, action=AuditAction.SIGN, opinion=opinion, purpose="signature")
            _complete_tasks(case, actor, (TaskKind.REVIEW,))
            _open_deliver_task(case, correction_after_delivery=delivered_before)
            # A signed opinion awaiting delivery is the navigator's move, not the signer's.
            case_clock_refresh(case)
            case.save(update_fields=["sla_clock", "sla_due_at", "waiting_on", "updated_at"])
    except BaseException:
        if storage_name:
            opinion_pdf_delete(storage_name)
        raise
    return opinion


@transaction.atomic
def opinion_correction_deliver(
    *, actor: User, opinion: OpinionVersion, note: str = ""
) -> OpinionVersion:
    """The navigator releases a signed correction to a patient who already had an opinion.

    Until then the patient keeps reading the version delivered before, so nobody learns
    of a changed opinion from a portal download without their navigator. The first
    delivery is the case transition (cases.services.case_opinion_deliver), not this.
    """
    case = _locked_case(opinion.case)
    if not can_coordinate(actor, case):
        raise PermissionDenied("Only the case's own navigator (or a program admin) delivers it.")
    if case.status not in PATIENT_OPINION_STATUSES:
        raise TransitionRefused(
            f"Case {case.reference} has not had its opinion delivered yet: deliver it with "
            "the case's 'Deliver to patient' step."
        )
    opinion = OpinionVersion.objects.select_related("supersedes").get(pk=opinion.pk)
    latest = opinion_latest(case=case)
    if latest is None or latest.pk != opinion.pk or not opinion.is_signed:
        raise TransitionRefused("Only the newest version, once signed, can be delivered.")
    delivered = opinion_delivered_latest(case=case)
    if delivered is not None and delivered.pk == opinion.pk:
        raise Conflict(f"Version {opinion.number} has already been delivered to the patient.")

    CorrectionDelivery.objects.create(opinion=opinion, delivered_by=actor, note=note.strip())
    _event(
        case=case,
        actor=actor,
        summary=f"Corrected opinion (version {opinion.number}) delivered to the patient",
        reason=note.strip(),
    )
    _audit(actor=actor, action=AuditAction.UPDATE, opinion=opinion, purpose="correction delivery")
    _complete_tasks(case, actor, (TaskKind.DELIVER_OPINION,))

    from secondlook.review.tasks import notify_opinion_delivered

    case_id = case.pk
    transaction.on_commit(lambda: notify_opinion_delivered(case_id))
    return opinion


def opinion_delivery_notify(*, case_id: int) -> None:
    """E-mail the patient that their opinion is ready to read in the portal.

    The message holds no diagnosis and no clinical detail (e-mail is not a secure
    channel), only a link to the portal, where reading requires logging in. Runs in a
    retried job: a retry happens only when sending raised, so at worst the patient
    receives one duplicate notice, which discloses nothing; we accept that rather than
    a bookkeeping table.
    """
    case = Case.objects.select_related("patient", "site").filter(pk=case_id).first()
    if case is None:
        return
    opinion = opinion_delivered_latest(case=case)
    email = case.patient.email
    if opinion is None or not email:
        return
    # "Updated" only when it replaces an opinion the patient already had.
    updated = CorrectionDelivery.objects.filter(opinion=opinion).exists()
    program = program_current()
    portal_url = f"{settings.SECONDLOOK_SITE_URL.rstrip('/')}{reverse('portal:home')}"
    message = render_to_string(
        "review/email/opinion_ready.txt",
        {
            "first_name": case.patient.first_name,
            "program": program,
            "portal_url": portal_url,
            "updated": updated,
            "phone": case.site.phone or (program.phone if program else ""),
        },
    )
    send_mail(
        subject="An updated second opinion is ready in your portal"
        if updated
        else "Your second opinion is ready in your portal",
        message=message,
        from_email=None,
        recipient_list=[email],
    )
    _event(case=case, actor=None, summary="Patient e-mailed that the opinion is ready")


@transaction.atomic
def opinion_delivery_notify_failed(*, case_id: int) -> None:
    """The notice could not be sent after every retry: the navigator tells the patient."""
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return
    _event(case=case, actor=None, summary="E-mail to the patient that the opinion is ready failed")
    Task.objects.create(
        case=case,
        kind=TaskKind.OTHER,
        title="Tell the patient their opinion is ready (the e-mail could not be sent)",
        assignee=case.navigator,
        due_at=_deliver_task_due(case),
    )
