import PlatformModels

extension SimulationReport {
    /// The report as a person reads it: the configuration applied, one `file:line: severity: message [CODE]`
    /// block per finding, then a summary.
    public func renderedText() -> String {
        var text = configuration.map { $0 + "\n" }.joined()
        for finding in findings {
            var place = finding.file ?? "(site)"
            if let line = finding.line { place += ":\(line)" }
            // A message may carry more lines (a build's last output): the code stays on the first line.
            let lines = finding.message.split(separator: "\n", omittingEmptySubsequences: false)
            text += "\(place): \(finding.severity.rawValue): \(lines[0]) [\(finding.code)]\n"
            for line in lines.dropFirst() { text += "    | \(line)\n" }
            if let fix = finding.fix { text += "    fix: \(fix)\n" }
        }
        let counts = "\(count(.error)) error(s), \(count(.warning)) warning(s), \(count(.info)) info"
        text += """
            \(platform): \(verdict.rawValue.uppercased()) — \(counts)
              \(stats.files) files (\(stats.bytes) bytes), \(stats.htmlFiles) HTML files, \(stats.references) local references, \
            \(stats.rules) rules, \(stats.durationMs) ms

            """
        return text
    }
}
