"""Site data from `content/site/*.yaml`: languages, the council, contact routes.

Code reads these files; the comms team edits them. Each problem is reported with its file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from babel import Locale, UnknownLocaleError

from casecore.channels import TSM_GROUPS
from casecore.periods import Period
from casecore.procedures import CountedFrom, Procedure, Regime, Stage
from casecore.regimes import ombudsman_for

from .errors import ContentError, ContentErrors
from .yamlfile import LineDict, load_yaml

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
SLUG = _ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # ids, page names and anchors: words-with-hyphens
_LANG = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    dir: str
    locale: str

    @property
    def rtl(self) -> bool:
        return self.dir == "rtl"


T = TypeVar("T")
Translated = dict[str, str]
"""Text that residents read, by language code; English is always there."""


def pick(text: Translated, lang: str) -> str:
    """The text in `lang`, or the English text where there is none."""
    return text.get(lang) or text["en"]


@dataclass(frozen=True)
class Hours:
    first_day: int  # 0 = Monday, as Babel counts
    last_day: int
    opens: str
    closes: str


@dataclass(frozen=True)
class Contact:
    id: str
    name: Translated
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    address: tuple[str, ...] = ()
    hours: Hours | None = None

    @property
    def tel(self) -> str | None:
        """The number for a `tel:` link: digits only, with a leading + kept."""
        if self.phone is None:
            return None
        return re.sub(r"[^\d+]", "", self.phone)


@dataclass(frozen=True)
class ServiceArea:
    id: str
    name: Translated
    procedure: str
    team: str = ""  # the team that handles its complaints; its manager hears of cases nobody has


@dataclass(frozen=True)
class Council:
    name: Translated
    site_name: Translated
    footer_contact: str
    tracker_url: str


@dataclass(frozen=True)
class SiteData:
    languages: tuple[Language, ...]
    council: Council
    contacts: dict[str, Contact] = field(default_factory=dict)
    procedures: dict[str, Procedure] = field(default_factory=dict)
    service_areas: dict[str, ServiceArea] = field(default_factory=dict)
    homes: dict[str, dict[str, int]] = field(default_factory=dict)  # "2026/27" -> {"lcra": …, "lcho": …}

    def regime(self, area_id: str) -> Regime:
        return self.procedures[self.service_areas[area_id].procedure].regime

    def language(self, code: str) -> Language | None:
        return next((lang for lang in self.languages if lang.code == code), None)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)


class _Collector:
    """Gathers every error in a file rather than stopping at the first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[ContentError] = []

    def add(self, line: int, message: str) -> None:
        self.errors.append(ContentError(self.path, line, message))

    def text(self, entry: LineDict, key: str, *, required: bool = True) -> str | None:
        value = entry.get(key)
        if value is None:
            if required:
                self.add(entry.line, f"missing field '{key}'")
            return None
        if not isinstance(value, str | int) or not str(value).strip():
            self.add(entry.line_of(key), f"'{key}' must be text")
            return None
        return str(value).strip()

    def translated(self, entry: LineDict, key: str, languages: tuple[str, ...]) -> Translated:
        value = entry.get(key)
        if not isinstance(value, LineDict):
            self.add(entry.line_of(key), f"'{key}' must give the text per language (en: ..., ar: ...)")
            return {"en": ""}
        result: Translated = {}
        for lang, text in value.items():
            if lang not in languages:
                self.add(
                    value.line_of(lang), f"'{key}' has text for '{lang}', which is not in languages.yaml"
                )
            elif not isinstance(text, str) or not text.strip():
                self.add(value.line_of(lang), f"'{key}' in '{lang}' is empty")
            else:
                result[lang] = text.strip()
        if "en" not in result:
            self.add(
                value.line, f"'{key}' has no English text (en:), which every other language falls back to"
            )
            result.setdefault("en", "")
        return result


def _entries(collector: _Collector, data: Any, what: str) -> list[LineDict]:
    if not isinstance(data, list) or not all(isinstance(item, LineDict) for item in data):
        collector.add(1, f"expected a list of {what}, each starting with '- '")
        return []
    return data


def load_languages(path: Path) -> tuple[Language, ...]:
    collector = _Collector(path)
    languages: list[Language] = []
    for entry in _entries(collector, load_yaml(path), "languages"):
        code = collector.text(entry, "code")
        name = collector.text(entry, "name")
        direction = collector.text(entry, "dir")
        locale = collector.text(entry, "locale", required=False) or code
        if code is not None and not _LANG.match(code):
            collector.add(
                entry.line_of("code"), f"language code '{code}' must be two or three lower-case letters"
            )
        if direction is not None and direction not in ("ltr", "rtl"):
            collector.add(entry.line_of("dir"), f"dir must be ltr or rtl, not '{direction}'")
        if code and any(lang.code == code for lang in languages):
            collector.add(entry.line_of("code"), f"language '{code}' is listed twice")
        if locale:
            try:
                Locale.parse(locale)
            except (ValueError, UnknownLocaleError):
                collector.add(entry.line, f"Babel does not know the locale '{locale}'")
        if code and name and direction and locale:
            languages.append(Language(code, name, direction, locale))
    if languages and languages[0].code != "en":
        collector.add(1, "English (en) must come first: every other language falls back to it")
    if collector.errors:
        raise ContentErrors(collector.errors)
    return tuple(languages)


def _hours(collector: _Collector, entry: LineDict) -> Hours | None:
    value = entry.get("hours")
    if value is None:
        return None
    if not isinstance(value, LineDict):
        collector.add(entry.line_of("hours"), "hours must have days, opens and closes")
        return None
    days = value.get("days")
    opens, closes = value.get("opens"), value.get("closes")
    ok = True
    if not (isinstance(days, list) and len(days) == 2 and all(d in DAYS for d in days)):
        collector.add(value.line_of("days"), f"days must be a first and last day from {', '.join(DAYS)}")
        ok = False
    for key, time in (("opens", opens), ("closes", closes)):
        if not (isinstance(time, str) and _TIME.match(time)):
            collector.add(value.line_of(key), f'{key} must be a 24-hour time in quotes, like "09:00"')
            ok = False
    if ok and str(opens) >= str(closes):
        collector.add(value.line_of("closes"), "closes must be later than opens")
        ok = False
    if not ok:
        return None
    assert isinstance(days, list) and isinstance(opens, str) and isinstance(closes, str)
    return Hours(DAYS.index(days[0]), DAYS.index(days[1]), opens, closes)


def load_contacts(path: Path, languages: tuple[str, ...]) -> dict[str, Contact]:
    collector = _Collector(path)
    contacts: dict[str, Contact] = {}
    for entry in _entries(collector, load_yaml(path), "contact routes"):
        contact_id = collector.text(entry, "id")
        if contact_id is None:
            continue
        if not _ID.match(contact_id):
            collector.add(
                entry.line_of("id"), f"id '{contact_id}' must be lower-case words joined by hyphens"
            )
        if contact_id in contacts:
            collector.add(entry.line_of("id"), f"contact '{contact_id}' is listed twice")
        email = collector.text(entry, "email", required=False)
        if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", email):
            collector.add(entry.line_of("email"), f"'{email}' is not an email address")
        website = collector.text(entry, "website", required=False)
        if website is not None and not website.startswith("https://"):
            collector.add(entry.line_of("website"), "website must start with https://")
        phone = collector.text(entry, "phone", required=False)
        if phone is not None and not re.fullmatch(r"[\d ]{10,14}", phone):
            collector.add(entry.line_of("phone"), f"'{phone}' is not a UK phone number like 020 8901 2630")
        address = entry.get("address", [])
        if not isinstance(address, list) or not all(isinstance(line, str) for line in address):
            collector.add(entry.line_of("address"), "address must be a list of lines")
            address = []
        if not (phone or email or website or address):
            collector.add(entry.line, f"contact '{contact_id}' gives no way to get in touch")
        contacts[contact_id] = Contact(
            id=contact_id,
            name=collector.translated(entry, "name", languages),
            phone=phone,
            email=email,
            website=website,
            address=tuple(address),
            hours=_hours(collector, entry),
        )
    if collector.errors:
        raise ContentErrors(collector.errors)
    return contacts


def load_council(path: Path, languages: tuple[str, ...], contacts: dict[str, Contact]) -> Council:
    collector = _Collector(path)
    data = load_yaml(path)
    if not isinstance(data, LineDict):
        raise ContentErrors(
            [ContentError(path, 1, "expected name, site_name, footer_contact and tracker_url")]
        )
    footer = collector.text(data, "footer_contact") or ""
    if footer and footer not in contacts:
        collector.add(data.line_of("footer_contact"), f"no contact route '{footer}' in contacts.yaml")
    council = Council(
        name=collector.translated(data, "name", languages),
        site_name=collector.translated(data, "site_name", languages),
        footer_contact=footer,
        tracker_url=collector.text(data, "tracker_url") or "",
    )
    if collector.errors:
        raise ContentErrors(collector.errors)
    return council


def _days(collector: _Collector, entry: LineDict, key: str, *, required: bool) -> int | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 130:
        collector.add(entry.line_of(key), f"'{key}' must be a number of working days between 1 and 130")
        return None
    return value


def _timescales(
    collector: _Collector, entry: LineDict, statutory: bool, languages: tuple[str, ...]
) -> dict[str, Translated]:
    """A statutory procedure's timescales in words, by service area (`timescales`), per language."""
    value = entry.get("timescales")
    if value is None:
        return {}
    if not statutory:
        collector.add(entry.line_of("timescales"), "'timescales' in words are for a statutory procedure only")
        return {}
    if not isinstance(value, LineDict):
        collector.add(entry.line_of("timescales"), "timescales must map service area ids to their words")
        return {}
    return {str(area): collector.translated(value, area, languages) for area in value}


def load_procedures(
    path: Path, languages: tuple[str, ...], contacts: dict[str, Contact]
) -> dict[str, Procedure]:
    collector = _Collector(path)
    procedures: dict[str, Procedure] = {}
    for entry in _entries(collector, load_yaml(path), "procedures"):
        procedure_id = collector.text(entry, "id")
        if procedure_id is None:
            continue
        if procedure_id in procedures:
            collector.add(entry.line_of("id"), f"procedure '{procedure_id}' is listed twice")
        raw_regime = entry.get("regime")
        if raw_regime not in [regime.value for regime in Regime]:
            collector.add(
                entry.line_of("regime") if "regime" in entry else entry.line,
                "regime must be one of " + ", ".join(regime.value for regime in Regime),
            )
            raw_regime = (
                Regime.STATUTORY.value if entry.get("statutory") is True else Regime.HOUSING_CODE.value
            )
        regime = Regime(raw_regime)
        statutory = regime == Regime.STATUTORY
        stages: list[Stage] = []
        raw_stages = entry.get("stages", [])
        if not statutory and (not isinstance(raw_stages, list) or len(raw_stages) != 2):
            collector.add(entry.line_of("stages"), "a procedure has two stages (or is 'statutory: true')")
            raw_stages = []
        for stage in raw_stages if isinstance(raw_stages, list) else []:
            if not isinstance(stage, LineDict):
                collector.add(entry.line_of("stages"), "each stage needs respond and counted_from")
                continue
            counted_from = stage.get("counted_from")
            if counted_from not in ("acknowledgement", "receipt"):
                collector.add(
                    stage.line_of("counted_from"), "counted_from must be acknowledgement or receipt"
                )
            respond = _days(collector, stage, "respond", required=True)
            extension = _days(collector, stage, "extension", required=False)
            if respond and counted_from in ("acknowledgement", "receipt"):
                stages.append(Stage(respond, CountedFrom(counted_from), extension))
        acknowledge = _days(collector, entry, "acknowledge", required=False)
        if "ombudsman" in entry or "statutory" in entry:
            key = "ombudsman" if "ombudsman" in entry else "statutory"
            collector.add(entry.line_of(key), f"'{key}' follows from the regime now: remove it")
        ombudsman = ombudsman_for(regime)
        if ombudsman not in contacts:
            collector.add(entry.line_of("regime"), f"no contact route '{ombudsman}' in contacts.yaml")
        if any(stage.counted_from == "acknowledgement" for stage in stages) and acknowledge is None:
            collector.add(entry.line, "stages counted from the acknowledgement need 'acknowledge'")
        procedures[procedure_id] = Procedure(
            id=procedure_id,
            stages=tuple(stages),
            acknowledge=acknowledge,
            statutory=statutory,
            ombudsman=ombudsman,
            regime=regime,
            name=collector.translated(entry, "name", languages),
            source=collector.text(entry, "source") or "",
            timescales=_timescales(collector, entry, statutory, languages),
        )
    if collector.errors:
        raise ContentErrors(collector.errors)
    return procedures


def load_service_areas(
    path: Path, languages: tuple[str, ...], procedures: dict[str, Procedure]
) -> dict[str, ServiceArea]:
    collector = _Collector(path)
    areas: dict[str, ServiceArea] = {}
    lines: dict[str, int] = {}  # each area's procedure line, for an error about its timescales
    for entry in _entries(collector, load_yaml(path), "service areas"):
        area_id = collector.text(entry, "id")
        procedure = collector.text(entry, "procedure")
        team = collector.text(entry, "team")
        if area_id is None or procedure is None or team is None:
            continue
        if area_id in areas:
            collector.add(entry.line_of("id"), f"service area '{area_id}' is listed twice")
        if procedure not in procedures:
            collector.add(entry.line_of("procedure"), f"no procedure '{procedure}' in procedures.yaml")
        areas[area_id] = ServiceArea(area_id, collector.translated(entry, "name", languages), procedure, team)
        lines[area_id] = entry.line_of("procedure")
    for known in procedures.values():
        for area_id in known.timescales:
            if areas.get(area_id) is None or areas[area_id].procedure != known.id:
                collector.add(
                    lines.get(area_id, 1),
                    f"procedures.yaml gives procedure '{known.id}' timescales for '{area_id}', "
                    f"but no service area '{area_id}' follows it",
                )
    for area in areas.values():
        followed = procedures.get(area.procedure)
        if followed is not None and followed.statutory and area.id not in followed.timescales:
            collector.add(
                lines[area.id],
                f"'{area.id}' follows the statutory procedure '{followed.id}': give its timescales in words "
                f"under that procedure's 'timescales' in procedures.yaml",
            )
    if collector.errors:
        raise ContentErrors(collector.errors)
    return areas


def load_homes(path: Path) -> dict[str, dict[str, int]]:
    """homes.yaml: homes managed per tenure group for each financial year."""
    if not path.exists():
        return {}
    collector = _Collector(path)
    found: dict[str, dict[str, int]] = {}
    for entry in _entries(collector, load_yaml(path), "homes"):
        try:
            year = Period.parse(str(entry.get("year", "")))
        except ValueError as wrong:
            collector.add(entry.line_of("year"), str(wrong))
            continue
        if year.kind != "year":
            collector.add(
                entry.line_of("year"), f"'{entry.get('year')}' is a quarter: give a year like 2026/27"
            )
            continue
        counts = {}
        for group in TSM_GROUPS:
            value = entry.get(group)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                collector.add(
                    entry.line_of(group) if group in entry else entry.line,
                    f"'{group}' must be a number of homes, 0 or more",
                )
                continue
            counts[group] = value
        if year.id in found:
            collector.add(entry.line_of("year"), f"{year.id} is listed twice")
        found[year.id] = counts
    if collector.errors:
        raise ContentErrors(collector.errors)
    return found


def load_site_data(content_dir: Path) -> SiteData:
    """Read every site data file, reporting all the problems in all of them together."""
    site = content_dir / "site"
    errors: list[ContentError] = []

    def gather(load: Callable[[], T], fallback: T) -> T:
        try:
            return load()
        except ContentErrors as exc:
            errors.extend(exc.errors)
        except ContentError as exc:
            errors.append(exc)
        return fallback

    no_languages: tuple[Language, ...] = ()
    no_contacts: dict[str, Contact] = {}
    no_procedures: dict[str, Procedure] = {}
    no_areas: dict[str, ServiceArea] = {}
    languages = gather(lambda: load_languages(site / "languages.yaml"), no_languages)
    codes = tuple(lang.code for lang in languages) or ("en",)
    contacts = gather(lambda: load_contacts(site / "contacts.yaml", codes), no_contacts)
    council: Council | None = gather(lambda: load_council(site / "council.yaml", codes, contacts), None)
    procedures = gather(lambda: load_procedures(site / "procedures.yaml", codes, contacts), no_procedures)
    areas = gather(lambda: load_service_areas(site / "service_areas.yaml", codes, procedures), no_areas)
    no_homes: dict[str, dict[str, int]] = {}
    homes = gather(lambda: load_homes(site / "homes.yaml"), no_homes)
    if errors or council is None:
        raise ContentErrors(errors)
    return SiteData(languages, council, contacts, procedures, areas, homes)
