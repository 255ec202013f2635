"""Which country an ACLED row is in: by its ISO code where the export has one, else by
ACLED's name for the country, which is not always the ISO name."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from ..slugs import slugify

# ACLED's names that are not an ISO 3166-1 name (short, official or common) of the
# country. Kosovo has no ISO code: XKX is the code ACLED (and the EU) use for it.
ACLED_NAMES = {
    "Akrotiri and Dhekelia": None,  # British sovereign bases: no ISO 3166-1 code
    "Bailiwick of Guernsey": "GGY",
    "Bailiwick of Jersey": "JEY",
    "Brunei": "BRN",
    "Cape Verde": "CPV",
    "Caribbean Netherlands": "BES",
    "Democratic Republic of Congo": "COD",
    "East Timor": "TLS",
    "eSwatini": "SWZ",
    "Falkland Islands": "FLK",
    "French Southern and Antarctic Lands": "ATF",
    "Ivory Coast": "CIV",
    "Kosovo": "XKX",
    "Macau": "MAC",
    "Macedonia": "MKD",
    "Micronesia": "FSM",
    "Palestine": "PSE",
    "Republic of Congo": "COG",
    "Russia": "RUS",
    "Saint-Martin": "MAF",
    "Sint Maarten": "SXM",
    "Swaziland": "SWZ",
    "Turkey": "TUR",
    "Vatican City": "VAT",
}


def country_code(iso: str | None, iso3: str | None, name: str | None) -> str | None:
    """The ISO 3166-1 alpha-3 code of a row's country (XKX for Kosovo), from ACLED's
    numeric ``iso``, its ``iso3`` or its ``country`` name, in that order."""
    if iso3 is not None and (found := _by_alpha_3(iso3)):
        return found
    if iso is not None and (found := _by_numeric(iso)):
        return found
    if name is not None:
        return _by_name(name)
    return None


@lru_cache(maxsize=512)
def _by_alpha_3(code: str) -> str | None:
    code = code.strip().upper()
    if code in ACLED_NAMES.values():  # XKX
        return code
    record = pycountry.countries.get(alpha_3=code)
    return None if record is None else str(record.alpha_3)


@lru_cache(maxsize=512)
def _by_numeric(code: str) -> str | None:
    """ACLED writes ISO 3166-1 numeric codes without leading zeros (4 for Afghanistan),
    and 0 for Kosovo, which has none."""
    try:
        number = int(float(code))
    except ValueError:
        return None
    if number <= 0:
        return None
    record = pycountry.countries.get(numeric=f"{number:03d}")
    return None if record is None else str(record.alpha_3)


@lru_cache(maxsize=512)
def _by_name(name: str) -> str | None:
    return _names().get(slugify(name))


@lru_cache(maxsize=1)
def _names() -> dict[str, str | None]:
    """Every name a country may have in ACLED's data, as a slug, to its code."""
    names: dict[str, str | None] = {}
    for record in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(record, attribute, None)
            if value:
                names.setdefault(slugify(value), str(record.alpha_3))
    names.update({slugify(name): code for name, code in ACLED_NAMES.items()})
    return names
