import Certification
import Dispatch
import Foundation
import NodeHosting
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct ReleaseStoreTests {
    /// A small site: three pages and a stylesheet.
    private func makeSite(_ folder: TestFolder, _ name: String, style: String = "body{}") throws -> String {
        try folder.write("\(name)/index.html", "<h1>home</h1>")
        try folder.write("\(name)/docs/guide.html", "<h1>guide</h1>")
        try folder.write("\(name)/docs/deep/page.html", "<h1>deep</h1>")
        try folder.write("\(name)/style.css", style)
        return folder.path(name)
    }

    @Test func installWritesAnImmutableReleaseWithItsMetadata() throws {
        let folder = try TestFolder()
        let source = try makeSite(folder, "public")
        try folder.write("repo/netlify.toml", "[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\n")
        let store = ReleaseStore(siteFolder: folder.path("state/sites/blog"))
        let release = try installRelease(store, source: source, configFiles: ["netlify.toml": folder.path("repo/netlify.toml")])

        #expect(release.path == folder.path("state/sites/blog/releases/\(release.id)"))
        #expect(folder.read("state/sites/blog/releases/\(release.id)/files/docs/deep/page.html") == "<h1>deep</h1>")
        #expect(folder.read("state/sites/blog/releases/\(release.id)/config/netlify.toml")?.contains("/a") == true)
        for file in ["files/index.html", "files/docs/guide.html", "files/style.css", "config/netlify.toml", "release.json", "manifest.json"] {
            #expect(fileStatus(release.path + "/" + file)?.mode == 0o444, "\(file)")
        }
        for directory in ["", "/files", "/files/docs", "/files/docs/deep", "/config"] {
            #expect(fileStatus(release.path + directory)?.mode == 0o555, "\(directory)")
        }
        // The id: time stamp, manifest digest prefix, random suffix.
        let parts = release.id.split(separator: "-")
        #expect(parts.count == 3 && parts[0].count == 19 && parts[1] == release.metadata.manifestDigest.prefix(8) && parts[2].count == 4)
        #expect(release.metadata.id == release.id)
        #expect(release.metadata.platform == .netlify)
        #expect(release.metadata.commit == "0123456789abcdef")
        #expect(release.metadata.options.configFiles == ["netlify.toml"])
        let manifest = try release.manifest()
        #expect(Set(manifest.files.keys) == ["index.html", "docs/guide.html", "docs/deep/page.html", "style.css"])
        #expect(manifest.files["style.css"]?.size == 6)
        // Nothing half-built is left, and the release is listed but not current.
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.releasesPath) == [release.id])
        #expect(store.releases().map(\.id) == [release.id])
        #expect(store.current() == nil)
    }

    @Test func unchangedFilesAreSharedByHardLinkAndChangedOnesAreNot() throws {
        let folder = try TestFolder()
        let store = ReleaseStore(siteFolder: folder.path("site"))
        let first = try installRelease(store, source: try makeSite(folder, "one"))
        try store.activate(first.id)
        // A second, separate staged folder: same pages, another stylesheet.
        let second = try installRelease(store, source: try makeSite(folder, "two", style: "body{color:red}"))

        for page in ["index.html", "docs/guide.html", "docs/deep/page.html"] {
            let a = try #require(fileStatus(first.filesPath + "/" + page))
            let b = try #require(fileStatus(second.filesPath + "/" + page))
            #expect(a.inode == b.inode, "\(page) should be one file shared by both releases")
        }
        let oldStyle = try #require(fileStatus(first.filesPath + "/style.css"))
        let newStyle = try #require(fileStatus(second.filesPath + "/style.css"))
        #expect(oldStyle.inode != newStyle.inode)
        #expect(folder.read("site/releases/\(first.id)/files/style.css") == "body{}")
        #expect(folder.read("site/releases/\(second.id)/files/style.css") == "body{color:red}")
        #expect(newStyle.mode == 0o444)
    }

    @Test func installRefusesAStagedFolderMissingAManifestFileAndLeavesNothing() throws {
        let folder = try TestFolder()
        let source = try makeSite(folder, "public")
        let manifest = try Manifest.make(folder: source, workers: 1)
        try FileManager.default.removeItem(atPath: source + "/docs/guide.html")
        let store = ReleaseStore(siteFolder: folder.path("site"))
        let metadata = ReleaseMetadata(site: "blog", platform: .netlify, certificateDigest: "c", manifestDigest: manifest.digest)
        #expect {
            try store.install(stagedFolder: source, manifest: manifest, metadata: metadata)
        } throws: { error in
            "\(error)".contains("docs/guide.html")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.releasesPath).isEmpty)
        #expect {
            try store.install(stagedFolder: folder.path("public"), manifest: manifest, metadata: metadata, configFiles: ["../x": "/etc/hostname"])
        } throws: { error in
            "\(error)".contains("not a plain file name")
        }
    }

    @Test func activationSwitchesCurrentWithoutEverHidingIt() throws {
        let folder = try TestFolder()
        let store = ReleaseStore(siteFolder: folder.path("site"))
        let first = try installRelease(store, source: try makeSite(folder, "one"))
        let second = try installRelease(store, source: try makeSite(folder, "two", style: "p{}"))
        try store.activate(first.id)

        final class Shared: Sendable {
            let stop = Atomic<Bool>(false)
            let reads = Atomic<Int>(0)
            let failures = Atomic<Int>(0)
        }
        let shared = Shared()
        let path = store.currentLink + "/release.json"
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            while !shared.stop.load(ordering: .acquiring) {
                let text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
                if text?.contains("\"manifestDigest\"") == true {
                    shared.reads.add(1, ordering: .relaxed)
                } else {
                    shared.failures.add(1, ordering: .relaxed)
                }
            }
            done.signal()
        }
        for round in 0..<200 { try store.activate(round % 2 == 0 ? second.id : first.id) }
        // Let the reader see the final state at least once more.
        let before = shared.reads.load(ordering: .relaxed)
        while shared.reads.load(ordering: .relaxed) == before && shared.failures.load(ordering: .relaxed) == 0 { sched_yield() }
        shared.stop.store(true, ordering: .releasing)
        done.wait()

        #expect(shared.failures.load(ordering: .relaxed) == 0)
        #expect(shared.reads.load(ordering: .relaxed) > 0)
        #expect(store.current()?.id == first.id)
        #expect(store.activations().count == 201)
        #expect(store.previous()?.id == second.id)
        // No temporary link is left next to `current`.
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root).sorted() == ["activations.log", "current", "releases"])
    }

    @Test func previousAndRollback() throws {
        let folder = try TestFolder()
        let store = ReleaseStore(siteFolder: folder.path("site"))
        let a = try installRelease(store, source: try makeSite(folder, "a", style: "a{}"))
        let b = try installRelease(store, source: try makeSite(folder, "b", style: "b{}"))
        let c = try installRelease(store, source: try makeSite(folder, "c", style: "c{}"))
        #expect(store.releases().map(\.id) == [c.id, b.id, a.id])
        #expect(store.previous() == nil)

        try store.activate(a.id)
        #expect {
            try store.rollback()
        } throws: { error in
            "\(error)".contains("no previous release") && "\(error)".contains(a.id)
        }
        try store.activate(b.id)
        try store.activate(c.id)
        #expect(store.previous()?.id == b.id)

        let back = try store.rollback()
        #expect(back.from?.id == c.id && back.to.id == b.id)
        #expect(store.current()?.id == b.id)
        #expect(store.previous()?.id == c.id)

        let chosen = try store.rollback(to: a.id)
        #expect(chosen.from?.id == b.id && chosen.to.id == a.id)
        #expect(folder.read("site/current/files/style.css") == "a{}")

        #expect {
            try store.rollback(to: "20200101T000000000Z-deadbeef-0000")
        } throws: { error in
            let text = "\(error)"
            return text.contains("20200101T000000000Z-deadbeef-0000") && [a.id, b.id, c.id].allSatisfy { text.contains($0) }
        }
        #expect(store.current()?.id == a.id)
    }

    @Test func pruneKeepsTheTenNewestAndNeverTheCurrentOrPreviousOne() throws {
        let folder = try TestFolder()
        let store = ReleaseStore(siteFolder: folder.path("site"))
        var ids: [String] = []
        for index in 0..<13 {
            try folder.write("s\(index)/index.html", "<p>\(index)</p>")
            ids.append(try installRelease(store, source: folder.path("s\(index)")).id)
        }
        #expect(ids == ids.sorted(), "ids sort by creation")
        try store.activate(ids[0])
        try store.activate(ids[1])

        let removed = try store.prune(keep: 10)
        #expect(removed == [ids[2]])
        #expect(store.releaseIDs() == Array(ids[3...].reversed()) + [ids[1], ids[0]])
        #expect(store.current()?.id == ids[1])
        #expect(folder.read("site/releases/\(ids[0])/files/index.html") == "<p>0</p>")
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.releasesPath).allSatisfy { !$0.hasPrefix(".") })

        // With the newest current, the oldest go down to ten plus the previous one.
        try store.activate(ids[12])
        let second = try store.prune(keep: 10)
        #expect(second == [ids[0]])
        #expect(store.releaseIDs().count == 11)
        #expect(store.previous()?.id == ids[1])
    }
}
