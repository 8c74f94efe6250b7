"""JSON shapes of the opinions API."""

from __future__ import annotations

from ninja import Schema


class MessageOut(Schema):
    """Every refusal is JSON with a message a person can read (config/api.py)."""

    message: str
