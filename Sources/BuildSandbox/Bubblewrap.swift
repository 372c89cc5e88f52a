#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bubblewrap (`bwrap`) executable builds run under, and its version, which decides the options used.
public struct Bubblewrap: Sendable, Hashable {
    /// The executable's absolute path.
    public var path: String
    /// The version as numbers (`[0, 8, 0]`); empty when `bwrap --version` could not be read.
    public var version: [Int]

    /// What to tell the user when bubblewrap is missing.
    public static let installHint = "install bubblewrap (apt install bubblewrap)"

    /// Creates a description of an executable without checking it.
    public init(path: String, version: [Int]) {
        self.path = path
        self.version = version
    }

    /// Finds `bwrap` (the given path, else in `PATH` and the usual folders) and reads its version.
    public static func locate(_ explicitPath: String? = nil) throws(SandboxError) -> Bubblewrap {
        let candidates: [String]
        if let explicitPath {
            candidates = [explicitPath]
        } else {
            let searchPath = getenv("PATH").map { String(cString: $0) } ?? ""
            let folders = searchPath.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/bin"]
            candidates = folders.filter { $0.hasPrefix("/") }.map { $0 + "/bwrap" }
        }
        guard let path = candidates.first(where: { access($0, X_OK) == 0 }) else {
            let looked = explicitPath ?? "bwrap in PATH, /usr/bin and /usr/local/bin"
            throw SandboxError("bubblewrap not found (looked for \(looked)): \(installHint)")
        }
        return Bubblewrap(path: path, version: readVersion(path))
    }

    /// Whether the version is at least `major.minor`.
    public func isAtLeast(_ major: Int, _ minor: Int) -> Bool {
        guard version.count >= 2 else { return false }
        return (version[0], version[1]) >= (major, minor)
    }

    /// Runs `bwrap --version` ("bubblewrap 0.8.0").
    private static func readVersion(_ path: String) -> [Int] {
        guard let pipe = try? ChildProcess.pipe() else { return [] }
        defer { close(pipe.read) }
        let child = try? ChildProcess.spawn(path, arguments: ["--version"], environment: [:], output: pipe.write)
        close(pipe.write)
        guard let child else { return [] }
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while text.count < 4096 {
            let count = buffer.withUnsafeMutableBytes { read(pipe.read, $0.baseAddress, $0.count) }
            if count > 0 {
                text += buffer[..<count]
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        _ = child.wait()
        let words = String(decoding: text, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard let number = words.first(where: { $0.first?.isNumber == true }) else { return [] }
        return number.split(separator: ".").map { Int($0.prefix { $0.isNumber }) ?? 0 }
    }
}
