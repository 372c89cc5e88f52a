import Foundation
import Testing

@testable import BuildSandbox

@Suite(.timeLimit(.minutes(1)))
struct RunningServiceTests {
    /// A tiny HTTP server in Perl (perl-base is part of every Debian and Ubuntu system), plus a background
    /// process that `stop()` must take down with it.
    static func server(marker: String) -> String {
        """
        sleep 400.\(marker) &
        exec perl -MIO::Socket::INET -e '
            $| = 1;
            my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $ENV{PORT}, Listen => 5, ReuseAddr => 1)
                or die "cannot listen: $!";
            print "listening on $ENV{PORT}\\n";
            while (my $c = $s->accept) { <$c>; print $c "HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok"; close $c }
        ' -- \(marker)
        """
    }

    @Test func serviceAnswersTheHealthCheckAndIsGoneAfterStop() throws {
        let fixture = try SandboxFixture()
        let port = try LoopbackListener.freePort()
        var command = fixture.command(Self.server(marker: fixture.marker))
        command.environment = ["PORT": String(port), "RENDER": "true"]
        let service = try SandboxRunner().start(command, logFile: fixture.logFile)

        #expect(service.waitForHTTP(port: port, path: "/healthz", timeout: .seconds(20)) == 200)
        #expect(service.termination == nil)
        #expect(service.outputTail == ["listening on \(port)"])
        #expect(!SandboxFixture.processes(containing: fixture.marker).isEmpty)

        let termination = service.stop()
        #expect(termination == .signaled(SIGKILL))
        #expect(service.stop() == termination)
        #expect(SandboxFixture.survivors(of: fixture.marker).isEmpty)
        #expect(HTTPProbe(port: port).status(timeout: .seconds(1)) == nil)
    }

    @Test func healthCheckGivesUpWhenTheServiceExits() throws {
        let fixture = try SandboxFixture()
        let port = try LoopbackListener.freePort()
        let service = try SandboxRunner().start(fixture.command("echo 'Error: Cannot find module server.js' >&2; exit 1"), logFile: fixture.logFile)
        let clock = ContinuousClock()
        let started = clock.now

        #expect(service.waitForHTTP(port: port, timeout: .seconds(30)) == nil)
        #expect(clock.now - started < .seconds(10))
        #expect(service.termination == .exited(1))
        #expect(service.outputTail == ["Error: Cannot find module server.js"])
    }

    @Test func probeReadsTheStatusLine() {
        #expect(HTTPProbe.statusCode(Array("HTTP/1.1 302 Found\r\n".utf8)) == 302)
        #expect(HTTPProbe.statusCode(Array("HTTP/1.0 503 Service Unavailable\r\n".utf8)) == 503)
        #expect(HTTPProbe.statusCode(Array("SSH-2.0-OpenSSH\r\n".utf8)) == nil)
        #expect(HTTPProbe(port: 80, path: "healthz").path == "/healthz")
    }

    @Test func probeOnAClosedPortFindsNothing() throws {
        let port = try LoopbackListener.freePort()
        #expect(HTTPProbe.waitForHTTP(port: port, timeout: .milliseconds(600)) == nil)
    }
}
