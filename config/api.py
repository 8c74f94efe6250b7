"""The typed JSON API: one NinjaAPI, one router per domain app, errors in one place."""

from __future__ import annotations

from importlib import import_module

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
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


api = NinjaAPI(
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
