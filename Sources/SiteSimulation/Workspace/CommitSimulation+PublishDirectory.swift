import ChimeraGit

extension CommitSimulation {
    /// The publish folder the platform uploads from the built `tree`, as the simulation chose it.
    ///
    /// Read again after the build rather than threaded out of each platform's run: the configuration files
    /// are small, and this keeps the platform code unchanged.
    func publishDirectory(tree: String, commit: GitCommit, branch: String, context: String?) -> String? {
        switch platform {
        case .netlify:
            let plan = try? NetlifyBuildPlan(
                treeRoot: tree,
                commit: commit.id,
                branch: branch,
                context: context ?? "production",
                siteURL: siteURL,
                displayBase: tree
            )
            return plan?.publishDirectory
        case .render:
            return (try? RenderSite.load(repositoryDirectory: tree, serviceName: serviceName))?.publishDirectory
        case .pages:
            return tree
        }
    }
}
