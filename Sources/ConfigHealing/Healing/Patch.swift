import Foundation
/// The change of one file: its bytes before and after, the unified diff, and the fixes it carries.
public struct Patch: Sendable, Hashable {
    /// The file, absolute.
    public var path: String
    /// The file as shown in the diff (`a/PATH`, `b/PATH`): relative to the target's display root when inside it.
    public var displayPath: String
    /// The bytes before, or nil for a new file.
    public var original: [UInt8]?
    /// The bytes after.
    public var updated: [UInt8]
    /// The permission mode of a new file (nil: the existing file's mode, or 0644).
    public var mode: UInt32?
    /// The fixes applied by this patch.
    public var fixes: [PlannedFix]

    /// Creates a patch.
    public init(path: String, displayPath: String, original: [UInt8]?, updated: [UInt8], mode: UInt32? = nil, fixes: [PlannedFix]) {
        self.path = path
        self.displayPath = displayPath
        self.original = original
        self.updated = updated
        self.mode = mode
        self.fixes = fixes
    }

    /// The unified diff (`--- a/PATH`, `+++ b/PATH`, hunks with three lines of context, as `diff -u`).
    public var unifiedDiff: String {
        let diff = UnifiedDiff().diff(old: original, new: updated, oldLabel: "a/" + displayPath, newLabel: "b/" + displayPath)
        if original == nil, updated.isEmpty { return "--- /dev/null\n+++ b/\(displayPath)\n" }
        return diff
    }
}
