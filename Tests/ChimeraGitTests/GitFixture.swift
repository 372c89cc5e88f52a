import Foundation

/// A temporary folder with git repositories made by the `git` command line, for one test.
struct GitFixture {
    /// A git command that failed.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The temporary folder; `remove()` deletes it.
    let root: String

    /// Creates an empty temporary folder.
    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chimera-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// Deletes the temporary folder.
    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// `root/name`.
    func path(_ name: String) -> String { "\(root)/\(name)" }

    /// Creates a repository `name` (branch `main`) and returns its path.
    func makeRepository(_ name: String = "work") throws -> String {
        let repository = path(name)
        try git("init", "-q", "-b", "main", repository)
        return repository
    }

    /// Runs `git arguments` in `folder` and returns its standard output without the final newline.
    ///
    /// An identity is always given on the command line: CI machines may have none configured. The user's
    /// and the system's git configuration are ignored so that a fixture is the same everywhere.
    @discardableResult
    func git(_ arguments: String..., in folder: String? = nil, environment: [String: String] = [:], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["git", "-c", "user.name=Chimera Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"]
            + arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        var variables = ProcessInfo.processInfo.environment
        variables["GIT_CONFIG_GLOBAL"] = "/dev/null"
        variables["GIT_CONFIG_NOSYSTEM"] = "1"
        variables.merge(environment) { $1 }
        process.environment = variables
        let output = Pipe()
        let errors = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        standardInput.fileHandleForWriting.write(Data((input ?? "").utf8))
        try standardInput.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "git \(arguments.joined(separator: " ")): \(String(decoding: errorData, as: UTF8.self))")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Writes `content` to `file` (relative to `folder`), creating its folders.
    func write(_ file: String, _ content: String, in folder: String, executable: Bool = false) throws {
        let url = URL(fileURLWithPath: "\(folder)/\(file)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: url.path)
    }

    /// Creates the symbolic link `file` (relative to `folder`) pointing at `target`.
    func symlink(_ file: String, to target: String, in folder: String) throws {
        let url = URL(fileURLWithPath: "\(folder)/\(file)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
    }

    /// Stages everything in `repository` and commits it; returns the new commit id.
    @discardableResult
    func commitAll(_ message: String, in repository: String, environment: [String: String] = [:]) throws -> String {
        try git("add", "-A", in: repository)
        try git("commit", "-q", "-m", message, in: repository, environment: environment)
        return try git("rev-parse", "HEAD", in: repository)
    }
}
