"""Tumor board pages: sessions, the agenda (htmx reorder), presentation, decisions, export.

Thin: each view checks the user may see the session, calls one service or selector and
renders. The reorder buttons are plain forms that htmx posts, swapping the agenda in
place; without JavaScript they post and reload the page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from secondlook.accounts.choices import Role
from secondlook.accounts.models import User
from secondlook.core.errors import ApplicationError, NotFound
from secondlook.review import board_selectors, board_services, team_selectors
from secondlook.review.forms import BoardSessionForm, ConsensusForm, DissentForm
from secondlook.review.models import BoardAgendaItem, BoardSession
from secondlook.review.permissions import can_plan_board, can_run_board
from secondlook.review.views import staff_required


def _session(request: HttpRequest, pk: int) -> BoardSession:
    try:
        return board_selectors.board_session_get_for(user=request.user, session_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _item(request: HttpRequest, pk: int) -> BoardAgendaItem:
    try:
        return board_selectors.board_item_get_for(user=request.user, item_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _session_form(request: HttpRequest) -> BoardSessionForm:
    teams = team_selectors.disease_teams_for(user=request.user)
    chairs = User.objects.filter(
        is_active=True,
        role__in=[Role.TUMOR_BOARD_CHAIR, Role.SPECIALIST],
        sites__in=teams.values("site"),
    ).distinct()
    return BoardSessionForm(request.POST or None, teams=teams, chairs=chairs)


@staff_required
@require_http_methods(["GET", "POST"])
def board_sessions(request: HttpRequest) -> HttpResponse:
    form = _session_form(request) if can_plan_board(request.user) else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            session = board_services.board_session_create(
                actor=request.user,
                team=data["team"],
                starts_at=data["starts_at"],
                chair=data["chair"],
                place=data["place"],
                video_link=data["video_link"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Board session planned.")
            return redirect("review:board_session", pk=session.pk)
    return render(
        request,
        "review/board_sessions.html",
        {"sessions": board_selectors.board_sessions_for(user=request.user)[:50], "form": form},
        status=400 if form is not None and form.errors else 200,
    )


def _session_context(request: HttpRequest, session: BoardSession) -> dict[str, object]:
    items = list(board_selectors.agenda_items(user=request.user, session=session))
    attendees = session.attendees.all()
    site_staff = (
        session.team.site.staff.filter(is_active=True)
        .exclude(role=Role.PATIENT)
        .order_by("last_name", "first_name")
    )
    return {
        "session": session,
        "items": items,
        "is_chair": can_run_board(request.user, session.chair_id),
        "attendee_ids": {user.pk for user in attendees},
        "site_staff": site_staff,
    }


@staff_required
@require_GET
def board_session(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    return render(request, "review/board_session.html", _session_context(request, session))


def _run(
    request: HttpRequest,
    session: BoardSession,
    action: Callable[[], object],
    done: str,
    item: BoardAgendaItem | None = None,
) -> HttpResponse:
    """Run one service, show its result, and go back to the agenda (or to the case)."""
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    if item is not None:
        return redirect("review:board_presentation", pk=item.pk)
    return redirect("review:board_session", pk=session.pk)


@staff_required
@require_POST
def board_agenda_build(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    return _run(
        request,
        session,
        lambda: board_services.board_agenda_build(actor=request.user, session=session),
        "Agenda updated with the cases ready for board.",
    )


@staff_required
@require_POST
def board_start(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    return _run(
        request,
        session,
        lambda: board_services.board_session_start(actor=request.user, session=session),
        "Session started.",
    )


@staff_required
@require_POST
def board_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    return _run(
        request,
        session,
        lambda: board_services.board_session_close(actor=request.user, session=session),
        "Session closed.",
    )


@staff_required
@require_POST
def board_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    ids = [int(v) for v in request.POST.getlist("attendees") if v.isdigit()]
    attendees = list(User.objects.filter(pk__in=ids))
    return _run(
        request,
        session,
        lambda: board_services.board_attendance_record(
            actor=request.user, session=session, attendees=attendees
        ),
        f"Attendance recorded: {len(attendees)} present.",
    )


@staff_required
@require_POST
def board_item_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    """htmx swaps the agenda list in place; a plain post reloads the page."""
    item = _item(request, pk)
    session = item.session
    try:
        board_services.board_item_move(actor=request.user, item=item, direction=direction)
    except ApplicationError as exc:
        if request.headers.get("HX-Request"):
            return HttpResponse(exc.message, status=exc.status_code)
        messages.error(request, exc.message)
    if request.headers.get("HX-Request"):
        return render(
            request, "review/partials/board_agenda.html", _session_context(request, session)
        )
    return redirect("review:board_session", pk=session.pk)


@staff_required
@require_GET
def board_presentation(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    context = board_selectors.presentation_for(user=request.user, item=item)
    context["is_chair"] = can_run_board(request.user, item.session.chair_id)
    context["consensus_form"] = ConsensusForm(
        initial={"consensus": item.consensus, "follow_up_actions": item.follow_up_actions},
        prefix=f"item{item.pk}",
    )
    context["dissent_form"] = DissentForm(members=item.session.attendees.all())
    return render(request, "review/board_presentation.html", context)


@staff_required
@require_POST
def board_consensus(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = ConsensusForm(request.POST, prefix=f"item{item.pk}")
    if not form.is_valid():
        messages.error(request, "The consensus is too long (20,000 characters at most).")
        return redirect("review:board_presentation", pk=item.pk)
    return _run(
        request,
        item.session,
        lambda: board_services.board_consensus_record(
            actor=request.user, item=item, **form.cleaned_data
        ),
        f"Consensus recorded for {item.case.reference}.",
        item,
    )


@staff_required
@require_POST
def board_dissent(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = DissentForm(request.POST, members=item.session.attendees.all())
    if not form.is_valid():
        messages.error(request, "Choose a member who attended and give their reason.")
        return redirect("review:board_presentation", pk=item.pk)
    member = form.cleaned_data["member"]
    return _run(
        request,
        item.session,
        lambda: board_services.board_dissent_record(
            actor=request.user, item=item, member=member, reason=form.cleaned_data["reason"]
        ),
        f"Dissent of {member.display_name} recorded for {item.case.reference}.",
        item,
    )


@staff_required
@require_GET
def board_summary(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    data = board_selectors.board_summary_csv(user=request.user, session=session)
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime(session.starts_at).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="tumor-board-{stamp}.csv"'
    response["Cache-Control"] = "no-store, private"
    return response
