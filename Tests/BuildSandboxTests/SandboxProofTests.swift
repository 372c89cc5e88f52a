import Foundation
import Testing

@testable import BuildSandbox

/// The sandbox's promise (issue 3): a build that writes outside its workspace, connects to a server on
/// 127.0.0.1 and leaves a background process behind gets none of the three.
@Suite(.timeLimit(.minutes(1)))
struct SandboxProofTests {
    /// The script: every attempt prints a line only when it works, and the background processes leave a
    /// trace in the workspace when they start, proving they did run.
    static let hostileBuild = """
        echo escaped > "$OUTSIDE/escaped.txt" && echo WROTE_OUTSIDE
        echo escaped > "/etc/chimera-proof-$MARKER" && echo WROTE_ETC
        echo escaped > /usr/chimera-proof-$MARKER && echo WROTE_USR
        mkdir -p "$HOST_TMP" && echo escaped > "$HOST_TMP/escaped.txt" && echo WROTE_TMP_PRIVATE
        bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$PORT"' && echo CONNECTED'
        sh -c 'echo started > background-started; sleep 300.$MARKER; true' &
        setsid sh -c 'echo started > daemon-started; sleep 301.$MARKER; true' < /dev/null > /dev/null 2>&1 &
        nohup sleep 302.$MARKER > /dev/null 2>&1 &
        while [ ! -f background-started ] || [ ! -f daemon-started ]; do sleep 0.05; done
        echo finished
        """

    @Test func hostileBuildGetsNoneOfTheThree() throws {
        let fixture = try SandboxFixture()
        let listener = try LoopbackListener()
        let hostTemporary = "/tmp/chimera-proof-\(fixture.marker)"
        defer { try? FileManager.default.removeItem(atPath: hostTemporary) }
        var command = fixture.command(Self.hostileBuild)
        command.environment = [
            "OUTSIDE": fixture.outside, "PORT": String(listener.port), "MARKER": fixture.marker, "HOST_TMP": hostTemporary,
        ]
        var lines: [String] = []
        let outcome = try SandboxRunner().run(command, logFile: fixture.logFile) { lines.append($0) }

        #expect(outcome.succeeded, "\(outcome.tail)")
        #expect(lines.last == "finished")
        // (a) No write outside the workspace reached the host.
        #expect(!lines.contains("WROTE_OUTSIDE") && !lines.contains("WROTE_ETC") && !lines.contains("WROTE_USR"))
        #expect(SandboxFixture.read(fixture.outside + "/escaped.txt") == nil)
        #expect(!FileManager.default.fileExists(atPath: "/etc/chimera-proof-\(fixture.marker)"))
        #expect(!FileManager.default.fileExists(atPath: "/usr/chimera-proof-\(fixture.marker)"))
        #expect(lines.contains("WROTE_TMP_PRIVATE"), "the private /tmp is writable")
        #expect(!FileManager.default.fileExists(atPath: hostTemporary), "but it is not the host's /tmp")
        // (b) No connection reached the server.
        #expect(!lines.contains("CONNECTED"))
        #expect(!listener.receivedConnection)
        // (c) The background processes ran, and none outlived the build.
        #expect(SandboxFixture.read(fixture.inWorkspace("background-started")) == "started\n")
        #expect(SandboxFixture.read(fixture.inWorkspace("daemon-started")) == "started\n")
        #expect(SandboxFixture.survivors(of: fixture.marker).isEmpty)
    }

    @Test func networkIsThereWhenAllowed() throws {
        let fixture = try SandboxFixture()
        let listener = try LoopbackListener()
        var command = fixture.command("bash -c 'exec 3<>/dev/tcp/127.0.0.1/\(listener.port) && echo CONNECTED'")
        command.networkAllowed = true
        let outcome = try SandboxRunner().run(command, logFile: fixture.logFile)

        #expect(outcome.succeeded, "\(outcome.tail)")
        #expect(outcome.tail == ["CONNECTED"])
        #expect(listener.receivedConnection)
    }

    @Test func hiddenFolderStaysHiddenButTheWorkspaceInsideItShows() throws {
        let fixture = try SandboxFixture()
        // Chimera's state directory holds secrets and, deeper down, the workspace.
        let state = fixture.root
        try "token".write(toFile: state + "/secret.txt", atomically: true, encoding: .utf8)
        try "source".write(toFile: fixture.inWorkspace("index.html"), atomically: true, encoding: .utf8)
        // With any capability left, a lazy unmount of the hiding tmpfs would uncover the folder.
        var command = fixture.command("cat \(state)/secret.txt; cat index.html; echo; umount -l \(state) 2>&1; cat \(state)/secret.txt")
        command.hiddenPaths.append(state)
        let outcome = try SandboxRunner().run(command, logFile: fixture.logFile)

        #expect(outcome.tail.contains("source"))
        #expect(!outcome.tail.contains("token"), "\(outcome.tail)")
    }
}
