from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from secondlook.accounts.choices import Role
from secondlook.accounts.models import Program, Site, User

TEST_PASSWORD = "correct-horse-battery-staple"


class ProgramFactory(DjangoModelFactory[Program]):
    class Meta:
        model = Program
        django_get_or_create = ("name",)

    name = "Test Second Opinion Program"
    phone = "(555) 010-0000"


class SiteFactory(DjangoModelFactory[Site]):
    class Meta:
        model = Site

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Test Site {n}")
    code = factory.Sequence(lambda n: f"site-{n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    role = Role.NAVIGATOR
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def sites(self, create: bool, extracted: list[Site] | None, **kwargs: object) -> None:
        if create and extracted:
            self.sites.set(extracted)
        if create:
            self.save()
