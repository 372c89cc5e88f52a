import PlatformModels

/// Checks that hold for any deploy folder, whatever the platform: links that leak files from the build
/// machine (`SYMLINK_ESCAPES`) and file names no URL can reach (`FILE_NAME_INVALID`).
public struct DeployFolderAnalyzer: Sendable {
    let folder: PublishFolder
    let displayRoot: String

    /// Creates an analyzer; findings name files under `displayRoot`.
    public init(folder: PublishFolder, displayRoot: String) {
        self.folder = folder
        self.displayRoot = displayRoot
    }

    /// The findings, in walk order.
    public func run() -> [Finding] {
        var findings: [Finding] = []
        for link in folder.escapingLinks {
            findings.append(
                Finding(
                    .symlinkEscapes,
                    file: displayRoot + link.sitePath,
                    line: nil,
                    message:
                        "symbolic link to \(link.target.abbreviated()) leaves the deploy folder: deploying it would publish a file of the build machine",
                    fix: "copy the file into the deploy folder, or point the link inside it"
                )
            )
        }
        for path in folder.unreachableNames {
            findings.append(
                Finding(
                    .fileNameInvalid,
                    file: displayRoot + path,
                    line: nil,
                    message: "the name holds `#` or `?`, which end a URL's path: no request can reach this file",
                    fix: "rename the file without `#` and `?`"
                )
            )
        }
        return findings
    }
}
