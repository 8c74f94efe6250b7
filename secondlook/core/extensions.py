"""Extension points that let each domain app add to shared pages without editing them.

A domain app (trials, scheduling, supportive care…) registers, in its AppConfig.ready(),
a panel for the staff case page or the patient's case page and, if it has a page of its
own, a link in the top navigation. The case pages render every registered panel in
order, so adding a domain never means editing the cases or portal templates. An app may
also ask to act when a case reaches review (the review app proposes the disease team's
reviewers then), or when a visit itinerary is accepted (logistics re-derives lodging
nights then), without the cases or scheduling app importing it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, TypeVar, cast

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from secondlook.accounts.models import User
    from secondlook.cases.models import Case

Audience = Literal["staff", "patient"]
T = TypeVar("T")
PanelContext = Callable[["User", "Case"], "dict[str, object] | None"]


@dataclass(frozen=True)
class CasePanel:
    """A section of a case page: a template and the function that builds its context.

    The context function returns None when the panel has nothing to show this user for
    this case (wrong role, feature not relevant to the case's state).
    """

    name: str
    template: str
    context: PanelContext
    audience: Audience = "staff"
    order: int = 100


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    order: int = 100


ReviewStartedHook = Callable[..., None]
ItineraryAcceptedHook = Callable[..., None]

_panels: dict[str, CasePanel] = {}
_links: dict[str, NavLink] = {}
_review_started: dict[str, ReviewStartedHook] = {}
_itinerary_accepted: dict[str, ItineraryAcceptedHook] = {}
_panel_render_reads: ContextVar[dict[Hashable, object] | None] = ContextVar(
    "panel_render_reads", default=None
)


def register_case_panel(panel: CasePanel) -> None:
    _panels[panel.name] = panel


def register_nav_link(link: NavLink) -> None:
    _links[link.url_name] = link


def register_review_started(name: str, hook: ReviewStartedHook) -> None:
    """`hook(actor=..., case=...)` runs inside the transaction that starts the review."""
    _review_started[name] = hook


def review_started_hooks() -> list[ReviewStartedHook]:
    return [_review_started[name] for name in sorted(_review_started)]


def register_itinerary_accepted(name: str, hook: ItineraryAcceptedHook) -> None:
    """`hook(actor=..., case=...)` runs inside the transaction that accepts the itinerary,
    after any earlier accepted itinerary of the case is superseded."""
    _itinerary_accepted[name] = hook


def itinerary_accepted_hooks() -> list[ItineraryAcceptedHook]:
    return [_itinerary_accepted[name] for name in sorted(_itinerary_accepted)]


def read_once_per_render(key: Hashable, read: Callable[[], T]) -> T:
    """`read()`, shared by every panel of the case page being rendered.

    Several panels need the same row (the accepted itinerary feeds both the visit and
    the travel panels); while panels render, the first read is reused under `key`.
    Outside a panel render (services, APIs, other pages) it simply reads, so a write
    never sees a stale row; the shared reads end with the render that made them.
    """
    reads = _panel_render_reads.get()
    if reads is None:
        return read()
    if key not in reads:
        reads[key] = read()
    return cast(T, reads[key])


@contextmanager
def case_page_reads() -> Iterator[None]:
    """While inside, `read_once_per_render` shares its reads; a page that reads a row its
    panels also need (the case page's documents and opinion versions) opens it around
    both. Nested uses share the outermost one."""
    if _panel_render_reads.get() is not None:
        yield
        return
    token = _panel_render_reads.set({})
    try:
        yield
    finally:
        _panel_render_reads.reset(token)


def render_case_panels(*, request: HttpRequest, case: Case, audience: Audience) -> list[SafeString]:
    """Each registered panel rendered for this user and case, in order."""
    rendered = []
    with case_page_reads():
        for panel in sorted(_panels.values(), key=lambda p: (p.order, p.name)):
            if panel.audience != audience:
                continue
            context = panel.context(request.user, case)
            if context is None:
                continue
            html = render_to_string(panel.template, {"case": case, **context}, request=request)
            rendered.append(mark_safe(html))  # noqa: S308 - rendered by the template engine
    return rendered


def nav_links_for(role: str) -> Iterable[NavLink]:
    return [
        link
        for link in sorted(_links.values(), key=lambda link: (link.order, link.label))
        if not link.roles or role in link.roles
    ]
