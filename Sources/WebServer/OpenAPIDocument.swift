import Foundation
import HTCore
import RuleEngine

/// The OpenAPI 3.1 document of the JSON API, kept here and served at /openapi.json. The case
/// file's schema is the one generated from the vocabulary (the same as `htrules schema`).
enum OpenAPIDocument {
  static func json(vocabulary: Vocabulary, codes: [String]) -> String {
    let code = JSONOutput.object([("type", .string("string")), ("enum", .array(codes.map { .string($0) }))]).rendered(pretty: false)
    return template.replacingCaseSchema(with: CaseSchema.schema(for: vocabulary).rendered(pretty: false))
      .replacingOccurrences(of: "\"JURISDICTION_CODE\"", with: code)
  }

  static let template = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "htrules",
        "version": "1",
        "description": "Which US jurisdictions' definitions of human trafficking do the facts of a case meet, and why. Not legal advice. Case files are never stored or logged."
      },
      "servers": [{"url": "/"}],
      "paths": {
        "/api/v1/compare": {
          "post": {
            "summary": "Evaluate a case against every jurisdiction",
            "parameters": [
              {"$ref": "#/components/parameters/mode"},
              {"$ref": "#/components/parameters/as_of"},
              {"name": "nearest_misses", "in": "query", "required": false, "description": "Also the smallest changes that would make each result met (slower)", "schema": {"type": "string", "enum": ["true", "false"]}},
              {"name": "explain", "in": "query", "required": false, "description": "Also each result's explanation tree (large)", "schema": {"type": "string", "enum": ["true", "false"]}}
            ],
            "requestBody": {"$ref": "#/components/requestBodies/case"},
            "responses": {
              "200": {"description": "One result per jurisdiction, offense kind and role", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Results"}}}},
              "400": {"$ref": "#/components/responses/problem"},
              "413": {"$ref": "#/components/responses/tooLarge"},
              "422": {"$ref": "#/components/responses/problem"}
            }
          }
        },
        "/api/v1/check": {
          "post": {
            "summary": "Evaluate a case against chosen jurisdictions, with explanations and nearest misses",
            "parameters": [
              {"name": "jurisdiction", "in": "query", "required": true, "schema": {"type": "array", "items": "JURISDICTION_CODE", "minItems": 1}, "style": "form", "explode": true},
              {"$ref": "#/components/parameters/mode"},
              {"$ref": "#/components/parameters/as_of"}
            ],
            "requestBody": {"$ref": "#/components/requestBodies/case"},
            "responses": {
              "200": {"description": "Results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Results"}}}},
              "400": {"$ref": "#/components/responses/problem"},
              "413": {"$ref": "#/components/responses/tooLarge"},
              "422": {"$ref": "#/components/responses/problem"}
            }
          }
        },
        "/api/v1/questions": {
          "post": {
            "summary": "Unknown facts ranked by how many jurisdictions' results they would decide",
            "parameters": [{"$ref": "#/components/parameters/mode"}, {"$ref": "#/components/parameters/as_of"}],
            "requestBody": {"$ref": "#/components/requestBodies/case"},
            "responses": {
              "200": {
                "description": "Questions, most decisive first",
                "content": {"application/json": {"schema": {
                  "type": "object", "required": ["questions"],
                  "properties": {"questions": {"type": "array", "items": {
                    "type": "object", "required": ["fact", "question", "decides", "bears_on"],
                    "properties": {
                      "fact": {"type": "string"}, "question": {"type": "string"},
                      "decides": {"type": "array", "items": {"type": "string"}}, "bears_on": {"type": "array", "items": {"type": "string"}}
                    }
                  }}}
                }}}
              },
              "400": {"$ref": "#/components/responses/problem"},
              "413": {"$ref": "#/components/responses/tooLarge"},
              "422": {"$ref": "#/components/responses/problem"}
            }
          }
        },
        "/api/v1/diff": {
          "get": {
            "summary": "Two jurisdictions' definitions compared over every case, with witness cases",
            "parameters": [
              {"name": "a", "in": "query", "required": true, "schema": "JURISDICTION_CODE"},
              {"name": "b", "in": "query", "required": true, "schema": "JURISDICTION_CODE"},
              {"name": "offense", "in": "query", "required": false, "schema": {"type": "string", "enum": ["sex_trafficking", "labor_trafficking"]}},
              {"name": "role", "in": "query", "required": false, "schema": {"type": "string", "enum": ["exploiter", "buyer"]}},
              {"$ref": "#/components/parameters/mode"},
              {"$ref": "#/components/parameters/as_of"}
            ],
            "responses": {
              "200": {
                "description": "One comparison per offense kind",
                "content": {"application/json": {"schema": {"type": "array", "items": {
                  "type": "object", "required": ["a", "b", "offense", "role", "mode", "date", "relation", "differences", "witnesses"],
                  "properties": {
                    "a": {"type": "string"}, "b": {"type": "string"}, "offense": {"type": "string"}, "role": {"type": "string"},
                    "mode": {"type": "string"}, "date": {"type": "string"},
                    "relation": {"type": "string", "enum": ["narrower", "broader", "equivalent", "incomparable"]},
                    "differences": {"type": "array", "items": {"type": "object"}},
                    "witnesses": {"type": "array", "items": {"type": "object", "required": ["met_in", "not_met_in", "case"]}}
                  }
                }}}}
              },
              "400": {"$ref": "#/components/responses/problem"}
            }
          }
        },
        "/api/v1/matrix": {
          "get": {
            "summary": "The definition matrix for a date",
            "parameters": [{"name": "date", "in": "query", "required": false, "schema": {"type": "string", "format": "date"}}],
            "responses": {
              "200": {
                "description": "One row per jurisdiction",
                "content": {"application/json": {"schema": {
                  "type": "object", "required": ["as_of", "disclaimer", "rows"],
                  "properties": {
                    "as_of": {"type": "string"}, "disclaimer": {"type": "string"},
                    "rows": {"type": "array", "items": {"type": "object", "additionalProperties": {"type": "string"}}}
                  }
                }}}
              },
              "400": {"$ref": "#/components/responses/problem"}
            }
          }
        },
        "/api/v1/jurisdictions": {
          "get": {
            "summary": "The jurisdictions whose rules are loaded",
            "responses": {
              "200": {
                "description": "Codes and names",
                "content": {"application/json": {"schema": {"type": "array", "items": {
                  "type": "object", "required": ["code", "name", "offenses"],
                  "properties": {"code": {"type": "string"}, "name": {"type": "string"}, "offenses": {"type": "array", "items": {"type": "string"}}}
                }}}}
              }
            }
          }
        },
        "/api/v1/schema": {
          "get": {
            "summary": "The JSON Schema of the case file",
            "responses": {"200": {"description": "JSON Schema", "content": {"application/json": {"schema": {"type": "object"}}}}}
          }
        }
      },
      "components": {
        "parameters": {
          "mode": {"name": "mode", "in": "query", "required": false, "schema": {"type": "string", "enum": ["identification", "liability"]}},
          "as_of": {"name": "as_of", "in": "query", "required": false, "description": "Apply the law in force on this date (default: the case's date, else today)", "schema": {"type": "string", "format": "date"}}
        },
        "requestBodies": {
          "case": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}}
        },
        "responses": {
          "problem": {"description": "The request is wrong; `field` names what", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
          "tooLarge": {"description": "The body is over the size limit", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        },
        "schemas": {
          "Case": "CASE_SCHEMA",
          "Problem": {
            "type": "object", "required": ["type", "title", "status", "detail"],
            "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}, "field": {"type": "string"}}
          },
          "Results": {
            "type": "object", "required": ["mode", "date", "case", "disclaimer", "results"],
            "properties": {
              "mode": {"type": "string", "enum": ["identification", "liability"]},
              "date": {"type": "string"},
              "case": {"type": ["string", "null"]},
              "disclaimer": {"type": "string"},
              "results": {"type": "array", "items": {
                "type": "object",
                "required": ["jurisdiction", "jurisdiction_name", "offense", "role", "outcome", "reason", "citation", "prong", "missing", "confidence", "nearest_misses"],
                "properties": {
                  "jurisdiction": {"type": "string"}, "jurisdiction_name": {"type": "string"},
                  "offense": {"type": "string", "enum": ["sex_trafficking", "labor_trafficking"]},
                  "role": {"type": "string", "enum": ["exploiter", "buyer"]},
                  "outcome": {"type": "string", "enum": ["met", "not_met", "undetermined"]},
                  "reason": {"type": "string"}, "citation": {"type": "string"}, "prong": {"type": ["string", "null"]},
                  "missing": {"type": "array", "items": {"type": "string"}},
                  "confidence": {"type": "string", "enum": ["high", "medium", "low"]},
                  "nearest_misses": {"type": "array", "items": {"type": "object"}}
                }
              }}
            }
          }
        }
      }
    }

    """#
}

extension String {
  func replacingCaseSchema(with schema: String) -> String {
    guard let range = range(of: "\"CASE_SCHEMA\"") else { return self }
    return replacingCharacters(in: range, with: schema)
  }
}
