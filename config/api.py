"""The typed JSON API: one NinjaAPI, one router per domain app, errors in one place."""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable
from importlib import import_module

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from secondlook.accounts.models import User
from secondlook.accounts.services import api_token_authenticate
from secondlook.core.errors import ApplicationError


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


logger = logging.getLogger(__name__)

NOT_FOUND_MESSAGE = "There is nothing at this address, or you do not have access to it."
SERVER_ERROR_MESSAGE = (
    "Something went wrong on our side. The error has been logged; try again later."
)


def not_found_json() -> JsonResponse:
    return JsonResponse({"message": NOT_FOUND_MESSAGE}, status=404)


def server_error_json() -> JsonResponse:
    return JsonResponse({"message": SERVER_ERROR_MESSAGE}, status=500)


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class SecondLookAPI(NinjaAPI):
    """Ninja with every answer in the project's JSON error shape, routing errors included.

    Ninja answers a method no operation declares with a plain-text 405, and an address
    no route matches falls through to Django's HTML 404 page; both are wrapped here.
    """

    @property
    def urls(self) -> tuple[list[URLPattern | URLResolver], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_method_not_allowed(pattern.callback)
        patterns.append(re_path(r"^.*$", _unknown_api_address))
        return patterns, app_name, namespace


def _json_method_not_allowed(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        allowed = response.get("Allow", "")
        answer = JsonResponse(
            {"message": f"{request.method} is not allowed here. Allowed: {allowed}."},
            status=405,
        )
        answer["Allow"] = allowed
        return answer

    return wrapped


@csrf_exempt
def _unknown_api_address(request: HttpRequest) -> JsonResponse:
    return not_found_json()


api = SecondLookAPI(
    title="SecondLook API",
    version="1",
    description="Cases, records and opinions of a second-opinion program. "
    "Authenticate with `Authorization: Bearer <token>`.",
    auth=BearerToken(),
    docs_url="/docs",
    urls_namespace="api",
)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(
        request, {"message": exc.message, **exc.extra}, status=exc.status_code
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"message": "Send a valid API token as 'Authorization: Bearer <token>'."},
        status=401,
    )


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request, {"message": "The request is not valid.", "errors": exc.errors}, status=422
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    """Same words whether the row is missing or hidden, so an id cannot be probed."""
    return api.create_response(request, {"message": NOT_FOUND_MESSAGE}, status=404)


@api.exception_handler(DjangoPermissionDenied)
def forbidden(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
    """Django's own refusal (a shared access helper), answered like the domain's 403."""
    return api.create_response(request, {"message": "Your role may not do this."}, status=403)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own refusals: a body that is not JSON (400), throttling (429) and the like."""
    message = exc.message
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        message = "The request body is not valid JSON."
    return api.create_response(request, {"message": message}, status=exc.status_code)


@api.exception_handler(Exception)
def unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug: logged with its type, path and stack of code lines, never its message or
    the request's query, since either may quote patient data."""
    logger.error(
        "Unhandled %s in API %s %s\n%s",
        type(exc).__name__,
        request.method,
        request.path_info,
        "".join(traceback.format_tb(exc.__traceback__)),
    )
    return api.create_response(request, {"message": SERVER_ERROR_MESSAGE}, status=500)


def _register_routers() -> None:
    from secondlook.cases.api import router as cases_router
    from secondlook.records.api import router as records_router
    from secondlook.review.api import router as review_router

    api.add_router("/cases", cases_router)
    api.add_router("/cases", records_router)
    api.add_router("/cases", review_router)
    for domain in (
        "oncology",
        "therapies",
        "trials",
        "scheduling",
        "logistics",
        "supportive",
        "followup",
        "analytics",
    ):
        module = import_module(f"secondlook.{domain}.api")
        api.add_router(f"/{domain}", module.router)


_register_routers()
