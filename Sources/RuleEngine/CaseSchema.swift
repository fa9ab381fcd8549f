import HTCore

/// The JSON Schema of the case file, generated from the vocabulary.
public enum CaseSchema {
  public static func schema(for vocabulary: Vocabulary) -> JSONOutput {
    func property(_ term: Vocabulary.Term) -> JSONOutput {
      let kind: String
      switch term.category {
      case .fact: kind = "fact: something the patient or records can tell"
      case .concept: kind = "legal concept: evaluated from the other facts by each statute's definition; a direct answer is also accepted"
      case .mental: kind = "the actor's knowledge or state of mind: assumed in identification mode"
      }
      var members: [(String, JSONOutput)] = [
        ("description", .string(term.meaning + " Question: " + term.question)),
        ("x-htrules-category", .string(term.category.rawValue)),
        ("x-htrules-kind", .string(kind)),
      ]
      switch term.type {
      case .boolean:
        members.append(("type", .array([.string("boolean"), .string("null")])))
      case .age:
        members.append(("type", .array([.string("integer"), .string("null")])))
        members.append(("minimum", .int(0)))
        members.append(("maximum", .int(120)))
      case .mentalState:
        members.append(("enum", .array(MentalLevel.allCases.map { .string($0.rawValue) } + [.null])))
      }
      return .object(members)
    }
    func object(_ description: String, _ properties: [(String, JSONOutput)]) -> JSONOutput {
      .object([
        ("description", .string(description)),
        ("type", .array([.string("object"), .string("null")])),
        ("additionalProperties", .bool(false)),
        ("properties", .object(properties)),
      ])
    }
    func group(_ g: Vocabulary.Group) -> [(String, JSONOutput)] {
      vocabulary.terms(in: g).map { ($0.id, property($0)) }
    }
    let actor = object(
      "A person in the case and what they did. Absent or null facts are unknown.",
      group(.actor) + [
        ("acts", object("What this person did (true, false, or null when unknown).", group(.acts))),
        ("means", object("Means this person used against the victim (true, false, or null when unknown).", group(.means))),
      ])
    return .object([
      ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
      ("$id", .string("urn:htrules:case:1")),
      ("title", .string("htrules case file")),
      (
        "description",
        .string(
          "The facts of one case. Every fact is three-valued: true/false (or a number or string) is known; absent or null is unknown. `date` is when the conduct happened and picks the law in force."
        )
      ),
      ("type", .string("object")),
      ("additionalProperties", .bool(false)),
      (
        "properties",
        .object([
          (
            "id",
            .object([
              ("type", .array([.string("string"), .string("number"), .string("null")])),
              ("description", .string("An identifier for the case (do not use names or record numbers); a number is read as its text.")),
            ])
          ),
          (
            "date",
            .object([
              ("type", .array([.string("string"), .string("null")])), ("format", .string("date")),
              ("description", .string("When the conduct happened, YYYY-MM-DD. Default (absent or null): today.")),
            ])
          ),
          ("victim", object("The person who may have been trafficked.", group(.victim))),
          ("purpose", object("What the victim was used for (true, false, or null when unknown).", group(.purpose))),
          ("exploiter", actor),
          ("buyer", actor),
        ])
      ),
    ])
  }
}
