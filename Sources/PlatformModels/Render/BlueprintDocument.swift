import Yams

/// `render.yaml` read into a `BlueprintNode` tree with Yams, within limits that keep hostile input cheap.
///
/// Yams composes aliases by sharing the anchored node, so composing is linear in the text; what is not is
/// walking or hashing an alias bomb. So the text is checked before Yams sees it (size, nesting, aliases used as
/// mapping keys, which Yams hashes recursively), and the tree is built under a node budget. Anything over a limit
/// becomes a `RENDER_YAML_LIMIT` finding; anything libyaml rejects becomes `RENDER_YAML_SYNTAX` with its line.
struct BlueprintDocument {
    /// The largest `render.yaml` read, in bytes: real blueprints are a few kilobytes.
    static let maximumBytes = 1 << 20
    /// The most nodes the tree may hold once aliases are expanded.
    static let maximumNodes = 100_000
    /// The deepest nesting accepted; real blueprints nest about six levels.
    static let maximumDepth = 64

    /// The document's root, or nil when the file is empty or could not be read.
    var root: BlueprintNode?
    /// Why the file could not be read, if it could not.
    var findings: [Finding] = []

    /// Reads `file`.
    static func parse(_ file: TextFile) -> Self {
        var document = Self()
        let path = file.displayPath
        if file.text.utf8.count > maximumBytes {
            document.findings.append(
                Finding(
                    .renderYAMLLimit,
                    file: path,
                    line: nil,
                    message: "render.yaml is \(file.text.utf8.count) bytes; Chimera reads blueprints up to \(maximumBytes) bytes",
                    fix: "a blueprint is a few kilobytes: check that this is the right file"
                )
            )
            return document
        }
        if let line = file.firstInvalidUTF8Line {
            document.findings.append(
                Finding(
                    .renderYAMLSyntax,
                    file: path,
                    line: line,
                    message: "render.yaml is not valid UTF-8, which YAML requires; Render rejects the blueprint",
                    fix: "save the file as UTF-8"
                )
            )
            return document
        }
        if let problem = TextScan.problem(in: file.text) {
            document.findings.append(Finding(.renderYAMLLimit, file: path, line: problem.line, message: problem.message, fix: problem.fix))
            return document
        }
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: file.text)
        } catch let error as YamlError {
            document.findings.append(syntaxFinding(error, text: file.text, path: path))
            return document
        } catch {
            document.findings.append(
                Finding(.renderYAMLSyntax, file: path, line: nil, message: "render.yaml cannot be read as YAML: \(error)", fix: nil)
            )
            return document
        }
        guard let composed else { return document }
        var builder = TreeBuilder(path: path)
        do {
            document.root = try builder.convert(composed, depth: 0)
        } catch {
            document.findings.append(
                Finding(
                    .renderYAMLLimit,
                    file: path,
                    line: error.line,
                    message: error.message,
                    fix: "remove the anchors and aliases that multiply the document, or the nesting"
                )
            )
        }
        document.findings += builder.findings
        return document
    }

    /// A `RENDER_YAML_SYNTAX` finding for a Yams error, with line and column when libyaml gives them.
    private static func syntaxFinding(_ error: YamlError, text: String, path: String) -> Finding {
        var line: Int?
        var column: Int?
        var problem = "\(error)"
        switch error {
        case .scanner(let context, let description, let mark, _), .parser(let context, let description, let mark, _),
            .composer(let context, let description, let mark, _):
            line = mark.line
            column = mark.column
            problem = context.map { "\($0.text): \(description)" } ?? description
        case .reader(let description, let offset, _, _):
            problem = description
            if let offset {
                let position = TextScan.position(ofCharacter: offset, in: text)
                line = position.line
                column = position.column
            }
        case .duplicatedKeysInMapping(let duplicates, let context):
            line = context.mark.line
            column = context.mark.column
            problem = "duplicate key \(duplicates.map { "`\($0.abbreviated(40))`" }.joined(separator: ", ")) in one mapping"
        default:
            break
        }
        let place = line.map { line in " at line \(line)" + (column.map { ", column \($0)" } ?? "") } ?? ""
        return Finding(
            .renderYAMLSyntax,
            file: path,
            line: line,
            message: "render.yaml is not valid YAML\(place): \(problem.abbreviated(160)); Render rejects the whole blueprint",
            fix: "correct the YAML (indentation, quoting, one document per file)"
        )
    }
}

/// Builds `BlueprintNode`s from Yams nodes, counting every node visited so that aliases cannot multiply the work.
private struct TreeBuilder {
    struct LimitExceeded: Error {
        var line: Int?
        var message: String
    }

    let path: String
    var budget = BlueprintDocument.maximumNodes
    var findings: [Finding] = []

    init(path: String) { self.path = path }

    mutating func convert(_ node: Node, depth: Int) throws(LimitExceeded) -> BlueprintNode {
        let line = node.mark?.line ?? 1
        let column = node.mark?.column ?? 1
        budget -= 1
        guard budget >= 0 else {
            throw LimitExceeded(
                line: line,
                message:
                    "render.yaml expands to more than \(BlueprintDocument.maximumNodes) values once its aliases are resolved (an alias bomb?); Chimera stops reading it"
            )
        }
        guard depth <= BlueprintDocument.maximumDepth else {
            throw LimitExceeded(
                line: line,
                message: "render.yaml nests deeper than \(BlueprintDocument.maximumDepth) levels; Chimera stops reading it"
            )
        }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain || scalar.style == .any, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return BlueprintNode(kind: .null, line: line, column: column)
            }
            return BlueprintNode(kind: .scalar(scalar.string, plain: scalar.style == .plain || scalar.style == .any), line: line, column: column)
        case .sequence(let sequence):
            var items: [BlueprintNode] = []
            for item in sequence { items.append(try convert(item, depth: depth + 1)) }
            return BlueprintNode(kind: .sequence(items), line: line, column: column)
        case .mapping(let mapping):
            var explicit: [BlueprintNode.Entry] = []
            var merged: [BlueprintNode.Entry] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    findings.append(
                        Finding(
                            .renderFieldType,
                            file: path,
                            line: key.mark?.line ?? line,
                            message: "a mapping key is a list or mapping; Render's blueprint keys are plain words",
                            fix: "write the key as a plain word"
                        )
                    )
                    continue
                }
                // `<<: *defaults` merges another mapping in, as Render's Go YAML decoder does; keys written
                // here win over merged ones.
                if keyScalar.string == "<<", keyScalar.style == .plain || keyScalar.style == .any {
                    let source = try convert(value, depth: depth + 1)
                    for sourceMapping in source.items ?? [source] {
                        merged += sourceMapping.entries ?? []
                    }
                    continue
                }
                let converted = try convert(value, depth: depth + 1)
                explicit.append(BlueprintNode.Entry(key: keyScalar.string, keyLine: key.mark?.line ?? line, value: converted))
            }
            var seen = Set(explicit.map(\.key))
            for entry in merged where seen.insert(entry.key).inserted { explicit.append(entry) }
            return BlueprintNode(kind: .mapping(explicit), line: line, column: column)
        case .alias(let alias):
            // Yams resolves aliases while composing; an unresolved one is reported as a syntax error there.
            return BlueprintNode(kind: .scalar("*" + alias.anchor.rawValue, plain: false), line: line, column: column)
        }
    }
}

/// Checks on the raw text made before Yams sees it.
private enum TextScan {
    struct Problem {
        var line: Int
        var message: String
        var fix: String
    }

    /// Flow brackets deeper than this, or block indentation wider than this, are refused before parsing:
    /// Yams composes recursively and libyaml only stops at 1,000 levels.
    static let maximumFlowDepth = 100
    static let maximumIndentation = 400

    /// The first reason not to hand `text` to Yams, if any.
    static func problem(in text: String) -> Problem? {
        let mayHaveAliases = text.utf8.contains(UInt8(ascii: "*")) && text.utf8.contains(UInt8(ascii: "&"))
        var sawAlias = false
        var keyConstructLine: Int?
        var flowDepth = 0
        var line = 1
        var column = 0
        var indentation = 0
        var inIndentation = true
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let previous: UInt8 = index > 0 ? bytes[index - 1] : UInt8(ascii: "\n")
            let next: UInt8 = index + 1 < bytes.count ? bytes[index + 1] : UInt8(ascii: "\n")
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 0
                indentation = 0
                inIndentation = true
                index += 1
                continue
            }
            column += 1
            if inIndentation {
                // Compact nested sequences (`- - - x`) nest without indenting, so dashes count as indentation.
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
                    || ((byte == UInt8(ascii: "-") || byte == UInt8(ascii: "?")) && isBlank(next))
                {
                    indentation += 1
                    if indentation > maximumIndentation {
                        return Problem(
                            line: line,
                            message: "render.yaml nests or indents deeper than \(maximumIndentation) columns; Chimera does not read it",
                            fix: "a blueprint nests a few levels: check that this is the right file"
                        )
                    }
                } else {
                    inIndentation = false
                }
            }
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flowDepth += 1
                if flowDepth > maximumFlowDepth {
                    return Problem(
                        line: line,
                        message: "render.yaml nests brackets deeper than \(maximumFlowDepth) levels; Chimera does not read it",
                        fix: "a blueprint nests a few levels: check that this is the right file"
                    )
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                flowDepth = max(0, flowDepth - 1)
                if mayHaveAliases, colonFollows(bytes, after: index) { keyConstructLine = keyConstructLine ?? line }
            case UInt8(ascii: "*") where mayHaveAliases && startsToken(previous) && isAnchorCharacter(next):
                sawAlias = true
                var end = index + 1
                while end < bytes.count, isAnchorCharacter(bytes[end]) { end += 1 }
                if colonFollows(bytes, after: end - 1) { keyConstructLine = keyConstructLine ?? line }
            case UInt8(ascii: "?") where mayHaveAliases && startsToken(previous) && isBlank(next):
                keyConstructLine = keyConstructLine ?? line
            default:
                break
            }
            index += 1
        }
        if sawAlias, let keyConstructLine {
            return Problem(
                line: keyConstructLine,
                message: "render.yaml uses aliases together with complex or aliased mapping keys; Chimera does not read such files",
                fix: "use plain words as keys; aliases are fine as values"
            )
        }
        return nil
    }

    /// The 1-based line and column of the character at `offset`.
    static func position(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private static func startsToken(_ byte: UInt8) -> Bool {
        isBlank(byte) || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: ",")
    }

    /// The characters libyaml accepts in an anchor or alias name.
    private static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// Whether optional blanks then `:` and a blank (or the end) follow position `index`.
    private static func colonFollows(_ bytes: [UInt8], after index: Int) -> Bool {
        var position = index + 1
        while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") { position += 1 }
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return false }
        return position + 1 >= bytes.count || isBlank(bytes[position + 1])
    }
}
