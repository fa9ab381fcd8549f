// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "htrules",
  products: [
    .executable(name: "htrules", targets: ["htrules"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // libxml2, reached through pkg-config. Only StatuteXML/XMLReader.swift imports it.
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]
    ),
    // Shared value types: diagnostics with source offsets, the vocabulary, dates, JSON reading.
    .target(name: "HTCore"),
    // Stage 1-2: read Statutes/*.xml safely, validate against the XSD, decode the statute model.
    .target(name: "StatuteXML", dependencies: ["CLibXML2", "HTCore"]),
    // Stage 3: the rule language: lexer, recovering parser, AST, checker, canonical printer.
    .target(name: "RuleSyntax", dependencies: ["HTCore"]),
    // Statute model -> rule AST.
    .target(name: "StatuteCompiler", dependencies: ["StatuteXML", "RuleSyntax"]),
    // Stage 4: case facts, three-valued evaluation, explanations, definition probes.
    .target(name: "RuleEngine", dependencies: ["RuleSyntax", "HTCore"]),
    // Stage 5: text, JSON and CSV renderings of results.
    .target(name: "RuleExport", dependencies: ["RuleEngine", "HTCore"]),
    // Stage 6: the command-line interface (thin wiring, one file per subcommand).
    .executableTarget(
      name: "htrules",
      dependencies: [
        "HTCore", "StatuteXML", "RuleSyntax", "StatuteCompiler", "RuleEngine", "RuleExport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "HTCoreTests", dependencies: ["HTCore"]),
    .testTarget(name: "StatuteXMLTests", dependencies: ["StatuteXML", "HTCore"]),
    .testTarget(name: "RuleSyntaxTests", dependencies: ["RuleSyntax", "HTCore"]),
    .testTarget(
      name: "StatuteCompilerTests",
      dependencies: ["StatuteCompiler", "StatuteXML", "RuleSyntax", "HTCore"],
      exclude: ["Fixtures"]
    ),
    .testTarget(name: "RuleEngineTests", dependencies: ["RuleEngine", "RuleSyntax", "HTCore"]),
    .testTarget(name: "RuleExportTests", dependencies: ["RuleExport", "RuleEngine", "HTCore"]),
    .testTarget(name: "CLITests", dependencies: ["htrules", "StatuteXML"], exclude: ["Golden"]),
  ],
  swiftLanguageModes: [.v6]
)
