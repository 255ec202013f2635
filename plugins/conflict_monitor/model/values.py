"""Values as writers write them: dates, plain or in quotes, and links readers may follow.

Each type carries its rule twice, for pydantic and, as the same rule, for the editors'
JSON Schema (``conflict-monitor schemas``), so that both accept the same files.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

# YAML writes a date plainly (2021-06-22); JSON, and many YAML tools, in quotes. Both are
# the date, as the editors' schema says; other text and numbers (0) are not dates.
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _date_from_text(value: object) -> object:
    if isinstance(value, str) and re.fullmatch(DATE_PATTERN, value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:  # 2021-02-30
            raise PydanticCustomError(
                "date_not_real", "{text} is not a real date", {"text": value}
            ) from None
    return value  # left for the date check to refuse, as any other text or number


Day = Annotated[
    dt.date,
    BeforeValidator(_date_from_text),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]


def _require_web_url(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest:
        raise ValueError("only http:// and https:// links are allowed")
    return url


# The same rule as a JSON Schema pattern (ECMAScript regexes have no ignore-case flag).
WEB_URL_PATTERN = "^[Hh][Tt][Tt][Pp][Ss]?://."

# A link readers may follow: http or https only (no javascript:, data: or file:).
WebUrl = Annotated[
    str,
    AfterValidator(_require_web_url),
    WithJsonSchema({"type": "string", "pattern": WEB_URL_PATTERN}),
]
