"""What a validating FHIR server checks in a Questionnaire and a QuestionnaireResponse: the
invariants the specification publishes, evaluated with a FHIRPath engine (fhirpathpy), plus
the enableWhen rules the R4 element definitions state in words.

Each invariant's key, human text and expression are copied verbatim from the specification
(hl7.fhir.r4.core 4.0.1, StructureDefinition Questionnaire and QuestionnaireResponse). Two R4
expressions are known to be wrong and every validator corrects them; for those the checker
evaluates the correction (`applied`) and says where it comes from:

- que-7 tests `answer is Boolean`, the System type, which a FHIR boolean is not (FHIRPath's
  `is` tests the FHIR type `boolean`; fhirpathpy and fhirpath.js both say false), so it fails
  on every enableWhen with operator 'exists'. R4B (4.3.0) and R5 publish `answer is boolean`,
  and the Firely .NET SDK corrects R4's to it.
- que-12 says "more than one enableWhen" but tests `count() > 2`; the HL7 Java validator
  (org.hl7.fhir.validation FHIRPathExpressionFixer) evaluates `count() >= 2`, and R4B and R5
  count from two.

R4 publishes one QuestionnaireResponse invariant, qrs-1. qrs-2 (repeated answers go in one
item) was published from R5 (5.0.0) on; it is checked too, with its source, because a server
on R5 rules checks it and our responses must pass either. Defined on an item, qrs-2 looks at
the items two levels below it, so it never sees two answered questions side by side in a
group at the top (our shape); SDC's sdcqr-2 says the same from the resource down and does,
so it is checked as well.

An invariant holds only when its expression evaluates to exactly `true`: empty counts as
failing, so an expression that cannot be evaluated on our resources is noticed, not passed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import fhirpathpy
from fhirpathpy.engine import nodes
from fhirpathpy.engine.invocations import existence
from fhirpathpy.models import models

R4 = models["r4"]
_distinct = existence.distinct_fn


def _distinct_keeping_types(ctx, collection):
    """fhirpathpy 2.2's distinct(), which union (`|`) and isDistinct() use, rebuilds each
    element from its bare data and so forgets its FHIR type: after `repeat(answer|item)`,
    `answer.value` (a choice type) finds nothing and qrs-2 and sdcqr-2 hold on anything.
    This keeps the first of each distinct element as it was (fhirpath.js does the same and
    gives false where this now gives false; tests/test_fhir_invariants.py shows it)."""
    if collection and all(isinstance(node, nodes.ResourceNode) for node in collection):
        kept: list = []
        for node in collection:
            if all(node.data != other.data for other in kept):
                kept.append(node)
        return kept
    return _distinct(ctx, collection)


existence.distinct_fn = _distinct_keeping_types
R4_CORE = "hl7.fhir.r4.core#4.0.1"


@functools.cache
def _compiled(expression: str, model: str) -> Callable:
    """fhirpathpy's evaluate() parses its expression (ANTLR) on every call, which cost the
    checks most of their time: the same few dozen expressions are evaluated thousands of
    times. fhirpathpy.compile parses once; evaluating is the same."""
    return fhirpathpy.compile(expression, models[model])


def evaluate(resource: dict, expression: str | dict, environment: dict, model: dict = R4) -> list:
    """As fhirpathpy.evaluate (an expression, or {"base": type, "expression": …}), with
    each expression parsed once."""
    name = next(key for key, value in models.items() if value is model)
    if isinstance(expression, dict):
        resource = nodes.ResourceNode.create_node(resource, expression["base"])
        expression = expression["expression"]
    return _compiled(expression, name)(resource, environment)


@dataclass(frozen=True)
class Invariant:
    key: str
    severity: str
    context: str  # the element it is defined on (the FHIRPath base of its expression)
    human: str
    expression: str  # verbatim as published in `source`
    source: str = R4_CORE
    applied: str | None = None  # the correction validators evaluate instead, if any
    applied_from: str | None = None

    @property
    def evaluated(self) -> str:
        return self.applied or self.expression


QUESTIONNAIRE = (
    Invariant(
        "que-0", "warning", "Questionnaire",
        "Name should be usable as an identifier for the module by machine processing "
        "applications such as code generation",
        "name.matches('[A-Z]([A-Za-z0-9_]){0,254}')",
    ),
    Invariant(
        "que-1", "error", "Questionnaire.item",
        "Group items must have nested items, display items cannot have nested items",
        "(type='group' implies item.empty().not()) and (type.trace('type')='display' implies "
        "item.trace('item').empty())",
    ),
    Invariant(
        "que-2", "error", "Questionnaire",
        "The link ids for groups and questions must be unique within the questionnaire",
        "descendants().linkId.isDistinct()",
    ),
    Invariant(
        "que-3", "error", "Questionnaire.item",
        'Display items cannot have a "code" asserted',
        "type!='display' or code.empty()",
    ),
    Invariant(
        "que-4", "error", "Questionnaire.item",
        "A question cannot have both answerOption and answerValueSet",
        "answerOption.empty() or answerValueSet.empty()",
    ),
    Invariant(
        "que-5", "error", "Questionnaire.item",
        "Only 'choice' and 'open-choice' items can have answerValueSet",
        "(type ='choice' or type = 'open-choice' or type = 'decimal' or type = 'integer' or "
        "type = 'date' or type = 'dateTime' or type = 'time' or type = 'string' or "
        "type = 'quantity') or (answerValueSet.empty() and answerOption.empty())",
    ),
    Invariant(
        "que-6", "error", "Questionnaire.item",
        "Required and repeat aren't permitted for display items",
        "type!='display' or (required.empty() and repeats.empty())",
    ),
    Invariant(
        "que-7", "error", "Questionnaire.item.enableWhen",
        "If the operator is 'exists', the value must be a boolean",
        "operator = 'exists' implies (answer is Boolean)",
        applied="operator = 'exists' implies (answer is boolean)",
        applied_from="hl7.fhir.r4b.core#4.3.0 que-7; the Firely .NET SDK's R4 correction",
    ),
    Invariant(
        "que-8", "error", "Questionnaire.item",
        "Initial values can't be specified for groups or display items",
        "(type!='group' and type!='display') or initial.empty()",
    ),
    Invariant(
        "que-9", "error", "Questionnaire.item",
        'Read-only can\'t be specified for "display" items',
        "type!='display' or readOnly.empty()",
    ),
    Invariant(
        "que-10", "error", "Questionnaire.item",
        "Maximum length can only be declared for simple question types",
        "(type in ('boolean' | 'decimal' | 'integer' | 'string' | 'text' | 'url' | "
        "'open-choice')) or maxLength.empty()",
    ),
    Invariant(
        "que-11", "error", "Questionnaire.item",
        "If one or more answerOption is present, initial[x] must be missing",
        "answerOption.empty() or initial.empty()",
    ),
    Invariant(
        "que-12", "error", "Questionnaire.item",
        "If there are more than one enableWhen, enableBehavior must be specified",
        "enableWhen.count() > 2 implies enableBehavior.exists()",
        applied="enableWhen.count() >= 2 implies enableBehavior.exists()",
        applied_from="the HL7 Java validator's FHIRPathExpressionFixer; R4B and R5 count from 2",
    ),
    Invariant(
        "que-13", "error", "Questionnaire.item",
        "Can only have multiple initial values for repeating items",
        "repeats=true or initial.count() <= 1",
    ),
)  # fmt: skip

QUESTIONNAIRE_RESPONSE = (
    Invariant(
        "qrs-1", "error", "QuestionnaireResponse.item",
        "Nested item can't be beneath both item and answer",
        "(answer.exists() and item.exists()).not()",
    ),
    Invariant(
        "qrs-2", "error", "QuestionnaireResponse.item",
        "Repeated answers are combined in the answers array of a single item",
        "repeat(answer|item).select(item.where(answer.value.exists()).linkId.isDistinct())"
        ".allTrue()",
        source="hl7.fhir.r5.core#5.0.0 (not in R4 or R4B)",
    ),
    Invariant(
        "sdcqr-2", "error", "QuestionnaireResponse",
        "When repeats=true for a group, it'll be represented with multiple items with the same "
        "linkId in the QuestionnaireResponse.  For a question, it'll be represented by a single "
        "item with that linkId with multiple answers.",
        "(QuestionnaireResponse|repeat(answer|item)).select(item.where(answer.value.exists())"
        ".linkId.isDistinct()).allTrue()",
        source="hl7.fhir.uv.sdc, SDC QuestionnaireResponse profiles (sdcqr-2)",
    ),
)  # fmt: skip

INVARIANTS = QUESTIONNAIRE + QUESTIONNAIRE_RESPONSE

# The answer[x] an enableWhen needs for the type of the question it reads: R4 words it as "A
# value that the referenced question is tested using the specified operator", which only a
# value of the question's own type can be (the HL7 validator reports a type mismatch);
# 'exists' takes a boolean (que-7).
ANSWER_OF_TYPE = {
    "boolean": "answerBoolean",
    "decimal": "answerDecimal",
    "integer": "answerInteger",
    "date": "answerDate",
    "dateTime": "answerDateTime",
    "time": "answerTime",
    "string": "answerString",
    "text": "answerString",
    "choice": "answerCoding",
    "open-choice": "answerCoding",
    "quantity": "answerQuantity",
    "reference": "answerReference",
}
ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)
EMPTY_RESPONSE = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}


@dataclass(frozen=True)
class Violation:
    key: str
    where: str  # the element, by linkId where it has one
    human: str

    def __str__(self) -> str:
        return f"{self.key} at {self.where}: {self.human}"


def _items(node: dict) -> Iterator[dict]:
    """Every item at any depth, also beneath answers (a response's nested questions)."""
    for item in node.get("item", []) or []:
        yield item
        yield from _items(item)
        for answer in item.get("answer", []) or []:
            yield from _items(answer)


def _elements(resource: dict, context: str) -> Iterator[tuple[str, dict]]:
    kind = resource.get("resourceType")
    if context == kind:
        yield kind, resource
    elif context == f"{kind}.item":
        for item in _items(resource):
            yield item.get("linkId", "?"), item
    elif context == f"{kind}.item.enableWhen":
        for item in _items(resource):
            for i, entry in enumerate(item.get("enableWhen", []) or []):
                yield f"{item.get('linkId', '?')}.enableWhen[{i}]", entry


def holds(expression: str, element: dict, context: str, resource: dict) -> bool:
    """Whether a FHIRPath expression is exactly true on an element of the resource."""
    environment = {"resource": resource, "rootResource": resource}
    base = {"base": context, "expression": expression}
    return evaluate(element, base, environment, R4) == [True]


def invariant_violations(resource: dict) -> list[Violation]:
    """Every published invariant the resource breaks."""
    found = []
    for invariant in INVARIANTS:
        for where, element in _elements(resource, invariant.context):
            if not holds(invariant.evaluated, element, invariant.context, resource):
                found.append(Violation(invariant.key, where, invariant.human))
    return found


def enable_when_violations(questionnaire: dict) -> list[Violation]:
    """enableWhen that names no question of this Questionnaire, or whose answer[x] is not of
    that question's type; an enableWhenExpression that is not exactly true or false while
    nothing is answered (it must be a valid condition from the start)."""
    if questionnaire.get("resourceType") != "Questionnaire":
        return []
    by_link = {item.get("linkId"): item for item in _items(questionnaire)}
    found = []
    for item in _items(questionnaire):
        link = item.get("linkId", "?")
        for i, entry in enumerate(item.get("enableWhen", []) or []):
            where = f"{link}.enableWhen[{i}]"
            target = by_link.get(entry.get("question"))
            if target is None or target.get("type") in ("group", "display"):
                found.append(Violation("ew-question", where, "names no question item"))
                continue
            answers = [key for key in entry if key.startswith("answer")]
            wanted = ANSWER_OF_TYPE.get(target.get("type"))
            if entry.get("operator") != "exists" and answers != [wanted]:  # exists: que-7
                found.append(
                    Violation("ew-type", where, f"{answers} for a {target.get('type')} question")
                )
        for extension in item.get("extension", []) or []:
            if extension.get("url") != ENABLE_WHEN_EXPRESSION:
                continue
            expression = extension["valueExpression"]["expression"]
            try:
                result = evaluate(EMPTY_RESPONSE, expression, {"resource": EMPTY_RESPONSE}, R4)
            except Exception as error:  # noqa: BLE001 - any failure to evaluate is the finding
                result = [f"{type(error).__name__}: {error}"]
            if result not in ([True], [False]):
                found.append(Violation("ew-expression", link, f"{result!r} on an empty response"))
    return found


def violations(resource: dict) -> list[Violation]:
    """Everything a validating server would refuse in this resource."""
    return invariant_violations(resource) + enable_when_violations(resource)
