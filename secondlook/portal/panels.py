"""Portal panels on the staff case page: messages with the patient, referring upload links."""

from __future__ import annotations

from secondlook.accounts.models import User
from secondlook.cases.models import Case
from secondlook.cases.permissions import can_coordinate
from secondlook.portal.forms import MessageForm
from secondlook.portal.selectors import message_thread_for_staff


def staff_messages_panel(user: User, case: Case) -> dict[str, object] | None:
    if not user.is_clinic_staff:
        return None
    thread = message_thread_for_staff(user=user, case=case)
    can_reply = can_coordinate(user, case)
    if not thread and not can_reply:
        return None
    unread = [message for message in thread if message.from_patient and message.read_at is None]
    return {
        "thread": thread[-20:],
        "unread_count": len(unread),
        "reply_form": MessageForm() if can_reply else None,
    }


def staff_referring_links_panel(user: User, case: Case) -> dict[str, object] | None:
    """The navigator issues and revokes upload links; others do not see the links."""
    from secondlook.portal.referring import referring_link_url, referring_links_active

    if not user.is_clinic_staff or not case.is_open or not can_coordinate(user, case):
        return None
    return {
        "links": [
            {"link": link, "url": referring_link_url(link)}
            for link in referring_links_active(case=case)
        ]
    }
