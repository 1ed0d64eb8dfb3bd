"""The second clinical read, of questions.yaml 0.4.0, finding by finding (0.4.1).

A clinical pharmacist and health-literacy editor read 27 more people (q01 … q27) and some of
the first review's (p06, p08, p22, p24). Three blocking findings: C1 a vitamin D amount in an
unknown unit was read only as IU, though US labels give mcg; C2 a result of 151-375 in an
unknown unit got "soon", not "today"; C3 three notices had no list item under them. Then
I-a … I-d and the minor ones done in the YAML (M1, M4, M5, M6). Each test is one of the
reviewer's people, with the exact words they must and must not read.
"""

from __future__ import annotations

import re

import pytest
import yaml

from ..conftest import ROOT
from ..reading import prompt_ids, text_of
from .people import Reader, complete, reads_as_expected
from .test_clinical_review import (
    KIDNEY_NOTICE,
    MAGNESIUM_NOTICE,
    MAN,
    RESULT_NOTICE,
    RESULT_TODAY,
    UNIT_NOTICE,
    VITAMIN_D_FOODS,
    VITAMIN_D_NOTICE,
    person,
    result,
    vitamin_d,
)

UNKNOWN_DOSE_NOTICE = "Check your vitamin D amount with a clinician soon"
IF_MCG = "If your number is in mcg, this amount is very high: 250 mcg (10,000 IU) a day or more"
NO_ITEMS = "Your answers did not point to any particular questions"

READERS = [
    # --- C1: an unknown unit is also read as mcg --------------------------------------------
    Reader(
        "q24: 250 a day, unit not known",
        person(age=45, **vitamin_d(250, unit="unknown")),
        must={"bring_labels_unit"},
        says=(
            UNKNOWN_DOSE_NOTICE,
            "You told us you take 250 (unit not known) of vitamin D every day.",
            "US labels now give vitamin D in mcg (micrograms).",
            IF_MCG,
            "If it is in IU, it may be fine.",
            "I take 250 of vitamin D, but I don't know if that is IU or mcg.",
        ),
        never_says=(*VITAMIN_D_FOODS,),  # too much vitamin D may be in view
    ),
    Reader(
        "q24 (es): 250 al día, unidad desconocida",
        person(age=45, **vitamin_d(250, unit="unknown")),
        says=(
            "Revise pronto su cantidad de vitamina D con un profesional de salud",
            "Nos dijo que toma 250 (unidad desconocida) de vitamina D todos los días.",
            "250 mcg (10 000 UI) al día o más pueden causar daño",  # text_of() folds U+00A0
        ),
        never_says=("10.000", "10,000"),
        lang="es",
    ),
    Reader(
        "p24: 1,250 a day, unit not known",
        person(**vitamin_d(1250, unit="unknown")),
        must={"bring_labels_unit"},
        says=(UNKNOWN_DOSE_NOTICE, "You told us you take 1,250 (unit not known) of vitamin D"),
    ),
    Reader(
        "q20: 5,000 a day, unit not known: the notice and the upper-limit item",
        person(age=45, **vitamin_d(5000, unit="unknown")),
        must={"vitd_dose_high"},
        says=(UNKNOWN_DOSE_NOTICE, "I take 5,000 (unit not known) of vitamin D every day."),
        never_says=(VITAMIN_D_NOTICE + ":",),  # 5,000 read as IU is not 10,000 or more
    ),
    Reader(
        "1,750 once a week, unit not known (250 a day on average)",
        person(**vitamin_d(1750, unit="unknown", how_often="week")),
        says=(UNKNOWN_DOSE_NOTICE,),
    ),
    Reader(
        "200 a day, unit not known: 200 mcg is below 250, no notice",
        person(**vitamin_d(200, unit="unknown")),
        must={"bring_labels_unit"},
        never_says=(UNKNOWN_DOSE_NOTICE,),
    ),
    Reader(
        "250 mcg a day, unit known: the very-high notice, not the unknown-unit one",
        person(**vitamin_d(250, unit="mcg")),
        must={"vitd_dose_very_high"},
        says=(VITAMIN_D_NOTICE,),
        never_says=(UNKNOWN_DOSE_NOTICE,),
    ),
    # --- C2: an unknown result unit above 150 gets "today" ---------------------------------
    Reader(
        "q09: 50,000 in an unknown unit, not sure how often; a result of 200, unit not known",
        person(
            age=40,
            **vitamin_d(50000, unit="unknown", how_often="not_sure"),
            **result(200, "unknown"),
        ),
        must={"high_vitd_result"},
        says=(
            RESULT_TODAY,
            "You told us a vitamin D blood result of 200, but not its unit.",
            "If the lab used ng/mL, a result above 150 is in the range linked with harm from too "
            "much vitamin D",
            "If it used nmol/L, the result is still high. Please contact a clinician today.",
            "If you feel very unwell, get emergency help now.",
        ),
        never_says=(RESULT_NOTICE, UNIT_NOTICE),
    ),
    Reader(
        "q09 (es): a result of 200, unit not known",
        person(age=40, **result(200, "unknown")),
        says=(
            "Comuníquese hoy con un profesional de salud por su resultado de vitamina D",
            "Si el laboratorio usó ng/mL, un resultado de más de 150 está en el rango",
        ),
        lang="es",
    ),
    Reader(
        "a result of 140, unit not known: high in either unit, 'soon'",
        person(**result(140, "unknown")),
        says=(RESULT_NOTICE,),
        never_says=(RESULT_TODAY, UNIT_NOTICE),
    ),
    # --- C3: a kept item under every notice -----------------------------------------------
    Reader(
        "q21: 6,000 mg of magnesium and nothing else",
        person(
            age=60, **MAN, mg_supplement="yes", mg_dose=6000, mg_form="citrate", mg_stomach="no"
        ),  # fmt: skip
        must={"mg_very_high_item"},
        says=(
            MAGNESIUM_NOTICE,
            "I take 6,000 mg of magnesium a day. Is this amount safe for me, and should my "
            "magnesium level be checked?",
            "Which kind of magnesium is it? Citrate",
        ),
        never_says=(NO_ITEMS,),
    ),
    Reader(
        "q21 (es): 6000 mg de magnesio",
        person(
            age=60, **MAN, mg_supplement="yes", mg_dose=6000, mg_form="citrate", mg_stomach="no"
        ),  # fmt: skip
        says=(
            "Tomo 6000 mg de magnesio al día. ¿Esta cantidad es segura para mí, y deberían "
            "revisarme el nivel de magnesio?",
        ),
        never_says=("6.000", "6\u00a0000"),
        lang="es",
    ),
    Reader(
        "q26: blood in the stool, nothing else",
        person(age=55, gut_alarm=["blood_in_stool"]),
        must={"gut_alarm_item"},
        says=(
            "You said you have had blood in your stool.",
            "I have had a gut warning sign. What should we check, and how soon?",
            "The signs you told us about need a prompt check, not a routine one.",
        ),
        never_says=(NO_ITEMS, "I have had blood in your stool", "weight loss without trying"),
    ),
    Reader(
        "q27: dialysis and 1,000 IU of vitamin D",
        person(age=70, kidney="yes", **vitamin_d(1000)),
        must={"kidney_vitd"},
        must_not={"kidney_mg", "kidney_mg_antacid"},
        says=(
            KIDNEY_NOTICE,
            "I have kidney disease or am on dialysis, and I take vitamin D. Is it safe for me, and "
            "should any levels be checked?",
            "How much vitamin D do you take each time? 1,000",
        ),
        never_says=(NO_ITEMS, "and I take magnesium"),
    ),
    Reader(
        "q22: dialysis, 5,000 IU of vitamin D and 500 mg of magnesium: both amounts shown",
        person(
            age=85,
            **MAN,
            kidney="yes",
            **vitamin_d(5000),
            mg_supplement="yes",
            mg_dose=500,
            mg_form="oxide",
            mg_stomach="no",
        ),  # fmt: skip
        must={"kidney_vitd", "kidney_mg"},
        must_not={"kidney_mg_antacid", "vitd_dose_high", "mg_dose_high"},
        says=(
            "I have kidney disease or am on dialysis, and I take magnesium. Is it safe for me, and "
            "should my magnesium level be checked?",
            "How much vitamin D do you take each time? 5,000",
            "How much magnesium do you take a day? 500 mg",
        ),
    ),
    Reader(
        "kidney disease and milk of magnesia only",
        person(kidney="yes", medicines=["mg_antacid"]),
        must={"kidney_mg_antacid"},
        must_not={"kidney_vitd", "kidney_mg"},
        says=(
            "I have kidney disease or am on dialysis, and I take an antacid or laxative with "
            "magnesium.",
        ),
    ),
    # --- I-a: told it was not normal, she keeps the calcium question -------------------------
    Reader(
        "q11 (es): 400 nmol/L, told it was not normal",
        person(age=58, **vitamin_d(2000), **result(400, "nmol_l", abnormal="yes")),
        must={"high_vitd_result"},
        must_not={"abnormal_vitd_result"},
        says=(
            "Comuníquese hoy con un profesional de salud por su resultado de vitamina D",
            "Mi resultado de vitamina D fue 400 nmol/L. ¿Qué significa para mí, y deberían "
            "revisarme el calcio?",
            "¿Le dijeron que un resultado de vitamina D o de magnesio no era normal? Sí",
        ),
        lang="es",
    ),
    Reader(
        "told it was not normal, 42 nmol/L: still the one merged item",
        person(**result(42, "nmol_l", abnormal="yes")),
        must={"abnormal_vitd_result"},
        must_not={"high_vitd_result"},
    ),
    # --- I-c: the kidney notice quotes what set it off -------------------------------------
    Reader(
        "q27: the kidney notice",
        person(age=70, kidney="yes", **vitamin_d(1000)),
        says=(
            "You told us you have kidney disease or are on dialysis.",
            "You also take at least one of these: vitamin D, magnesium, or an antacid or laxative "
            "with magnesium.",
            "vitamin D changes how the body handles calcium",
        ),
        never_says=("You said you have kidney disease",),
    ),
    Reader(
        "q27 (es): the kidney notice",
        person(age=70, kidney="yes", **vitamin_d(1000)),
        says=(
            "Nos dijo que tiene una enfermedad de los riñones o que recibe diálisis.",
            "También toma al menos uno de estos:",
        ),
        lang="es",
    ),
    # --- M1: under a high result, no "for how long?" ---------------------------------------
    Reader(
        "q10: 5,000 IU a day and 200 nmol/L",
        person(age=58, **vitamin_d(5000), **result(200, "nmol_l")),
        must={"vitd_dose_high_result", "high_vitd_result"},
        must_not={"vitd_dose_high"},
        says=(
            "I take 5,000 IU of vitamin D every day, and my vitamin D result was 200 nmol/L. "
            "Should I keep taking this amount?",
        ),
        never_says=("and for how long?",),
    ),
    Reader(
        "5,000 IU a day and a normal result: still 'for how long?'",
        person(**vitamin_d(5000), **result(30, "ng_ml")),
        must={"vitd_dose_high"},
        must_not={"vitd_dose_high_result"},
        says=("Is this amount right for me, and for how long?",),
    ),
    # --- M4, M5: the food guide's words stay true ------------------------------------------
    Reader(
        "q15: breastfeeding, 50,000 IU a week, 12 ng/mL: magnesium foods only",
        person(
            age=30,
            pregnant="breastfeeding",
            **vitamin_d(50000, how_often="week"),
            **result(12, "ng_ml", abnormal="yes"),
        ),  # fmt: skip
        says=(
            "Some foods, and what they give",
            "Amount the NIH recommends for most healthy people your age (and in pregnancy or "
            "breastfeeding): 310 mg",
        ),
        never_says=("Foods that give vitamin D and magnesium", *VITAMIN_D_FOODS),
    ),
    # --- M6: a water pill with calcium, and little sun at 72 -------------------------------
    Reader(
        "p08-like: 72, little sun, a thiazide and calcium",
        person(
            age=72,
            outdoor_time="under_15",
            indoors="yes",
            medicines=["thiazide"],
            minerals=["calcium"],
        ),  # fmt: skip
        must={"thiazide_vitd"},
        must_not={"older_little_sun", "older_adult", "little_sun"},
    ),
    Reader(
        "72 and little sun, no water pill: the sun item stays",
        person(age=72, outdoor_time="under_15", indoors="yes"),
        must={"older_little_sun"},
    ),
]


@pytest.mark.parametrize("reader", READERS, ids=[r.name for r in READERS])
def test_the_second_reviews_people_read_what_it_asked_for(client, reader):
    complete(client, reader.answers, reader.start)
    html = client.get(f"/results?lang={reader.lang}").get_data(as_text=True)
    reads_as_expected(html, reader)


def order(html: str) -> list[str]:
    return re.findall(r'id="prompt-([a-z0-9_]+)"', html)


def test_p06_the_calcium_item_leads_under_the_unit_notice(client):
    """I-b: a result of 80 in an unknown unit; the kept priority-1 item comes first."""
    p06 = person(age=40, **MAN, vitd_supplement="yes", vitd_unit="unknown",
                 vitd_how_often="not_sure", mg_supplement="yes", mg_form="unknown",
                 mg_stomach="no", **result(80, "unknown", when="one_to_three"))  # fmt: skip
    complete(client, p06)
    html = client.get("/results").get_data(as_text=True)
    assert order(html)[0] == "high_vitd_result"
    assert UNIT_NOTICE in text_of(html)


def test_q22_the_kidney_items_lead_the_list(client):
    """C3: the items kept under the kidney notice come before the PPI item."""
    complete(client, person(age=85, **MAN, kidney="yes", medicines=["ppi"],
                            ppi_duration="over_year", **vitamin_d(5000), mg_supplement="yes",
                            mg_dose=500, mg_form="oxide", mg_stomach="no"))  # fmt: skip
    assert order(client.get("/results").get_data(as_text=True))[:3] == [
        "kidney_vitd", "kidney_mg", "ppi"
    ]  # fmt: skip


@pytest.mark.parametrize(
    "lang, must, must_not",
    [
        ("en", "The nurse, midwife or doctor who cares for you in pregnancy or after the birth",
         "A parent, a school nurse"),
        ("es", "La enfermera, la partera o el médico que la atiende en el embarazo",
         "Su madre o su padre"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("pregnant", ["pregnant", "breastfeeding"])
def test_q01_a_pregnant_16_year_old_is_pointed_to_her_pregnancy_care(
    client, lang, must, must_not, pregnant
):
    """I-d: the first stop that applies is shown, so hers comes before the general under-18."""
    response = complete(client, person(age=16, pregnant=pregnant))
    page = client.get(f"{response.headers['Location']}?lang={lang}", follow_redirects=True)
    text = text_of(page.get_data(as_text=True))
    assert must in text and must_not not in text
    assert prompt_ids(page.get_data(as_text=True)) == set()


def test_an_under_18_who_is_not_pregnant_still_gets_the_general_page(client):
    response = complete(client, person(age=16))
    text = text_of(client.get(response.headers["Location"], follow_redirects=True).get_data(
        as_text=True))  # fmt: skip
    assert "A parent, a school nurse or your family doctor" in text
    assert "midwife" not in text


def test_the_dose_question_says_us_labels_give_mcg(questionnaire):
    """C1, step 4: fewer people should need to answer 'I don't know'."""
    hint = questionnaire.questions["vitd_dose"].hint
    assert "US labels list vitamin D in mcg, often with IU in brackets" in hint
    assert "25 mcg (1,000 IU)" in hint


def test_the_new_spanish_groups_thousands_with_a_no_break_space():
    raw = yaml.safe_load((ROOT / "questions.yaml").read_text(encoding="utf-8"))
    notice = next(n for n in raw["notices"] if n["id"] == "vitd_dose_unit_unknown_high")
    assert "250 mcg (10\u00a0000 UI)" in notice["text"]["es"]
    item = next(p for p in raw["prompts"] if p["id"] == "mg_very_high_item")
    assert "de unos 5000 mg al día" in item["detail"]["es"]  # 4 digits stay whole


def test_the_unknown_unit_dose_notice_cites_the_fda_labelling_rule(questionnaire):
    notice = next(n for n in questionnaire.notices if n.id == "vitd_dose_unit_unknown_high")
    titles = " ".join(source.title for source in notice.sources)
    assert "81 FR 33742" in titles and "Vitamin D fact sheet" in titles
    kidney = next(n for n in questionnaire.notices if n.id == "kidney_supplements")
    assert {s.title for s in kidney.sources} >= {
        "Vitamin D fact sheet for health professionals",
        "Magnesium fact sheet for health professionals",
    }
