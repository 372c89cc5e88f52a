import Foundation
import Testing

/// systemd/chimera.service, checked by systemd's own tools (`systemd-analyze`, from the `systemd` package that
/// scripts/setup.sh installs) and against what the service needs: notifications, its files, and bubblewrap builds.
@Suite struct SystemdUnitTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let unitPath = root + "/systemd/chimera.service"

    /// `systemd-analyze`, when installed.
    static let analyze: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/bin"]
        return folders.map { $0 + "/systemd-analyze" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
    static let missing: Comment = "systemd-analyze is missing: install the systemd package (apt install systemd; scripts/setup.sh does)"

    @Test(.enabled(if: analyze != nil, missing)) func systemdAnalyzeVerifyAcceptsTheUnit() throws {
        let folder = try Folder()
        let unit = try Self.copy(to: folder)
        let outcome = try Self.run(["verify", "--man=no", unit])
        // verify exits 0 on unknown keys and bad values too, and says so on stderr: any word about the unit fails.
        let complaints = outcome.standardError.split(separator: "\n").filter { $0.contains("chimera.service") }
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(complaints.isEmpty, "\(complaints.joined(separator: "\n"))")

        // The check can fail: a typo in a copy is reported.
        let broken = folder.path("broken/chimera.service")
        try folder.write("broken/chimera.service", try String(contentsOfFile: unit, encoding: .utf8).replacingOccurrences(of: "Type=notify", with: "Type=notiffy"))
        let typo = try Self.run(["verify", "--man=no", broken])
        #expect(typo.standardError.contains("notiffy"), "\(typo.standardError)")
    }

    @Test(.enabled(if: analyze != nil, missing)) func securityExposureIsAtMostThreeAndEveryRemainingItemIsExplained() throws {
        let folder = try Folder()
        let unit = try Self.copy(to: folder)
        let outcome = try Self.run(["security", "--offline=true", "--no-pager", unit])
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        let overall = try #require(lines.first { $0.contains("Overall exposure level for chimera.service:") }, "\(outcome.standardOutput)\(outcome.standardError)")
        let figure = try #require(overall.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }, "\(overall)")
        #expect(figure <= 3.0, "\(overall)")

        // Each remaining exposure (✗) is named in the unit's comments with its reason, and each comment names one.
        let remaining = Set(lines.filter { $0.hasPrefix("✗ ") }.compactMap { $0.dropFirst(2).split(separator: " ").first.map(String.init) })
        #expect(!remaining.isEmpty)
        let text = try String(contentsOfFile: Self.unitPath, encoding: .utf8)
        let explained = Set(
            text.split(separator: "\n").filter { $0.hasPrefix("# ✗ ") }.compactMap { line -> String? in
                let rest = line.dropFirst(4)
                guard let colon = rest.range(of: ": ") else { return nil }
                return String(rest[..<colon.lowerBound])
            }
        )
        #expect(remaining.subtracting(explained).isEmpty, "not explained in chimera.service: \(remaining.subtracting(explained).sorted())")
        #expect(explained.subtracting(remaining).isEmpty, "explained but no longer an exposure: \(explained.subtracting(remaining).sorted())")
        // The figure quoted in the unit's comment is the measured one.
        #expect(text.contains("`systemd-analyze security chimera.service`: \(String(format: "%.1f", figure))"))
    }

    @Test func theUnitRunsTheDaemonTheWayItExpects() throws {
        let service = try Self.serviceSection()
        #expect(service["Type"] == ["notify"])
        #expect(service["NotifyAccess"] == ["main"])
        #expect(service["ExecStart"] == ["/usr/local/bin/chimeractl serve"])
        #expect(service["User"] == ["chimera"])
        #expect(service["StateDirectory"] == ["chimera"])
        #expect(service["ConfigurationDirectory"] == ["chimera"])
        #expect(service["EnvironmentFile"] == ["-/etc/chimera/chimera.env"])
        #expect(service["Environment"] == ["CHIMERA_STATE_DIR=%S/chimera CHIMERA_CONFIG=%E/chimera/chimera.toml"])
        #expect(service["Restart"] == ["on-failure"])
        #expect(service["WatchdogSec"]?.first.flatMap(Self.seconds) ?? 0 > 0)
        // Longer than a build may take (CHIMERA_SIM_TIMEOUT's default, 600 s): SIGTERM lets the stage finish.
        #expect(service["TimeoutStopSec"]?.first.flatMap(Self.seconds) ?? 0 > 600)
        // SIGTERM to the main process only: builds in progress are the daemon's to finish.
        #expect(service["KillMode"] == ["mixed"])
    }

    /// What bubblewrap needs (measured on this machine: see the unit's comments): a regression here breaks builds.
    @Test func theHardeningLeavesBubblewrapWorking() throws {
        let service = try Self.serviceSection()
        for (key, value) in [
            ("ProtectSystem", "strict"), ("ProtectHome", "yes"), ("PrivateTmp", "yes"), ("NoNewPrivileges", "yes"), ("CapabilityBoundingSet", ""),
        ] {
            #expect(service[key] == [value], "\(key)")
        }
        // bwrap --unshare-all creates every one of these namespaces.
        let namespaces = Set(service["RestrictNamespaces"]?.flatMap { $0.split(separator: " ").map(String.init) } ?? [])
        #expect(namespaces.isSuperset(of: ["user", "mnt", "pid", "net", "ipc", "uts", "cgroup"]), "\(namespaces)")
        // mount, pivot_root and umount2 (@mount) inside its namespaces; rtnetlink for the sandbox's loopback.
        #expect(service["SystemCallFilter"]?.contains { $0.split(separator: " ").contains("@mount") } == true)
        #expect(service["RestrictAddressFamilies"]?.contains { $0.split(separator: " ").contains("AF_NETLINK") } == true)
        // These hide part of /proc, and the kernel then refuses bubblewrap's --proc mount; MDWE breaks node's JIT.
        for key in ["ProtectKernelTunables", "ProtectKernelLogs", "MemoryDenyWriteExecute"] {
            #expect(service[key] == nil || service[key] == ["no"], "\(key) breaks bubblewrap builds")
        }
        #expect(service["ProcSubset"] == nil || service["ProcSubset"] == ["all"])
    }

    @Test func theEnvironmentExampleNamesOnlyVariablesTheServiceReads() throws {
        let help = try CommandRunner.run(["serve", "--help"])
        #expect(help.status == 0)
        let text = try String(contentsOfFile: Self.root + "/systemd/chimera.env.example", encoding: .utf8)
        let names = text.split(separator: "\n").compactMap { line -> String? in
            let assignment = line.hasPrefix("#") ? line.dropFirst() : line
            guard let equals = assignment.firstIndex(of: "="), !assignment.contains(" ") else { return nil }
            return String(assignment[..<equals])
        }
        #expect(names.contains("GITHUB_WEBHOOK_SECRET") && names.contains("GITHUB_TOKEN"))
        let unknown = names.filter { !help.standardOutput.contains($0) }
        #expect(unknown.isEmpty, "not read by chimeractl serve: \(unknown)")
    }

    // MARK: - Helpers

    /// The [Service] section: key → values, in order (a key may repeat).
    static func serviceSection() throws -> [String: [String]] {
        let text = try String(contentsOfFile: unitPath, encoding: .utf8)
        var section = ""
        var values: [String: [String]] = [:]
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                section = line
                continue
            }
            guard section == "[Service]", let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals]), default: []].append(String(line[line.index(after: equals)...]))
        }
        return values
    }

    /// A systemd time span in seconds: `90`, `90s`, `15min`, `1h`, `2min 30s`.
    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("min", 60), ("ms", 0.001), ("h", 3600), ("s", 1)]
        var total = 0.0
        for part in text.split(separator: " ") {
            let digits = part.prefix { $0.isNumber }
            guard let number = Double(digits) else { return nil }
            let unit = part.dropFirst(digits.count)
            guard unit.isEmpty || units.contains(where: { $0.0 == unit }) else { return nil }
            total += number * (units.first { $0.0 == unit }?.1 ?? 1)
        }
        return total
    }

    /// A copy of the unit whose ExecStart is the chimeractl built with the tests: verify checks that it exists.
    static func copy(to folder: Folder) throws -> String {
        let text = try String(contentsOfFile: unitPath, encoding: .utf8)
        let binary = CommandRunner.executable.path
        #expect(text.contains("ExecStart=/usr/local/bin/chimeractl serve"))
        try folder.write("chimera.service", text.replacingOccurrences(of: "ExecStart=/usr/local/bin/chimeractl ", with: "ExecStart=\(binary) "))
        return folder.path("chimera.service")
    }

    static func run(_ arguments: [String]) throws -> CommandRunner.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: analyze ?? "/usr/bin/systemd-analyze")
        process.arguments = arguments
        let (output, error) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // systemd-analyze's output is small; read both before waiting anyway.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandRunner.Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self)
        )
    }
}
