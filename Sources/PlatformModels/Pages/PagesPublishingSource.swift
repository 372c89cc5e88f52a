/// How a GitHub Pages site is published, which decides whether Jekyll runs and whether `CNAME` counts.
///
/// See <https://docs.github.com/en/pages/getting-started-with-github-pages/configuring-a-publishing-source-for-your-github-pages-site>.
public enum PagesPublishingSource: String, Sendable, Hashable, CaseIterable {
    /// "Deploy from a branch": Pages runs Jekyll over the folder unless `.nojekyll` is at its root, and reads
    /// the custom domain from the `CNAME` file.
    case branch
    /// A custom GitHub Actions workflow uploads the folder as an artifact: it is published as it is, and a
    /// `CNAME` file is ignored (the custom domain lives in the repository settings).
    case workflow
}
