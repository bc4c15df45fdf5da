"""The publisher: the one place that names the dashboard and its public address for citations.

Set ``TRADETARGET_PUBLISHER_URL`` to the address readers use (for example ``https://trade.example.org/``);
without it a citation names the address the page was opened at. The name is the catalogue's
``export.briefing.title`` in the reader's language.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

PUBLISHER_URL_ENV = "TRADETARGET_PUBLISHER_URL"


@dataclass(frozen=True)
class Publisher:
    name_key: str = "export.briefing.title"
    """The catalogue key of the dashboard's name."""
    url: str | None = None
    """The public address; None: the address the page was opened at."""


def publisher() -> Publisher:
    """The publisher as configured (read at call time, so a deployment can set it without a code change)."""
    return Publisher(url=os.environ.get(PUBLISHER_URL_ENV) or None)
