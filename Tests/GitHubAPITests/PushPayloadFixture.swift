import Foundation

/// Builds realistic `push` webhook payloads (the shape GitHub sends, ~7 KB for three commits) for the tests.
enum PushPayloadFixture {
    static let zeroSHA = String(repeating: "0", count: 40)

    static func user(_ login: String, id: Int) -> [String: Any] {
        [
            "login": login, "id": id, "node_id": "MDQ6VXNlcj\(id)", "name": login.capitalized, "email": "\(login)@example.org",
            "avatar_url": "https://avatars.githubusercontent.com/u/\(id)?v=4", "gravatar_id": "",
            "url": "https://api.github.com/users/\(login)", "html_url": "https://github.com/\(login)",
            "followers_url": "https://api.github.com/users/\(login)/followers",
            "following_url": "https://api.github.com/users/\(login)/following{/other_user}",
            "gists_url": "https://api.github.com/users/\(login)/gists{/gist_id}",
            "starred_url": "https://api.github.com/users/\(login)/starred{/owner}{/repo}",
            "subscriptions_url": "https://api.github.com/users/\(login)/subscriptions",
            "organizations_url": "https://api.github.com/users/\(login)/orgs",
            "repos_url": "https://api.github.com/users/\(login)/repos",
            "events_url": "https://api.github.com/users/\(login)/events{/privacy}",
            "received_events_url": "https://api.github.com/users/\(login)/received_events",
            "type": "User", "site_admin": false,
        ]
    }

    static func repository() -> [String: Any] {
        let api = "https://api.github.com/repos/acme/docs-site"
        return [
            "id": 123_456_789, "node_id": "R_kgDOHdocs", "name": "docs-site", "full_name": "acme/docs-site",
            "private": false, "owner": user("acme", id: 9_001), "html_url": "https://github.com/acme/docs-site",
            "description": "The documentation site", "fork": false, "url": api,
            "forks_url": "\(api)/forks", "keys_url": "\(api)/keys{/key_id}",
            "collaborators_url": "\(api)/collaborators{/collaborator}", "teams_url": "\(api)/teams",
            "hooks_url": "\(api)/hooks", "issue_events_url": "\(api)/issues/events{/number}",
            "events_url": "\(api)/events", "assignees_url": "\(api)/assignees{/user}",
            "branches_url": "\(api)/branches{/branch}", "tags_url": "\(api)/tags",
            "blobs_url": "\(api)/git/blobs{/sha}", "git_tags_url": "\(api)/git/tags{/sha}",
            "git_refs_url": "\(api)/git/refs{/sha}", "trees_url": "\(api)/git/trees{/sha}",
            "statuses_url": "\(api)/statuses/{sha}", "languages_url": "\(api)/languages",
            "stargazers_url": "\(api)/stargazers", "contributors_url": "\(api)/contributors",
            "subscribers_url": "\(api)/subscribers", "subscription_url": "\(api)/subscription",
            "commits_url": "\(api)/commits{/sha}", "git_commits_url": "\(api)/git/commits{/sha}",
            "comments_url": "\(api)/comments{/number}", "issue_comment_url": "\(api)/issues/comments{/number}",
            "contents_url": "\(api)/contents/{+path}", "compare_url": "\(api)/compare/{base}...{head}",
            "merges_url": "\(api)/merges", "archive_url": "\(api)/{archive_format}{/ref}",
            "downloads_url": "\(api)/downloads", "issues_url": "\(api)/issues{/number}",
            "pulls_url": "\(api)/pulls{/number}", "milestones_url": "\(api)/milestones{/number}",
            "notifications_url": "\(api)/notifications{?since,all,participating}",
            "labels_url": "\(api)/labels{/name}", "releases_url": "\(api)/releases{/id}",
            "deployments_url": "\(api)/deployments", "created_at": 1_700_000_000,
            "updated_at": "2026-05-01T10:00:00Z", "pushed_at": 1_770_000_000,
            "git_url": "git://github.com/acme/docs-site.git", "ssh_url": "git@github.com:acme/docs-site.git",
            "clone_url": "https://github.com/acme/docs-site.git", "svn_url": "https://github.com/acme/docs-site",
            "homepage": "https://docs.example.org", "size": 2_048, "stargazers_count": 12, "watchers_count": 12,
            "language": "HTML", "has_issues": true, "has_projects": false, "has_downloads": true,
            "has_wiki": false, "has_pages": false, "forks_count": 1, "mirror_url": NSNull(), "archived": false,
            "open_issues_count": 3, "license": NSNull(), "forks": 1, "open_issues": 3, "watchers": 12,
            "default_branch": "main", "stargazers": 12, "master_branch": "main", "is_template": false,
            "web_commit_signoff_required": false, "topics": ["docs", "static-site"], "visibility": "public",
            "custom_properties": [String: Any](),
        ]
    }

    static func commit(_ sha: String, message: String, files: [String]) -> [String: Any] {
        let person: [String: Any] = ["name": "Dana Writer", "email": "dana@example.org", "username": "dana"]
        return [
            "id": sha, "tree_id": String(sha.reversed()), "distinct": true, "message": message,
            "timestamp": "2026-05-15T09:30:00+02:00",
            "url": "https://github.com/acme/docs-site/commit/\(sha)",
            "author": person, "committer": person, "added": files, "removed": [String](), "modified": ["index.html"],
        ]
    }

    /// A push payload; `after` all zeros with `headCommit: false` models a deletion.
    static func payload(
        ref: String = "refs/heads/main",
        before: String = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
        after: String = "0123456789abcdef0123456789abcdef01234567",
        deleted: Bool? = false,
        commitCount: Int = 3
    ) -> [UInt8] {
        let commits = (0..<commitCount).map { index in
            commit(
                index == commitCount - 1 ? after : String(repeating: "\(index + 1)", count: 40),
                message: "Update page \(index + 1)\n\nLonger body explaining the change to page \(index + 1).",
                files: ["docs/page-\(index + 1).md", "assets/figure-\(index + 1).png"])
        }
        var object: [String: Any] = [
            "ref": ref, "before": before, "after": after, "created": false, "forced": false,
            "base_ref": NSNull(), "compare": "https://github.com/acme/docs-site/compare/\(before.prefix(12))...\(after.prefix(12))",
            "commits": commits, "head_commit": commits.last ?? NSNull(), "repository": repository(),
            "pusher": ["name": "dana", "email": "dana@example.org"], "sender": user("dana", id: 4_242),
            "installation": ["id": 77, "node_id": "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNzc="],
        ]
        if let deleted { object["deleted"] = deleted }
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }
}
