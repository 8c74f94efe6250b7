"""A record that arrives after the opinion is a new result: the navigator gets a task and
the attending a task and a content-free e-mail; before delivery nothing extra happens."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from secondlook.cases.choices import CaseStatus, TaskKind
from secondlook.cases.models import Case, Task
from secondlook.core.testing import Personas
from secondlook.records import services
from secondlook.records.choices import DocumentSource
from secondlook.records.tests import samples


def _to(personas: Personas, status: str) -> Case:
    Case.objects.filter(pk=personas.pat_case.pk).update(
        status=status, reviewer=personas.olivia, opinion_delivered_at=timezone.now()
    )
    return Case.objects.get(pk=personas.pat_case.pk)


@pytest.mark.parametrize("status", [CaseStatus.FOLLOW_UP, CaseStatus.OPINION_DELIVERED])
def test_patient_upload_after_the_opinion_creates_tasks_and_tells_the_attending(
    personas: Personas, status: str, django_capture_on_commit_callbacks: object
) -> None:
    case = _to(personas, status)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        document = services.document_upload(
            actor=personas.pat,
            case=case,
            uploaded=samples.upload("new-scan.pdf", samples.pdf_bytes(1)),
            kind="radiology",
        )

    assert document.source == DocumentSource.PATIENT
    tasks = Task.objects.filter(case=case, kind=TaskKind.FOLLOW_UP, completed_at__isnull=True)
    assert {task.assignee for task in tasks} == {personas.nina, personas.olivia}
    assert all(f"record #{document.pk}" in task.title for task in tasks)
    assert [message.to for message in mail.outbox] == [[personas.olivia.email]]
    assert case.reference in mail.outbox[0].body
    assert "new-scan" not in mail.outbox[0].body and "radiology" not in mail.outbox[0].body


def test_upload_before_the_opinion_creates_no_follow_up_task(personas: Personas) -> None:
    services.document_upload(
        actor=personas.nina,
        case=personas.pat_case,
        uploaded=samples.upload("path.pdf", samples.pdf_bytes(1)),
        kind="pathology",
    )

    assert not Task.objects.filter(case=personas.pat_case, kind=TaskKind.FOLLOW_UP).exists()


def test_staff_upload_is_marked_as_the_care_teams(personas: Personas) -> None:
    document = services.document_upload(
        actor=personas.nina,
        case=personas.pat_case,
        uploaded=samples.upload("path.pdf", samples.pdf_bytes(1)),
        kind="pathology",
    )

    assert document.source == DocumentSource.CARE_TEAM
