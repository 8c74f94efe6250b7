"""One family of domain errors, mapped to HTTP status in one place.

Services raise these; views turn them into a message on the page and the API into a
JSON body with the same message, so a user always reads why something was refused.
"""

from __future__ import annotations


class ApplicationError(Exception):
    status_code = 400

    def __init__(self, message: str, *, extra: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class ValidationFailed(ApplicationError):
    status_code = 400


class PermissionDenied(ApplicationError):
    status_code = 403


class NotFound(ApplicationError):
    status_code = 404


class TransitionRefused(ApplicationError):
    """An illegal lifecycle move: the case is in a state that does not allow it."""

    status_code = 409


class Conflict(ApplicationError):
    status_code = 409
