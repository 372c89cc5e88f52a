import Foundation
import Testing

@testable import BuildSandbox

#if canImport(Glibc)
import Glibc
#endif

@Suite(.timeLimit(.minutes(1)))
struct SandboxRunnerTests {
    @Test func outputIsStreamedInOrderAndTheLogHasEverything() throws {
        let fixture = try SandboxFixture()
        let script = "i=1; while [ $i -le 300 ]; do echo out $i; echo err $i >&2; i=$((i + 1)); done; printf 'no newline'"
        var lines: [String] = []
        let outcome = try SandboxRunner().run(fixture.command(script), logFile: fixture.logFile) { lines.append($0) }

        let expected = (1...300).flatMap { ["out \($0)", "err \($0)"] } + ["no newline"]
        #expect(outcome.succeeded)
        #expect(lines == expected)
        #expect(SandboxFixture.read(fixture.logFile) == expected.joined(separator: "\n"))
        #expect(outcome.logPath == fixture.logFile)
        #expect(outcome.outputBytes == expected.joined(separator: "\n").utf8.count)
        #expect(!outcome.logTruncated)
    }

    @Test func tailIsTheLastFiftyLines() throws {
        let fixture = try SandboxFixture()
        let outcome = try SandboxRunner().run(fixture.command("seq 1 1000"), logFile: fixture.logFile)

        #expect(outcome.tail == (951...1000).map(String.init))
        #expect(SandboxRunner.tailLength == 50)
    }

    @Test func failingCommandReportsItsExitStatus() throws {
        let fixture = try SandboxFixture()
        let outcome = try SandboxRunner().run(fixture.command("echo building; echo 'npm ERR! missing script' >&2; exit 3"), logFile: fixture.logFile)

        #expect(outcome.termination == .exited(3))
        #expect(outcome.exitStatus == 3 && !outcome.succeeded && !outcome.timedOut)
        #expect(outcome.tail == ["building", "npm ERR! missing script"])
    }

    @Test func timeoutKillsTheCommandAndItsChildrenQuickly() throws {
        let fixture = try SandboxFixture()
        let script = "echo started; sleep 100.\(fixture.marker) & sleep 101.\(fixture.marker)"
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = try SandboxRunner().run(fixture.command(script, timeout: .seconds(1)), logFile: fixture.logFile)
        let elapsed = clock.now - started

        #expect(outcome.timedOut)
        #expect(outcome.termination == .timedOut)
        #expect(outcome.tail == ["started"])
        #expect(elapsed < .seconds(5), "took \(elapsed)")
        #expect(SandboxFixture.survivors(of: fixture.marker).isEmpty)
    }

    @Test func environmentIsOnlyWhatWasGiven() throws {
        let fixture = try SandboxFixture()
        setenv("CHIMERA_TEST_SECRET", "hunter2", 1)
        let command = SandboxedCommand("env", workspace: fixture.workspace, environment: ["CONTEXT": "production", "NETLIFY": "true"])
        let outcome = try SandboxRunner().run(command, logFile: fixture.logFile)

        let names = Set(outcome.tail.map { String($0.prefix { $0 != "=" }) })
        #expect(!outcome.tail.joined().contains("hunter2"))
        #expect(outcome.tail.contains("CONTEXT=production") && outcome.tail.contains("NETLIFY=true"))
        #expect(outcome.tail.contains("PATH=\(SandboxedCommand.defaultPath)"))
        #expect(outcome.tail.contains("HOME=/tmp/home"))
        // The shell adds PWD itself; nothing else may appear.
        #expect(names.subtracting(["PWD"]) == ["CONTEXT", "NETLIFY", "PATH", "HOME"])
    }

    @Test func homeIsWritableAndTheWorkingDirectoryCanBeASubfolder() throws {
        let fixture = try SandboxFixture()
        try FileManager.default.createDirectory(atPath: fixture.inWorkspace("site"), withIntermediateDirectories: true)
        var command = fixture.command("pwd; echo cached > \"$HOME/.npmrc\" && cat \"$HOME/.npmrc\"; echo built > out.txt")
        command.workingDirectory = "site"
        let outcome = try SandboxRunner().run(command, logFile: fixture.logFile)

        #expect(outcome.tail == [fixture.inWorkspace("site"), "cached"])
        #expect(SandboxFixture.read(fixture.inWorkspace("site/out.txt")) == "built\n")

        command.homeFolder = ".home"
        let second = try SandboxRunner().run(command, logFile: fixture.logFile)
        #expect(second.succeeded)
        #expect(SandboxFixture.read(fixture.inWorkspace(".home/.npmrc")) == "cached\n")
    }

    @Test func workingDirectoryOutsideTheWorkspaceIsRefused() throws {
        let fixture = try SandboxFixture()
        var command = fixture.command("pwd")
        command.workingDirectory = "../outside"
        #expect(throws: SandboxError.self) { try SandboxRunner().run(command, logFile: fixture.logFile) }
        command.workingDirectory = "missing"
        #expect(throws: SandboxError.self) { try SandboxRunner().run(command, logFile: fixture.logFile) }
    }

    @Test func logStopsAtItsLimitButTheStreamGoesOn() throws {
        let fixture = try SandboxFixture()
        var command = fixture.command("seq 1 2000")
        command.limits.logSize = 1000
        var count = 0
        let outcome = try SandboxRunner().run(command, logFile: fixture.logFile) { _ in count += 1 }

        let log = try #require(SandboxFixture.read(fixture.logFile))
        #expect(count == 2000)
        #expect(outcome.logTruncated)
        #expect(log.hasPrefix("1\n2\n3\n"))
        #expect(log.utf8.count < 1200)
        #expect(log.contains("log cut at 1000 bytes"))
        #expect(outcome.outputBytes > 8000)
    }

    @Test func fileSizeLimitStopsARunawayWrite() throws {
        let fixture = try SandboxFixture()
        var command = fixture.command("head -c 2000000 /dev/zero > big.bin; echo status $?")
        command.limits.fileSize = 1 << 20
        let outcome = try SandboxRunner().run(command, logFile: fixture.logFile)

        #expect(outcome.tail.last != "status 0")
        let size = try FileManager.default.attributesOfItem(atPath: fixture.inWorkspace("big.bin"))[.size] as? Int
        #expect(size == 1 << 20)
    }

    @Test func missingBubblewrapSaysHowToInstallIt() {
        #expect {
            try SandboxRunner(bubblewrapPath: "/nonexistent/bwrap")
        } throws: { error in
            (error as? SandboxError)?.message.contains("apt install bubblewrap") == true
        }
    }

    @Test func bubblewrapFailingBeforeTheCommandIsASandboxError() throws {
        let fixture = try SandboxFixture()
        // Stands in for a bubblewrap that cannot set up the sandbox (no user namespaces, say).
        let fake = fixture.root + "/bwrap"
        try "#!/bin/sh\necho 'bwrap: Creating new namespace failed: Operation not permitted' >&2\nexit 1\n"
            .write(toFile: fake, atomically: true, encoding: .utf8)
        chmod(fake, 0o755)
        let runner = try SandboxRunner(bubblewrapPath: fake)
        let command = fixture.command("echo never")

        #expect {
            try runner.run(command, logFile: fixture.logFile)
        } throws: { error in
            (error as? SandboxError)?.message.contains("Creating new namespace failed") == true
        }
        #expect {
            try runner.start(command, logFile: fixture.logFile)
        } throws: { error in
            (error as? SandboxError)?.message.contains("Creating new namespace failed") == true
        }
    }

    @Test func missingWorkspaceIsASandboxError() throws {
        let command = SandboxedCommand("true", workspace: "/nonexistent/chimera-workspace")
        #expect(throws: SandboxError.self) { try SandboxRunner().run(command, logFile: "/dev/null") }
    }

    @Test func bubblewrapArgumentsAreTheDocumentedOnes() throws {
        let fixture = try SandboxFixture()
        let bubblewrap = Bubblewrap(path: "/usr/bin/bwrap", version: [0, 8, 0])
        let isolated = try bubblewrap.arguments(for: fixture.command("make"), shareNetwork: false)
        let shared = try bubblewrap.arguments(for: fixture.command("make"), shareNetwork: true)

        #expect(isolated.starts(with: ["--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session"]))
        let capabilities = try #require(isolated.firstIndex(of: "--cap-drop"))
        #expect(isolated[capabilities + 1] == "ALL")
        #expect(!isolated.contains("--share-net"))
        // The workspace is bound after the hidden folders, so a hidden parent does not cover it.
        let workspace = try #require(isolated.firstIndex(of: "--bind"))
        #expect(isolated[workspace + 1] == fixture.workspace)
        #expect(isolated.lastIndex(of: "--tmpfs").map { $0 < workspace } == true)
        #expect(shared.contains("--share-net"))
        #expect(isolated.suffix(2) == ["sh", "make"])
        let old = try Bubblewrap(path: "/usr/bin/bwrap", version: [0, 6, 1]).arguments(for: fixture.command("make"), shareNetwork: false)
        #expect(!old.contains("--disable-userns") && !old.contains("--size"))
    }
}
