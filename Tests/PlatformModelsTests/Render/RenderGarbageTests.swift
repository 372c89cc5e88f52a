import Foundation
import PlatformModels
import Testing

/// A YAML text with a short name, so that test logs stay readable for megabyte-long inputs.
struct YAMLSample: CustomTestStringConvertible, Sendable {
    var label: String
    var text: String

    init(_ label: String, _ text: String) {
        self.label = label
        self.text = text
    }

    var testDescription: String { label }
}

/// Hostile or broken `render.yaml` files: each gives findings, quickly, and never a crash.
@Suite("render.yaml garbage", .timeLimit(.minutes(1)))
struct RenderGarbageTests {
    private func parse(bytes: [UInt8]) -> RenderBlueprint {
        RenderBlueprint.parse(TextFile(displayPath: "render.yaml", bytes: bytes))
    }

    @Test("binary bytes are a syntax error, not a crash")
    func binary() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let blueprint = parse(bytes: bytes)
            #expect(!blueprint.findings.isEmpty)
            #expect(blueprint.findings.allSatisfy { $0.severity == .error || $0.severity == .warning })
        }
        let nul = parse(bytes: Array("services:\n  - type: web\0\n".utf8))
        #expect(nul.findings.first?.code == .renderYAMLSyntax)
    }

    @Test("invalid UTF-8 is a syntax error on its line")
    func invalidUTF8() {
        let blueprint = parse(bytes: Array("services:\n  - type: web\n    name: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8))
        #expect(codeLines(blueprint.findings) == ["RENDER_YAML_SYNTAX@3"])
    }

    @Test("a huge file is refused before parsing")
    func huge() {
        let line = "# " + String(repeating: "x", count: 1000) + "\n"
        let blueprint = parseBlueprint(staticSite() + String(repeating: line, count: 1100))
        #expect(codes(blueprint.findings) == [.renderYAMLLimit])
    }

    @Test("a one-megabyte line below the limit is read")
    func longLine() {
        let blueprint = parseBlueprint(staticSite("    buildCommand2: " + String(repeating: "y", count: 900_000) + "\n"))
        #expect(codes(blueprint.findings) == [.renderKeyUnknown])
        #expect(blueprint.findings[0].message.count < 400)
    }

    @Test(
        "deep nesting is refused, in flow and block style",
        arguments: [
            YAMLSample("5,000 nested lists", String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)),
            YAMLSample("3,000 nested flow mappings", String(repeating: "{a: ", count: 3000) + "1" + String(repeating: "}", count: 3000)),
            YAMLSample("600 indented block mappings", (0..<600).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined()),
            YAMLSample("3,000 compact sequences", String(repeating: "- ", count: 3000) + "x\n"),
            YAMLSample("90 nested lists, under the text limit", String(repeating: "[", count: 90) + String(repeating: "]", count: 90)),
        ]
    )
    func deepNesting(_ sample: YAMLSample) {
        let blueprint = parseBlueprint(sample.text)
        #expect(blueprint.findings.contains { $0.code == .renderYAMLLimit || $0.code == .renderYAMLSyntax })
        #expect(blueprint.services.isEmpty)
    }

    @Test("an alias bomb stops at the node budget")
    func aliasBomb() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        text += "services: *a9\n"
        let blueprint = parseBlueprint(text)
        #expect(codes(blueprint.findings) == [.renderYAMLLimit])
        #expect(blueprint.findings[0].message.contains("alias"))
    }

    @Test(
        "aliases used as mapping keys are refused before Yams hashes them",
        arguments: [
            YAMLSample("alias as a key", "a: &a [x, y]\n*a : 1\n"),
            YAMLSample("explicit key", "a: &a [x, y]\n? *a\n: 1\n"),
            YAMLSample("list of aliases as a key", "a: &a [x, y]\nb: {[*a]: 1}\n"),
        ]
    )
    func aliasKeys(_ sample: YAMLSample) {
        let blueprint = parseBlueprint(sample.text)
        #expect(codes(blueprint.findings) == [.renderYAMLLimit])
    }

    @Test("aliases as values and merge keys stay accepted")
    func aliasValues() {
        let text = "x-cmd: &cmd npm run build\n" + staticSite().replacingOccurrences(of: "buildCommand: npm run build", with: "buildCommand: *cmd")
        let blueprint = parseBlueprint(text)
        #expect(codes(blueprint.findings) == [.renderKeyUnknown])
        #expect(blueprint.services[0].buildCommand == "npm run build")
    }

    @Test(
        "odd but valid YAML gives findings, not crashes",
        arguments: [
            "---\nservices: []\n---\nservices: []\n",
            "services:\n  - !!binary aGVsbG8=\n",
            "services:\n  - type: web\n    name: &n site\n    runtime: *undefined\n",
            "services:\n\t- type: web\n",
            "? [a, b]\n: c\n",
            "services:\n  - [1, 2]\n  - 3\n  - ~\n",
            "services:\n  - type: [web]\n    name: {a: b}\n    runtime: static\n    routes: {a: b}\n    headers: 3\n    envVars: x\n",
            "\u{FEFF}services: []\n",
            "~\n",
            "'just a string'\n",
        ]
    )
    func odd(_ text: String) {
        let blueprint = parseBlueprint(text)
        #expect(!blueprint.findings.isEmpty)
    }

    @Test("random mutations of a real blueprint never crash")
    func mutations() {
        let base = Array(RenderBlueprintParsingTests.fullBlueprint.utf8)
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(" \n\t-:[]{}&*!|>'\"#?,%@`".utf8)
        for _ in 0..<300 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[position] = alphabet.randomElement(using: &generator)!
                case 1: bytes.insert(alphabet.randomElement(using: &generator)!, at: position)
                default: bytes.remove(at: position)
                }
            }
            let blueprint = parse(bytes: bytes)
            for finding in blueprint.findings { #expect(finding.code.rawValue.hasPrefix("RENDER_")) }
        }
    }
}
