"""Answer sets for whole flows through the engine's fixture questionnaire
(tests/data/vitamin_d/, a frozen copy of the shipped file), and a driver for them."""

from __future__ import annotations

import copy
from pathlib import Path

from selfcheck.questionnaire import load

QUESTIONNAIRE = load(Path(__file__).parent / "data" / "vitamin_d" / "questions.yaml").first

QUIET = {
    "start": {"age": "45", "red_flags": ["none"], "sex": "female", "pregnant": "neither",
              "kidney": "no"},
    "sun": {"outdoor_time": "over_60", "covered": "no", "region": "middle", "indoors": "no",
            "skin_type": "tans_easily"},
    "food_d": {"fatty_fish": "weekly", "milk": "one", "eggs": "few", "cereal": "weekly",
               "mushrooms": "rarely"},
    "food_mg": {"nuts_seeds": "daily", "beans": "weekly", "greens": "weekly", "grains": "daily",
                "eating_pattern": "everything"},
    "wellbeing": {"stress": "3", "stress_condition": "no", "sleep_hours": "8",
                  "refreshed": "usually"},
    "family": {"family_autoimmune": "no", "own_conditions": ["none"]},
    "medicines": {"vitd_supplement": "no", "mg_supplement": "no", "minerals": ["none"],
                  "medicines": ["none"], "weight_surgery": "no"},
    "gut": {"gut_symptoms": ["none"], "gut_conditions": ["none"], "gut_alarm": ["none"],
            "infections": ["none"]},
    "tests": {"vitd_tested": "no", "mg_tested": "no", "wants_test": "no"},
    "own": {"own_question": ""},
}  # fmt: skip

# The persona of the issue: 72, rarely outside, takes a PPI, mother with Hashimoto's.
OLDER_INDOORS = copy.deepcopy(QUIET)
OLDER_INDOORS["start"]["age"] = "72"
OLDER_INDOORS["sun"].update(outdoor_time="under_15", indoors="yes")
OLDER_INDOORS["family"] = {
    "family_autoimmune": "yes",
    "family_conditions": ["hashimoto"],
    "relatives": ["parent"],
    "own_conditions": ["none"],
}
OLDER_INDOORS["medicines"].update(medicines=["ppi"], ppi_duration="over_year")


def persona(base=QUIET, **steps):
    """A copy of `base` with some steps' answers replaced or extended."""
    answers = copy.deepcopy(base)
    for step, values in steps.items():
        answers[step] = {**answers.get(step, {}), **values}
    return answers


def complete(client, answers, start="/step/start"):
    """Post each step the app asks for, while `answers` has answers for it; return the last
    response (a partial persona stops where its answers end)."""
    url, response, seen = start, None, 0
    while "/step/" in url and seen < 30:
        step_id = url.rsplit("/", 1)[-1].split("?")[0]
        if step_id not in answers:
            break
        response = client.post(url, data={**answers.get(step_id, {}), "action": "continue"})
        assert response.status_code == 302, (step_id, response.get_data(as_text=True)[:2000])
        url = response.headers["Location"]
        seen += 1
    return response


def flat(answers: dict, questionnaire=None) -> dict:
    """A persona's step-by-step form values as typed answers (as the API and the rules take
    them), each read by its question's type (of the fixture questionnaire by default)."""
    questionnaire = questionnaire or QUESTIONNAIRE
    typed = {}
    for values in answers.values():
        for key, value in values.items():
            question = questionnaire.questions.get(key)
            read = (
                question.read(value if isinstance(value, list) else [value]) if question else None
            )
            if read is not None and read.value is not None:
                typed[key] = read.value
    return typed


# The longest list and answers there can be: every family condition and relative, the
# longest own question allowed with no space to break it (use with MAX_PROMPTS=100).
LONGEST = persona(
    OLDER_INDOORS,
    start={"age": "80"},
    family={
        "family_autoimmune": "yes",
        "family_conditions": [
            "hashimoto", "graves", "type1_diabetes", "rheumatoid", "lupus", "ms", "celiac",
            "psoriasis", "crohns", "colitis", "sjogren", "vitiligo", "addison",
            "pernicious_anemia", "other",
        ],
        "relatives": [
            "parent", "sibling", "child", "grandparent", "aunt_uncle", "half_sibling", "other",
        ],
        "celiac_relative": "close",
        "own_conditions": [
            "thyroid", "type1_diabetes", "rheumatoid", "lupus", "ms", "psoriasis", "other",
        ],
    },
    own={"own_question": "W" * 300},
)  # fmt: skip
