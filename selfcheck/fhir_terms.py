"""The FHIR R4 and SDC addresses the app's resources use (extensions and code systems), and
FHIRPath literals."""

from decimal import Decimal

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
SLIDER_STEP = "http://hl7.org/fhir/StructureDefinition/questionnaire-sliderStepValue"
OPTION_EXCLUSIVE = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)


def item_control(code: str) -> dict:
    """The standard itemControl extension asking a form client to draw an item as `code`."""
    return {
        "url": ITEM_CONTROL,
        "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": code}]},
    }


def fhirpath_string(text: str) -> str:
    """A FHIRPath string literal: quotes and backslashes escaped, so any text stays one literal."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace("'", "\\'")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f"'{escaped}'"


def fhirpath_number(value: int | float) -> str:
    """A FHIRPath number literal: plain digits (FHIRPath has no 1e-05), a negative one in
    brackets."""
    text = str(int(value)) if float(value).is_integer() else format(Decimal(repr(value)), "f")
    return f"({text})" if text.startswith("-") else text
