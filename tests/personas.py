"""Answer sets for whole flows through the shipped questionnaire, and a driver for them."""

from __future__ import annotations

import copy

QUIET = {
    "start": {"age": "45", "red_flags": ["none"], "pregnant": "neither", "kidney": "no"},
    "sun": {
        "outdoor_time": "over_60",
        "covered": "no",
        "indoors": "no",
        "skin_type": "tans_easily",
    },
    "diet": {"fatty_fish": "weekly", "nuts_seeds": "daily", "eating_pattern": "everything"},
    "wellbeing": {"stress": "3", "sleep_hours": "8", "refreshed": "usually"},
    "family": {"family_autoimmune": "no"},
    "medicines": {"vitd_supplement": "no", "mg_supplement": "no", "medicines": ["none"]},
    "gut": {"gut_conditions": ["none"], "gut_alarm": ["none"]},
    "tests": {"vitd_tested": "no", "mg_tested": "no"},
    "own": {"own_question": ""},
}

# The persona of the issue: 72, rarely outside, takes a PPI, mother with Hashimoto's.
OLDER_INDOORS = copy.deepcopy(QUIET)
OLDER_INDOORS["start"]["age"] = "72"
OLDER_INDOORS["sun"].update(outdoor_time="under_15", indoors="yes")
OLDER_INDOORS["family"] = {"family_autoimmune": "yes", "family_conditions": ["hashimoto"]}
OLDER_INDOORS["medicines"]["medicines"] = ["ppi"]


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
    while url.startswith("/step/") and seen < 30:
        step_id = url.rsplit("/", 1)[-1].split("?")[0]
        if step_id not in answers:
            break
        response = client.post(url, data={**answers.get(step_id, {}), "action": "continue"})
        assert response.status_code == 302, (step_id, response.get_data(as_text=True)[:2000])
        url = response.headers["Location"]
        seen += 1
    return response
