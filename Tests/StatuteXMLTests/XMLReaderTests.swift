import Foundation
import HTCore
import StatuteXML
import Testing

enum Paths {
  static var root: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }
  static var statutes: String { root + "/Statutes" }
  static var schema: String { StatuteReader.statuteSchemaPath(in: statutes) }
}

let minimalStatute = """
  <?xml version="1.0" encoding="UTF-8"?>
  <jurisdiction xmlns="urn:htrules:statute:1" format-version="1" code="ZZ" name="Testland">
    <sources>
      <source id="s1" citation="Testland Code § 1" url="https://example.org/1" current-as-of="2024-01-01" accessed="2026-11-23" tier="official"/>
    </sources>
    <offense id="sex_trafficking" kind="sex_trafficking" name="Trafficking" citation="Testland Code § 1">
      <version effective-from="2020-01-01">
        <prong id="a" roles="exploiter" citation="Testland Code § 1(a)" source="s1" confidence="high">
          <summary>A test route.</summary>
          <victim-age below="18" citation="Testland Code § 1(a)(1)"><summary>Under 18.</summary></victim-age>
        </prong>
      </version>
    </offense>
  </jurisdiction>

  """

@Suite struct XMLReaderTests {
  func read(_ text: String) -> (XMLElementNode?, [Diagnostic]) {
    XMLDocumentReader.read(bytes: Array(text.utf8), fileName: "T.xml", schemaPath: Paths.schema)
  }

  @Test func readsAValidFile() throws {
    let (root, problems) = read(minimalStatute)
    #expect(problems.isEmpty)
    let jurisdiction = try #require(root)
    #expect(jurisdiction.attribute("code") == "ZZ")
    #expect(jurisdiction.child(named: "offense")?.line == 6)
  }

  @Test func refusesExternalEntitiesWithoutFetching() {
    let xxe = """
      <?xml version="1.0"?>
      <!DOCTYPE jurisdiction [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
      <jurisdiction>&xxe;</jurisdiction>
      """
    let (root, problems) = read(xxe)
    #expect(root == nil)
    #expect(problems.count == 1)
    #expect(problems[0].message.contains("not allowed"))
    #expect(problems[0].position == .offset(22))
  }

  @Test func refusesEntityExpansionBombs() {
    var lol = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
    for level in 1...9 {
      lol += " <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1 == 0 ? "" : String(level - 1));", count: 10) + "\">\n"
    }
    lol += "]>\n<lolz>&lol9;</lolz>\n"
    let (root, problems) = read(lol)
    #expect(root == nil)
    #expect(problems.first?.message.contains("not allowed") == true)
  }

  @Test func refusesBadUTF8WithItsOffset() {
    var bytes = Array("<a>ok".utf8)
    bytes += [0xC3, 0x28]
    bytes += Array("</a>".utf8)
    let (root, problems) = XMLDocumentReader.read(bytes: bytes, fileName: "T.xml", schemaPath: nil)
    #expect(root == nil)
    #expect(problems.first?.position == .offset(5))
    #expect(problems.first?.message.contains("UTF-8") == true)
  }

  @Test func refusesOversizedFiles() {
    let bytes = [UInt8](repeating: 0x20, count: XMLDocumentReader.maximumSize + 1)
    let (root, problems) = XMLDocumentReader.read(bytes: bytes, fileName: "T.xml", schemaPath: nil)
    #expect(root == nil)
    #expect(problems.first?.message.contains("limit") == true)
  }

  @Test func reportsMalformedXMLWithALine() {
    let (root, problems) = read("<a>\n<b>\n</a>\n")
    #expect(root == nil)
    #expect(problems.contains { if case .line(let l) = $0.position { return l >= 2 } else { return false } })
  }

  @Test func reportsSchemaViolationsWithLines() {
    let broken = minimalStatute.replacingOccurrences(of: "roles=\"exploiter\" ", with: "").replacingOccurrences(of: "below=\"18\"", with: "below=\"eighteen\"")
    let (_, problems) = read(broken)
    #expect(problems.count >= 2)
    #expect(problems.contains { $0.message.contains("roles") && $0.position == .line(8) })
    #expect(problems.contains { $0.message.contains("eighteen") && $0.position == .line(10) })
    #expect(!problems.contains { $0.message.contains("{urn:") })
  }
}

@Suite struct StatuteReaderTests {
  @Test func decodesTheStatuteModel() throws {
    let (statute, problems) = StatuteReader.readStatute(bytes: Array(minimalStatute.utf8), displayName: "ZZ.xml", schemaPath: Paths.schema)
    #expect(problems.isEmpty)
    let model = try #require(statute)
    #expect(model.code == "ZZ")
    #expect(model.offenses[0].versions[0].prongs[0].conditions[0].test == .victimAge(.below(18)))
    #expect(model.offenses[0].versions[0].effectiveTo == nil)
  }

  @Test func readsTheBundledVocabulary() throws {
    let path = Paths.statutes + "/vocabulary.xml"
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let (vocabulary, problems) = StatuteReader.readVocabulary(
      bytes: bytes, displayName: path, schemaPath: StatuteReader.vocabularySchemaPath(in: Paths.statutes))
    #expect(problems.isEmpty)
    let v = try #require(vocabulary)
    #expect(v.term(.victim, "age")?.type == .age)
    #expect(v.term(.actor, "knew_victim_age")?.category == .mental)
    #expect(v.terms.allSatisfy { !$0.meaning.isEmpty && !$0.question.isEmpty })
    #expect(v.ids(in: .acts).contains("patronize"))
  }

  @Test func everyBundledStatuteValidates() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Paths.statutes).filter { $0.hasSuffix(".xml") && $0 != "vocabulary.xml" }
    #expect(files.count >= 7)
    for file in files {
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Paths.statutes + "/" + file)))
      let (statute, problems) = StatuteReader.readStatute(bytes: bytes, displayName: file, schemaPath: Paths.schema)
      #expect(problems.filter(\.isError).isEmpty, "\(file): \(problems)")
      #expect(statute?.code == String(file.dropLast(4)))
    }
  }
}
