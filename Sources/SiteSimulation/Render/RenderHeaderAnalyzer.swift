import PlatformModels

/// Checks a static site's `headers`: two rules that set one header to different values for one path.
///
/// Render's docs do not say which value a visitor gets then; the router applies the later rule, and this
/// analyzer warns that the outcome is undocumented.
public struct RenderHeaderAnalyzer: Sendable {
    let router: RenderRouter
    let file: String

    /// Creates an analyzer; findings name `file` (render.yaml as shown to the user).
    public init(router: RenderRouter, file: String) {
        self.router = router
        self.file = file
    }

    /// `RENDER_HEADERS_CONFLICT` findings.
    public func run() -> [Finding] {
        let rules = router.headerRules
        var pairs: [(earlier: Int, later: Int)] = []
        for later in rules.indices {
            for earlier in rules.indices where earlier < later {
                if rules[earlier].name.lowercased() == rules[later].name.lowercased(), rules[earlier].value != rules[later].value {
                    pairs.append((earlier, later))
                }
            }
        }
        guard !pairs.isEmpty else { return [] }
        // Probe with every file of the site plus a sample path of each rule.
        let probes = router.files.paths.sorted() + rules.map(\.pattern.samplePath)
        var matches: [Int: Set<String>] = [:]
        func matching(_ index: Int) -> Set<String> {
            if let known = matches[index] { return known }
            let found = Set(probes.filter { rules[index].pattern.matches($0) })
            matches[index] = found
            return found
        }
        var findings: [Finding] = []
        for (earlier, later) in pairs {
            let shared = matching(earlier).intersection(matching(later))
            guard let path = shared.min() else { continue }
            let first = rules[earlier]
            let second = rules[later]
            findings.append(
                Finding(
                    .renderHeadersConflict,
                    file: file,
                    line: second.line,
                    message:
                        "`\(second.name)` for \(path.abbreviated(60)) is set to \"\(first.value.abbreviated(40))\" by the rule for \(first.path.abbreviated(40)) (line \(first.line)) and to \"\(second.value.abbreviated(40))\" by this rule for \(second.path.abbreviated(40)); Render does not document which one visitors get",
                    fix: "keep one value for `\(second.name)`: narrow one of the two paths or remove one rule"
                )
            )
        }
        return findings
    }
}
