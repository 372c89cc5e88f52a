/// The symbolic links of a tree, to decide which ones resolve outside it.
///
/// Resolution follows the links of the tree itself, as the kernel would once the tree is on disk: with
/// `sub/up -> ..`, the link `sub/x -> up/../..` climbs out although its text alone (`sub/` + `up/../..`)
/// would stay inside.
struct SymlinkTargets {
    /// Link path (in the tree, `/`-separated) to its target.
    var targets: [String: String] = [:]

    /// Links followed at most while resolving one path, like Linux's `MAXSYMLINKS`.
    static let maximumHops = 40

    /// Whether the link at `path` resolves outside the tree: an absolute target, or `..` climbing above the
    /// root, directly or through other links. A link loop resolves nowhere and does not escape.
    func escapes(_ path: String) -> Bool {
        guard let target = targets[path] else { return false }
        var resolved = path.split(separator: "/").dropLast().map(String.init)
        var hops = 0
        return climbsOut(from: &resolved, following: target, hops: &hops)
    }

    /// Walks `target` from the folder `resolved`, following links; true as soon as the walk leaves the tree.
    ///
    /// `hops` counts every link followed in the whole resolution, which also bounds links whose targets
    /// name several other links (a depth limit alone would let those branch exponentially).
    private func climbsOut(from resolved: inout [String], following target: String, hops: inout Int) -> Bool {
        if target.hasPrefix("/") { return true }
        hops += 1
        guard hops <= SymlinkTargets.maximumHops else { return false }
        for component in target.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".":
                continue
            case "..":
                guard !resolved.isEmpty else { return true }
                resolved.removeLast()
            default:
                resolved.append(String(component))
                if let next = targets[resolved.joined(separator: "/")] {
                    resolved.removeLast()
                    if climbsOut(from: &resolved, following: next, hops: &hops) { return true }
                    // A loop: the kernel gives up with ELOOP, so the link leads nowhere.
                    if hops > SymlinkTargets.maximumHops { return false }
                }
            }
        }
        return false
    }
}
