"""Clinic profiles: a clinic's name, colours, contact, where it may embed the questionnaire,
and the few questions it adds — read from YAML and checked like questions.yaml.

Clinics are edited by hand too, so every problem in every clinic file is reported at once
with its file and line. A clinic can only *add* steps, topics and prompts: it cannot
define stops or notices, reuse an id, or put a step before the safety step, so the
safety gate is always the one questions.yaml defines.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import yamlfile
from .plain_errors import plain_errors
from .questionnaire import ID_PATTERN, KEYS, Questionnaire, QuestionnaireError, validate
from .translations import broken_translations, in_language, languages_of, missing_translations
from .yamlfile import DefinitionError, DefinitionFileError, YamlList, YamlMap

LANGUAGES = ("en", "es")
LOGO_TYPES = (".png", ".svg", ".jpg", ".jpeg", ".webp")
ORIGIN = re.compile(
    r"https?://(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9-]+)*)(:(\d{1,5}|\*))?"
)
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
AA_CONTRAST = 4.5
ADDITIONS = ("topics", "steps", "prompts")
NOT_FOR_CLINICS = ("meta", "stops", "notices", "closing", "common_tests", "estimate")


class Clinic(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=ID_PATTERN.pattern)]
    questionnaire: str  # the meta.id of the questionnaire this clinic adds to
    after: str | None = None  # the step of that questionnaire the clinic's own steps follow
    name: Annotated[str, Field(min_length=1, max_length=80)]
    logo: str | None = None
    brand_colour: Annotated[str, Field(pattern=COLOUR.pattern)]
    phone: Annotated[str, Field(min_length=3, max_length=40)]
    urgent_help: Annotated[str, Field(min_length=1, max_length=300)]
    # the clinic's own region's numbers, instead of the questionnaire's (meta)
    emergency_number: Annotated[str, Field(min_length=1, max_length=20)] | None = None
    crisis_line: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    embed_origins: list[str] = []
    language: Literal[LANGUAGES] = "en"  # type: ignore[valid-type]
    paper_size: Literal["a4", "letter"] | None = None
    intro: Annotated[str, Field(max_length=600)] | None = None
    demo: bool = False  # for trying the app: served in production only with SELFCHECK_DEMO_CLINIC
    topics: list[Any] = []
    steps: list[Any] = []
    prompts: list[Any] = []

    @property
    def brand_dark(self) -> str:
        """The brand colour a quarter darker, for hover and borders."""
        red, green, blue = (int(self.brand_colour[i : i + 2], 16) for i in (1, 3, 5))
        return "#" + "".join(f"{round(c * 0.75):02x}" for c in (red, green, blue))


@dataclass(frozen=True)
class ClinicProfile:
    """A checked clinic and the questionnaire its patients answer (with its additions),
    in each of the questionnaire's languages."""

    by_language: dict[str, Clinic]
    questionnaires: dict[str, Questionnaire]
    file: str

    @property
    def clinic(self) -> Clinic:
        return next(iter(self.by_language.values()))

    @property
    def questionnaire(self) -> Questionnaire:
        return next(iter(self.questionnaires.values()))

    def in_language(self, lang: str) -> Clinic:
        return self.by_language.get(lang, self.clinic)


def contrast_with_white(colour: str) -> float:
    """WCAG 2 contrast ratio between `colour` (#rrggbb) and white."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)


def origin_allowed(origin: str, patterns: list[str] | tuple[str, ...]) -> bool:
    """Whether a browser origin matches one of a clinic's `embed_origins` (port may be *)."""
    for pattern in patterns:
        if pattern.endswith(":*"):
            base = pattern[:-2]
            if origin == base or re.fullmatch(re.escape(base) + r":\d{1,5}", origin):
                return True
        elif origin == pattern:
            return True
    return False


def served(profiles: dict[str, ClinicProfile], demos: bool) -> dict[str, ClinicProfile]:
    """The clinics to serve: every one, or all but those marked `demo: true`."""
    return {k: p for k, p in profiles.items() if demos or not p.clinic.demo}


def clinic_files(path: Path) -> list[Path]:
    """One file, or every .yaml/.yml file in a folder (sorted, so errors come in order)."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
    if not path.exists():
        raise DefinitionFileError(
            [
                DefinitionError(
                    str(path),
                    1,
                    "there is no such file or folder of clinic profiles. Check "
                    "SELFCHECK_CLINICS (or --clinics); an empty folder means no clinics.",
                )
            ]
        )
    return [path]


def load_clinics(
    path: str | Path,
    static_dir: Path,
    main_root: YamlMap,
    main_name: str,
    display_root: Path | None = None,
    elsewhere: list[DefinitionError] | None = None,
) -> dict[str, ClinicProfile]:
    """Every clinic profile under `path`; DefinitionFileError lists the problems of all.

    A profile that adds to another questionnaire is not served: it is a problem like any
    other, or, given an `elsewhere` list, reported there instead (the app starts without it).
    """
    path = Path(path)
    errors: list[DefinitionError] = []
    profiles: dict[str, ClinicProfile] = {}
    first_seen: dict[str, tuple[str, int]] = {}
    for file in clinic_files(path):
        name = _display(file, display_root)
        try:
            root = yamlfile.load(file, name)
        except DefinitionFileError as error:
            errors += error.errors
            continue
        other = _other_questionnaire(root, name, main_root, main_name)
        if other is not None:
            (errors if elsewhere is None else elsewhere).append(other)
            continue
        problems, profile = _check(root, name, static_dir, main_root, main_name)
        errors += problems
        if profile is None:
            continue
        ident = profile.clinic.id
        if ident in first_seen:
            where = "{}:{}".format(*first_seen[ident])
            errors.append(
                DefinitionError(
                    name,
                    root.value_lines.get("id", 1),
                    f"duplicate clinic id '{ident}' (first at {where}). "
                    "Every clinic needs its own id.",
                )
            )
            continue
        first_seen[ident] = (name, root.value_lines.get("id", 1))
        profiles[ident] = profile
    if errors:
        raise DefinitionFileError(errors)
    return profiles


def _other_questionnaire(
    root: YamlMap, name: str, main_root: YamlMap, main_name: str
) -> DefinitionError | None:
    """Why a clinic file cannot be read against this questionnaire, if it names another."""
    meta = main_root.get("meta")
    main_id = meta.get("id") if isinstance(meta, dict) else None
    named = root.get("questionnaire")
    if not isinstance(named, str) or named == main_id:
        return None
    return DefinitionError(
        name,
        root.value_lines.get("questionnaire", 1),
        f"this clinic adds to the questionnaire '{named}', but {Path(main_name).name} is "
        f"'{main_id}', so the clinic is not served. If it belongs to this questionnaire, write "
        f"`questionnaire: {main_id}` and check its steps; otherwise move the file out of the "
        "clinics folder.",
    )


def _display(file: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(file.resolve().relative_to(root.resolve()))
        except ValueError:
            pass  # a file outside the project is named by its own path
    return str(file)


def _check(
    root: YamlMap, name: str, static_dir: Path, main_root: YamlMap, main_name: str
) -> tuple[list[DefinitionError], ClinicProfile | None]:
    errors: list[DefinitionError] = []

    def error(key: str, message: str, *, at_key: bool = False) -> None:
        line = (yamlfile.key_line if at_key else yamlfile.line_of)(root, (key,))
        errors.append(DefinitionError(name, line, message))

    for key in NOT_FOR_CLINICS:
        if key in root:
            error(
                key,
                f"a clinic cannot set '{key}': the safety step, urgent-help page and the "
                "questionnaire's own content stay as questions.yaml defines them. Remove it.",
                at_key=True,
            )
    plain = YamlMap({k: v for k, v in root.items() if k not in NOT_FOR_CLINICS})
    plain.file, plain.line = root.file, root.line
    plain.key_lines, plain.value_lines = root.key_lines, root.value_lines
    languages = languages_of(main_root)
    own = YamlMap({k: v for k, v in plain.items() if k not in ("topics", "steps", "prompts")})
    own.file, own.line, own.key_lines, own.value_lines = (
        root.file,
        root.line,
        root.key_lines,
        root.value_lines,
    )
    errors += broken_translations(root, name)
    errors += [  # the clinic's name is a name: the same in every language
        e for e in missing_translations(own, name, languages) if not e.message.startswith("name:")
    ]
    clinics: dict[str, Clinic] = {}
    for lang in languages:
        try:
            clinics[lang] = Clinic.model_validate(in_language(plain, lang))
        except ValidationError as exc:
            errors += plain_errors(exc, plain, name, KEYS | set(Clinic.model_fields))
    colour = root.get("brand_colour")
    if isinstance(colour, str) and COLOUR.fullmatch(colour):
        ratio = contrast_with_white(colour)
        if ratio < AA_CONTRAST:
            error(
                "brand_colour",
                f"brand_colour {colour} has a contrast of {ratio:.1f}:1 with white; WCAG AA "
                f"needs at least {AA_CONTRAST}:1 for text. Choose a darker color "
                "(like #1d5e8c).",
            )
    logo = root.get("logo")
    if isinstance(logo, str):
        problem = _logo_problem(logo, static_dir)
        if problem:
            error("logo", problem)
    steps_of = [s.get("id") for s in main_root.get("steps") or [] if isinstance(s, dict)]
    after = root.get("after")
    if root.get("steps") and after is None:
        error(
            "steps",
            "say where the clinic's steps go with `after:` and the id of the step they follow "
            f"(one of: {', '.join(str(s) for s in steps_of)}).",
            at_key=True,
        )
    elif isinstance(after, str) and after not in steps_of:
        error(
            "after",
            f"after: '{after}' is not a step of the questionnaire. Use one of: "
            f"{', '.join(str(s) for s in steps_of)}.",
        )
    origins = root.get("embed_origins")
    if isinstance(origins, YamlList):
        for i, origin in enumerate(origins):
            if isinstance(origin, str) and not ORIGIN.fullmatch(origin):
                errors.append(
                    DefinitionError(
                        name,
                        origins.item_lines[i],
                        f"embed_origins: '{origin}' is not a web origin. Write the scheme, host "
                        "and optional port only, like https://www.example-clinic.org or "
                        "http://localhost:*.",
                    )
                )
    try:
        questionnaires = validate(merge(main_root, root), main_name)
    except QuestionnaireError as error_list:
        errors += list(error_list.errors)
        questionnaires = {}
    if errors or not clinics or not questionnaires:
        return errors, None
    return [], ClinicProfile(clinics, questionnaires, name)


def _logo_problem(logo: str, static_dir: Path) -> str | None:
    where = (static_dir / logo).resolve()
    inside = static_dir.resolve() in where.parents
    if not inside or logo.startswith("/"):
        return f"logo '{logo}' must be a file inside static/, written like clinics/my-logo.svg."
    if where.suffix.lower() not in LOGO_TYPES:
        return f"logo '{logo}' must be an image: {', '.join(LOGO_TYPES)}."
    if not where.is_file():
        return f"logo '{logo}' was not found in static/. Add the file or correct the name."
    return None


def merge(main_root: YamlMap, clinic_root: YamlMap) -> YamlMap:
    """The questionnaire with a clinic's topics, steps and prompts added.

    Clinic steps go after the step the profile names (`after:`), never before the first, so
    the safety step stays first. Every node keeps the file and line it came from, so a
    problem is reported in the right file.
    """
    merged = copy.copy(main_root)
    for key in ADDITIONS:
        extra = clinic_root.get(key)
        if not isinstance(extra, YamlList) or not extra:
            continue
        base = main_root.get(key)
        base_items = list(base) if isinstance(base, YamlList) else []
        base_lines = list(base.item_lines) if isinstance(base, YamlList) else []
        at = len(base_items)
        if key == "steps":
            ids = [item.get("id") if isinstance(item, dict) else None for item in base_items]
            after = clinic_root.get("after")
            at = ids.index(after) + 1 if after in ids else len(base_items)
        combined = YamlList(base_items[:at] + list(extra) + base_items[at:])
        combined.file = main_root.file
        combined.line = getattr(base, "line", 1)
        combined.item_lines = base_lines[:at] + list(extra.item_lines) + base_lines[at:]
        merged[key] = combined
    return merged
