from __future__ import annotations

from django.db import models


class BaseModel(models.Model):
    """Every row says when it was made and last changed, for audits and support."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
