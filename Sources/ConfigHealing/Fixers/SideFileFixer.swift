import Foundation
import PlatformModels
import SiteSimulation

/// `CONFIG_SIDE_FILE_MISPLACED` (safe): copies `_redirects` or `_headers` into the publish folder, where Netlify
/// reads it. The original is left where it is (a build may still copy it; deleting files is never a fix).
///
/// Not fixed when the publish folder already has a file of that name (then there is no finding) or is missing.
public struct SideFileFixer: Fixer {
    /// `CONFIG_SIDE_FILE_MISPLACED`.
    public let code = FindingCode.configSideFileMisplaced
    /// Safe: the file's rules were written for this site; only their place was wrong.
    public let confidence = FixConfidence.safe

    /// Creates the fixer.
    public init() {}

    /// Copies the side file into the publish folder.
    public func fix(_ finding: Finding, in context: FixContext) -> FixOutcome {
        guard let site = context.netlify, let file = finding.file else { return .notFixed("no Netlify site or file to copy") }
        let source = context.absolutePath(file)
        let name = (source as NSString).lastPathComponent
        guard name == "_redirects" || name == "_headers" else { return .notFixed("\(name) is not a side file") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: site.publishDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .notFixed("the publish folder does not exist")
        }
        let destination = site.publishDirectory + "/" + name
        guard !FileManager.default.fileExists(atPath: destination) else { return .notFixed("\(name) already exists in the publish folder") }
        guard let data = FileManager.default.contents(atPath: source) else { return .notFixed("\(file) cannot be read") }
        let mode = (try? FileManager.default.attributesOfItem(atPath: source)[.posixPermissions] as? NSNumber)?.uint32Value
        return .fixed(
            FileEdit(path: destination, change: .create(contents: Array(data), mode: mode)),
            change: "copied \(file) into the publish folder (the original is kept)"
        )
    }
}
