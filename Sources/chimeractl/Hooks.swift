import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Chimeractl {
    /// `chimeractl hooks install|uninstall|show`: Chimera's git hooks in a developer's clone.
    struct Hooks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install or remove Chimera's git hooks (post-commit, pre-push) in a clone.",
            discussion: """
                post-commit sends each new commit to the Chimera server named by `git config chimera.url` (token: \
                `git config chimera.token` or CHIMERA_TOKEN), or else simulates it in the background and writes the \
                verdict to .git/chimera/last-simulate.json; it never blocks or fails a commit. pre-push simulates \
                each commit pushed as the tip of a deploying branch (`git config --get-all chimera.branch`, default \
                main and master) and refuses the push when the verdict fails (`git push --no-verify` bypasses). \
                Hooks already in place are kept and run first; `core.hooksPath` is honoured.
                """,
            subcommands: [Install.self, Uninstall.self, Show.self]
        )

        /// `hooks install [--repo PATH]`.
        struct Install: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Install the hooks; an existing hook is kept (as NAME.chimera-saved) and still runs first.",
                discussion: "Installing again changes nothing. Exit status: 0 installed, 2 not a clone or a hook that cannot be kept."
            )

            @Option(help: ArgumentHelp("The clone (default: the current directory).", valueName: "PATH")) var repo: String = "."

            func run() throws {
                let clone = try HookClone.locate(repo)
                for line in try clone.install() { print(line) }
            }
        }

        /// `hooks uninstall [--repo PATH]`.
        struct Uninstall: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Remove the hooks and put back the ones they replaced, byte for byte.",
                discussion: """
                    The hooks folder is removed when install created it and nothing else is in it; .git/chimera (the \
                    hooks' verdicts and logs) is removed. Exit status: 0 done (or nothing to undo), 2 not a clone.
                    """
            )

            @Option(help: ArgumentHelp("The clone (default: the current directory).", valueName: "PATH")) var repo: String = "."

            func run() throws {
                let clone = try HookClone.locate(repo)
                for line in try clone.uninstall() { print(line) }
            }
        }

        /// `hooks show NAME`: the script install writes.
        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print a hook script exactly as install writes it.")

            @Argument(help: "post-commit or pre-push.") var name: HookScript.Name

            func run() throws {
                fflushStandardOutput()
                standardOutput(HookScript(name: name).text)
            }
        }
    }
}

/// One of Chimera's hook scripts. The text is the one in the repository's `hooks/` folder, carried in the binary so
/// that a user without the source tree can install it (a test checks that the two are the same).
struct HookScript {
    /// The hooks Chimera installs.
    enum Name: String, CaseIterable, ExpressibleByArgument {
        case postCommit = "post-commit"
        case prePush = "pre-push"
    }

    var name: Name

    /// The line that marks a file as one of Chimera's hooks (of any version).
    var marker: String { "# chimera-hook: \(name.rawValue)" }

    /// The script.
    var text: String {
        switch name {
        case .postCommit: Self.postCommit
        case .prePush: Self.prePush
        }
    }

    /// Whether `contents` is a Chimera hook for this name: its second line is the marker.
    func isChimeras(_ contents: Data) -> Bool {
        let lines = String(decoding: contents.prefix(512), as: UTF8.self).split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        return lines.count > 1 && lines[0].hasPrefix("#!") && lines[1] == marker
    }
}

/// A clone's hooks folder and git directory, and the work of installing and removing the hooks there.
struct HookClone {
    /// The work tree.
    var toplevel: String
    /// The clone's own git directory (a worktree's, for a linked worktree): the hooks keep their state in `chimera/` there.
    var gitDirectory: String
    /// The folder git runs hooks from: `core.hooksPath` (relative to the work tree) or the common `.git/hooks`.
    var hooksDirectory: String

    /// Suffix of a hook that was in place before Chimera's.
    static let savedSuffix = ".chimera-saved"
    /// Written in a hooks folder that install created, so that uninstall removes the folders it made and no other.
    static let createdMarker = ".chimera-created"

    /// Finds the clone at `path`.
    /// - Throws: `InputError` when `path` is not in a git clone with a work tree.
    static func locate(_ path: String) throws -> HookClone {
        let folder = URL(fileURLWithPath: path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("--repo \(path): no such folder")
        }
        let git = GitCommand(folder: folder)
        guard let toplevel = git.output(["rev-parse", "--show-toplevel"]), !toplevel.isEmpty else {
            throw InputError(
                "--repo \(path) is not in a git clone with a work tree (hooks run in clones; a bare repository has no commits made in it)"
            )
        }
        guard let gitDirectory = git.output(["rev-parse", "--absolute-git-dir"]),
            let commonDirectory = git.output(["rev-parse", "--path-format=absolute", "--git-common-dir"])
        else {
            throw InputError("--repo \(path): git could not name the clone's git directory (git 2.31 or newer is needed)")
        }
        var hooks = commonDirectory + "/hooks"
        if let configured = git.output(["config", "--path", "--get", "core.hooksPath"]), !configured.isEmpty {
            // git runs hooks from the work tree's top, so a relative core.hooksPath is relative to it.
            hooks = configured.hasPrefix("/") ? configured : toplevel + "/" + configured
        }
        return HookClone(
            toplevel: toplevel,
            gitDirectory: gitDirectory,
            hooksDirectory: URL(fileURLWithPath: hooks).standardizedFileURL.path
        )
    }

    /// Installs both hooks and returns what was done, one line each.
    func install() throws -> [String] {
        let files = FileManager.default
        // Every conflict is found before anything changes, so a refused install leaves the clone as it was.
        for name in HookScript.Name.allCases {
            let path = hooksDirectory + "/" + name.rawValue
            let saved = path + Self.savedSuffix
            if exists(path), !(regularFileContents(path).map(HookScript(name: name).isChimeras) ?? false), exists(saved) {
                throw InputError(
                    "\(path) is not Chimera's hook and \(name.rawValue)\(Self.savedSuffix) already exists beside it: move one of them away, then install again"
                )
            }
        }
        var report: [String] = []
        if !exists(hooksDirectory) {
            // The highest folder made here is recorded, so that uninstall removes exactly what install made.
            var created = hooksDirectory
            while true {
                let parent = URL(fileURLWithPath: created).deletingLastPathComponent().path
                guard parent != created, !exists(parent) else { break }
                created = parent
            }
            do {
                try files.createDirectory(atPath: hooksDirectory, withIntermediateDirectories: true)
                try Data("\(created)\n".utf8).write(to: URL(fileURLWithPath: hooksDirectory + "/" + Self.createdMarker))
            } catch {
                throw InputError("cannot create the hooks folder \(hooksDirectory): \(error.localizedDescription)")
            }
            report.append("created \(hooksDirectory)")
        }
        var changed = false
        for name in HookScript.Name.allCases {
            let (line, wrote) = try install(HookScript(name: name))
            report.append(line)
            changed = changed || wrote
        }
        if changed {
            report.append(
                "post-commit simulates each commit in the background (.git/chimera/last-simulate.json); to send commits to a server "
                    + "instead: git config chimera.url URL, and git config chimera.token TOKEN (or CHIMERA_TOKEN)"
            )
        }
        return report
    }

    /// Installs one hook; returns what was done and whether a file changed.
    private func install(_ script: HookScript) throws -> (String, Bool) {
        let name = script.name.rawValue
        let path = hooksDirectory + "/" + name
        let saved = path + Self.savedSuffix
        let wanted = Data(script.text.utf8)
        if exists(path) {
            let current = regularFileContents(path)
            if current == wanted, isExecutable(path) { return ("\(name): already installed in \(hooksDirectory)", false) }
            if let current, script.isChimeras(current) {
                try write(wanted, to: path)
                return ("\(name): updated in \(hooksDirectory)", true)
            }
            // rename(2): the very file (bytes, mode, inode, a symbolic link as a link) is kept, to be put back as it was.
            guard rename(path, saved) == 0 else {
                throw InputError("cannot keep the existing hook \(path) as \(saved): \(String(cString: strerror(errno)))")
            }
            try write(wanted, to: path)
            let runs = isExecutable(saved) ? "runs first" : "is not executable, so git did not run it and neither will Chimera's hook"
            return ("\(name): installed in \(hooksDirectory); the existing hook is kept as \(name)\(Self.savedSuffix) and \(runs)", true)
        }
        try write(wanted, to: path)
        return ("\(name): installed in \(hooksDirectory)", true)
    }

    /// Removes both hooks, puts back the ones they replaced, and returns what was done, one line each.
    func uninstall() throws -> [String] {
        var report: [String] = []
        for name in HookScript.Name.allCases {
            if let line = try uninstall(HookScript(name: name)) { report.append(line) }
        }
        let marker = hooksDirectory + "/" + Self.createdMarker
        if let recorded = regularFileContents(marker) {
            try remove(marker)
            let created = String(decoding: recorded, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            // Only folders install made, and only when nothing else was put in them since.
            var folder = hooksDirectory
            while folder.hasPrefix(created), rmdir(folder) == 0 {
                report.append("removed \(folder) (install created it)")
                if folder == created { break }
                folder = URL(fileURLWithPath: folder).deletingLastPathComponent().path
            }
            if exists(hooksDirectory) { report.append("kept \(hooksDirectory): install created it, but other files are in it now") }
        }
        let state = gitDirectory + "/chimera"
        if exists(state) {
            do { try FileManager.default.removeItem(atPath: state) } catch {
                throw InputError("cannot remove \(state): \(error.localizedDescription)")
            }
            report.append("removed \(state) (the hooks' verdicts and logs)")
        }
        if report.isEmpty { report.append("no Chimera hooks in \(hooksDirectory): nothing to uninstall") }
        return report
    }

    private func uninstall(_ script: HookScript) throws -> String? {
        let name = script.name.rawValue
        let path = hooksDirectory + "/" + name
        let saved = path + Self.savedSuffix
        if exists(path) {
            guard let current = regularFileContents(path), script.isChimeras(current) else {
                // Someone replaced Chimera's hook after install: theirs stays, and so does what install kept.
                return exists(saved) ? "\(name): \(path) is not Chimera's hook any more; left as is, and \(saved) kept" : nil
            }
            try remove(path)
            guard exists(saved) else { return "\(name): removed from \(hooksDirectory)" }
        } else if !exists(saved) {
            return nil
        }
        guard rename(saved, path) == 0 else {
            throw InputError("cannot put back \(saved) as \(path): \(String(cString: strerror(errno)))")
        }
        return "\(name): removed; the hook it replaced is back"
    }

    /// Writes a hook through a temporary file renamed into place (git never runs half a script), mode 0755.
    private func write(_ data: Data, to path: String) throws {
        let temporary = path + ".chimera-tmp"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
            guard chmod(temporary, 0o755) == 0 else { throw InputError("chmod 0755 failed: \(String(cString: strerror(errno)))") }
            guard rename(temporary, path) == 0 else { throw InputError("rename failed: \(String(cString: strerror(errno)))") }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw InputError("cannot write the hook \(path): \((error as? InputError)?.message ?? error.localizedDescription)")
        }
    }

    private func remove(_ path: String) throws {
        do { try FileManager.default.removeItem(atPath: path) } catch {
            throw InputError("cannot remove \(path): \(error.localizedDescription)")
        }
    }

    /// Whether anything (a dangling symbolic link included) is at `path`.
    private func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    private func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    /// The contents of a regular file (not followed through a symbolic link); nil for anything else.
    private func regularFileContents(_ path: String) -> Data? {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileManager.default.contents(atPath: path)
    }
}

/// `git -C folder …`, for the questions only git answers exactly (core.hooksPath with its includes, worktrees).
private struct GitCommand {
    var folder: String

    /// The command's standard output without its final newline, or nil when it fails.
    func output(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

extension HookScript {
    // The scripts, byte for byte as in hooks/post-commit and hooks/pre-push (HooksCommandTests compares them).

    static let postCommit = ##"""
        #!/bin/sh
        # chimera-hook: post-commit
        #
        # Chimera's post-commit hook (install it with `chimeractl hooks install`). It never blocks or fails the
        # commit: every piece of work runs in the background and the hook always exits 0.
        #
        # - With `git config chimera.url` set, the new commit is sent to the Chimera server,
        #   POST <url>/api/chimera/hooks/local {"repository", "branch", "commit"}, with the token from
        #   `git config chimera.token` or CHIMERA_TOKEN (the answer goes to .git/chimera/post-commit.log).
        # - Otherwise `chimeractl simulate` runs on the commit (platform from `git config chimera.platform`,
        #   default netlify) and its verdict, as JSON, is written to .git/chimera/last-simulate.json.
        #
        # A hook that was in place before Chimera's (kept as post-commit.chimera-saved) runs first.
        # Needs only `chimeractl` (PATH or `git config chimera.chimeractl`) and `curl`.

        chimera_note() {
            printf 'chimera: %s\n' "$*" >&2
        }

        # JSON string contents: backslashes and double quotes escaped (git forbids control characters in refs).
        chimera_json_escape() {
            printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
        }

        # owner/name from `git config chimera.repository`, else from remote.origin.url
        # (git@github.com:owner/name.git, https://github.com/owner/name(.git), ssh://git@host/owner/name.git).
        chimera_repository() {
            configured=$(git config --get chimera.repository 2>/dev/null)
            if [ -n "$configured" ]; then
                printf '%s\n' "$configured"
                return 0
            fi
            origin=$(git config --get remote.origin.url 2>/dev/null) || return 1
            [ -n "$origin" ] || return 1
            printf '%s\n' "$origin" | sed -n -e 's#/*$##' -e 's#\.git$##' -e 's#^.*[:/]\([^/:][^/:]*/[^/:][^/:]*\)$#\1#p'
        }

        chimera_send() {
            url=${1%/}
            if [ -z "$branch" ]; then
                # A rebase or a detached HEAD: no branch deploys this commit.
                chimera_note "HEAD is detached: commit ${commit%"${commit#???????}"} is not sent to $url (no branch deploys it)"
                return 0
            fi
            repository=$(chimera_repository)
            if [ -z "$repository" ]; then
                chimera_note "chimera.url is set but the repository is unknown: git config chimera.repository OWNER/NAME"
                return 0
            fi
            token=$(git config --get chimera.token 2>/dev/null)
            [ -n "$token" ] || token=${CHIMERA_TOKEN:-}
            if [ -z "$token" ]; then
                chimera_note "no token to send the commit with: git config chimera.token TOKEN, or export CHIMERA_TOKEN"
                return 0
            fi
            if ! command -v curl >/dev/null 2>&1; then
                chimera_note "curl is not installed: the commit was not sent to $url"
                return 0
            fi
            body=$(printf '{"repository":"%s","branch":"%s","commit":"%s"}' \
                "$(chimera_json_escape "$repository")" "$(chimera_json_escape "$branch")" "$commit")
            log="$state/post-commit.log"
            # The token goes to curl on its standard input (-H @-), never on a command line another user can read.
            (
                printf '%s %s %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$commit" "$url/api/chimera/hooks/local"
                printf 'Authorization: Bearer %s\n' "$token" | curl -sS --max-time 60 -X POST \
                    -H 'Content-Type: application/json' -H @- --data-binary "$body" \
                    -w '\nHTTP %{http_code}\n' "$url/api/chimera/hooks/local"
            ) </dev/null >"$log" 2>&1 &
        }

        chimera_simulate() {
            chimeractl=$(git config --get chimera.chimeractl 2>/dev/null)
            [ -n "$chimeractl" ] || chimeractl=$(command -v chimeractl 2>/dev/null)
            if [ -z "$chimeractl" ] || ! [ -x "$chimeractl" ]; then
                chimera_note "chimeractl not found (PATH or git config chimera.chimeractl): commit ${commit%"${commit#???????}"} not simulated"
                return 0
            fi
            platform=$(git config --get chimera.platform 2>/dev/null)
            [ -n "$platform" ] || platform=netlify
            # The newest commit wins: a slower simulation of an older commit does not overwrite its verdict.
            printf '%s\n' "$commit" >"$state/last-simulate.pending"
            (
                temporary="$state/last-simulate.json.$$.tmp"
                set -- simulate --platform "$platform" --repo "$toplevel" --commit "$commit" --format json
                [ -z "$branch" ] || set -- "$@" --branch "$branch"
                "$chimeractl" "$@" >"$temporary" 2>"$state/last-simulate.log"
                status=$?
                if ! [ -s "$temporary" ]; then
                    printf '{"commit":"%s","error":"chimeractl simulate exited %s without a report: see last-simulate.log","verdict":"error"}\n' \
                        "$commit" "$status" >"$temporary"
                else
                    # The report, with the commit it is about.
                    sed -e "1s/^{/{\"commit\":\"$commit\",/" "$temporary" >"$temporary.commit" && mv -f "$temporary.commit" "$temporary"
                fi
                if [ "$(cat "$state/last-simulate.pending" 2>/dev/null)" = "$commit" ]; then
                    mv -f "$temporary" "$state/last-simulate.json"
                    rm -f "$state/last-simulate.pending"
                else
                    rm -f "$temporary"
                fi
            ) </dev/null >/dev/null 2>&1 &
        }

        chimera_post_commit() {
            saved="$(dirname "$0")/post-commit.chimera-saved"
            if [ -f "$saved" ] && [ -x "$saved" ]; then
                "$saved" "$@"
            fi
            commit=$(git rev-parse --verify --quiet HEAD 2>/dev/null) || return 0
            toplevel=$(git rev-parse --show-toplevel 2>/dev/null) || return 0
            gitdir=$(git rev-parse --absolute-git-dir 2>/dev/null) || return 0
            branch=$(git symbolic-ref --quiet --short HEAD 2>/dev/null) || branch=""
            state="$gitdir/chimera"
            mkdir -p "$state" 2>/dev/null || return 0
            # The background work reads the repository itself, not the index of the commit that just ended.
            unset GIT_INDEX_FILE
            url=$(git config --get chimera.url 2>/dev/null)
            if [ -n "$url" ]; then
                chimera_send "$url"
            else
                chimera_simulate
            fi
        }

        chimera_post_commit "$@"
        exit 0

        """##

    static let prePush = ##"""
        #!/bin/sh
        # chimera-hook: pre-push
        #
        # Chimera's pre-push hook (install it with `chimeractl hooks install`). git calls it as
        # `pre-push <remote name> <remote url>` with one line per ref on standard input:
        #   <local ref> <local sha> <remote ref> <remote sha>
        # Each commit pushed as the new tip of a deploying branch (`git config --get-all chimera.branch`,
        # default main and master) is simulated with `chimeractl simulate` (platform from
        # `git config chimera.platform`, default netlify). A failing verdict refuses the push (exit 1) with
        # the findings; `git push --no-verify` skips this hook, as it skips every pre-push hook.
        # Deletions (an all-zero local id, 40 hex digits with SHA-1, 64 with SHA-256) are not checked.
        #
        # A hook that was in place before Chimera's (kept as pre-push.chimera-saved) runs first, with the
        # same arguments and input; when it refuses the push, its status is the answer.
        # Needs only `chimeractl` (PATH or `git config chimera.chimeractl`).

        newline='
        '

        chimera_note() {
            printf 'chimera: %s\n' "$*" >&2
        }

        # Whether $1 is the name of a deploying branch.
        chimera_deploys() {
            branches=$(git config --get-all chimera.branch 2>/dev/null)
            [ -n "$branches" ] || branches="main${newline}master"
            case "$newline$branches$newline" in
            *"$newline$1$newline"*) return 0 ;;
            esac
            return 1
        }

        chimera_pre_push() {
            # git's input, kept so that the saved hook and this one both read all of it.
            input=$(cat)
            saved="$(dirname "$0")/pre-push.chimera-saved"
            if [ -f "$saved" ] && [ -x "$saved" ]; then
                if [ -n "$input" ]; then printf '%s\n' "$input"; fi | "$saved" "$@"
                status=$?
                [ "$status" -eq 0 ] || return "$status"
            fi
            [ -n "$input" ] || return 0
            toplevel=$(git rev-parse --show-toplevel 2>/dev/null) || return 0
            platform=$(git config --get chimera.platform 2>/dev/null)
            [ -n "$platform" ] || platform=netlify
            chimeractl=$(git config --get chimera.chimeractl 2>/dev/null)
            [ -n "$chimeractl" ] || chimeractl=$(command -v chimeractl 2>/dev/null)
            failed=0
            checked=""
            # A here-document, not a pipe: the loop runs in this shell and can change `failed`.
            while read -r local_ref local_sha remote_ref _; do
                [ -n "$local_sha" ] || continue
                case "$local_sha" in
                *[!0]*) ;;
                *) continue ;; # a deletion: nothing is deployed from it
                esac
                case "$remote_ref" in
                refs/heads/*) branch=${remote_ref#refs/heads/} ;;
                *) continue ;; # tags and other refs do not deploy
                esac
                chimera_deploys "$branch" || continue
                case "$newline$checked$newline" in
                *"$newline$local_sha $branch$newline"*) continue ;;
                esac
                checked="$checked$newline$local_sha $branch"
                if [ -z "$chimeractl" ] || ! [ -x "$chimeractl" ]; then
                    chimera_note "chimeractl not found (PATH or git config chimera.chimeractl): $branch was not simulated"
                    continue
                fi
                short=$(git rev-parse --short "$local_sha" 2>/dev/null) || short=$local_sha
                report=$("$chimeractl" simulate --platform "$platform" --repo "$toplevel" --commit "$local_sha" --branch "$branch" 2>&1 </dev/null)
                status=$?
                case "$status" in
                0) chimera_note "$branch ($short) passes simulation on $platform" ;;
                1)
                    printf '%s\n' "$report" >&2
                    chimera_note "$remote_ref ($short, from $local_ref) fails simulation on $platform: the push is refused"
                    failed=1
                    ;;
                *)
                    printf '%s\n' "$report" >&2
                    chimera_note "chimeractl simulate could not check $branch ($short), exit status $status: the push is not checked"
                    ;;
                esac
            done <<EOF
        $input
        EOF
            if [ "$failed" -ne 0 ]; then
                chimera_note "fix the findings above (chimeractl heal fixes the safe ones), or push anyway with: git push --no-verify"
                return 1
            fi
            return 0
        }

        chimera_pre_push "$@"

        """##
}
