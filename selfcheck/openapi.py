"""The OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {
                        "type": "string",
                        "description": "A question id, or 'answers' or 'request'.",
                    },
                    "message": {"type": "string"},
                },
            },
        }
    },
}

ANSWERS = {
    "type": "object",
    "description": "Answers by question id: a choice id, several choice ids, a number or text. "
    "See GET /questionnaire for the ids.",
    "additionalProperties": {
        "oneOf": [
            {"type": "string"},
            {"type": "number"},
            {"type": "array", "items": {"type": "string"}},
        ]
    },
}

REQUEST = {
    "type": "object",
    "required": ["answers"],
    "properties": {
        "answers": ANSWERS,
        "format": {"type": "string", "enum": ["selfcheck-answers"]},
        "questionnaire": {
            "type": "object",
            "description": "Optional: the questionnaire the answers were given to. Another "
            "version's answers are used as far as they still fit.",
            "properties": {"id": {"type": "string"}, "version": {"type": "string"}},
        },
        "done": {"type": ["array", "null"], "items": {"type": "string"}},
        "saved": {"type": "string"},
        "clinic": {"type": "string"},
    },
    "description": "An answers file saved with “Save my answers” is a valid body as it is.",
}

SOURCE = {
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "publisher": {"type": "string"},
        "year": {"type": "integer"},
        "url": {"type": "string"},
    },
}

REPORT = {
    "type": "object",
    "required": ["questionnaire", "language", "stop", "questions"],
    "properties": {
        "questionnaire": {"type": "object"},
        "language": {"type": "string"},
        "stop": {
            "description": "Set when the answers call for urgent help (or say the "
            "questionnaire is not for this person): show this instead of any list.",
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "kind": {"type": "string", "enum": ["urgent", "not_for_you"]},
                        "title": {"type": "string"},
                        "text": {"type": "array", "items": {"type": "string"}},
                    },
                },
            ],
        },
        "questions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "text": {"type": "string"},
                    "topic": {"type": "string"},
                    "because": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "question": {"type": "string"},
                                "answer": {"type": "string"},
                            },
                        },
                    },
                    "detail": {"type": "string"},
                    "sources": {"type": "array", "items": SOURCE},
                    "reviewed": {"type": "string", "format": "date"},
                },
            },
        },
        "more": {
            "description": "What the length cap moved below the list, in order.",
            "type": "array",
            "items": {"type": "object"},
        },
        "left_out": {"type": "integer", "description": "How many are in `more`."},
        "notices": {"type": "array", "items": {"type": "object"}},
        "closing": {"type": "object"},
    },
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERRORS}}}


def document(languages: list[str]) -> dict[str, Any]:
    lang = {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": "The language of the words in the response.",
        "schema": {"type": "string", "enum": languages},
    }
    body = {"required": True, "content": {"application/json": {"schema": REQUEST}}}
    refused = {
        "400": _error("The body is not valid JSON."),
        "413": _error("The body is larger than 64 KB."),
        "415": _error("The body is not application/json."),
        "422": _error("Answers that do not fit the questionnaire, or required ones missing."),
        "429": _error("Too many requests from this address; try again later."),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "selfcheck",
            "version": "1",
            "description": "Answers in, questions to ask a clinician out. Nothing is stored. "
            "Not a diagnosis, not a risk score, never a dose.",
        },
        "paths": {
            "/api/v1/questionnaire": {
                "get": {
                    "summary": "The questionnaire: steps, questions, choices and conditions",
                    "parameters": [lang],
                    "responses": {
                        "200": {
                            "description": "The questionnaire",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
            "/api/v1/report": {
                "post": {
                    "summary": "The ordered clinician questions for a set of answers",
                    "parameters": [lang],
                    "requestBody": body,
                    "responses": {
                        "200": {
                            "description": "The list, or a stop page's words",
                            "content": {"application/json": {"schema": REPORT}},
                        },
                        **refused,
                    },
                }
            },
            "/api/v1/report.pdf": {
                "post": {
                    "summary": "The list as the PDF the results page offers",
                    "parameters": [lang],
                    "requestBody": body,
                    "responses": {
                        "200": {
                            "description": "The PDF",
                            "content": {"application/pdf": {"schema": {"type": "string"}}},
                        },
                        **refused,
                    },
                }
            },
        },
    }
