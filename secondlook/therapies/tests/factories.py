from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from secondlook.therapies.models import Curator, KnowledgeVersion


class KnowledgeVersionFactory(DjangoModelFactory[KnowledgeVersion]):
    class Meta:
        model = KnowledgeVersion

    number = factory.Sequence(lambda n: n + 1)
    note = "Synthetic test version"


class CuratorFactory(DjangoModelFactory[Curator]):
    class Meta:
        model = Curator

    note = "Test curator"
