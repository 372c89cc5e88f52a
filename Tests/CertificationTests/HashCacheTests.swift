import Certification
import Foundation
import Testing

@Suite struct HashCacheTests {
    @Test func unchangedTreeHitsTheCache() throws {
        let fixture = try CertificationFixture()
        // Let the clock move past the files' mtimes, or the racy rule (rightly) distrusts them.
        usleep(50_000)
        let path = fixture.state + "/cache/hash-cache.bin"
        var cache: HashCache? = HashCache(path: path)
        let first = try Manifest.make(folder: fixture.site, cache: &cache)
        #expect(first.statistics.hashed == 4)
        var reloaded: HashCache? = HashCache(path: path)
        #expect(reloaded?.count == 4)
        let second = try Manifest.make(folder: fixture.site, cache: &reloaded)
        #expect(second.statistics.cached == 4)
        #expect(second.statistics.hashed == 0)
        #expect(second == first)
        #expect(second.digest == first.digest)
        // An edit (new size, mtime and ctime) is hashed again.
        try fixture.write("index.html", "<h1>changed</h1>\n")
        var third: HashCache? = HashCache(path: path)
        let changed = try Manifest.make(folder: fixture.site, cache: &third)
        #expect(changed.statistics.hashed == 1)
        #expect(changed.digest != first.digest)
    }

    @Test func racyEntryIsUnknown() throws {
        let fixture = try CertificationFixture()
        let path = fixture.state + "/cache/hash-cache.bin"
        let digests = FileDigests(sha256: Array(repeating: 1, count: 32), sha3_256: Array(repeating: 2, count: 32), size: 10)
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        let old = FileStatus(device: 1, inode: 7, size: 10, mode: 0o644, modified: now - 10_000_000_000, changed: now - 10_000_000_000)
        // Written in the same tick as the cache (or later): stat data cannot vouch for the contents.
        let racy = FileStatus(device: 1, inode: 8, size: 10, mode: 0o644, modified: now + 60_000_000_000, changed: now - 10_000_000_000)
        var cache = HashCache(path: path)
        cache.store(digests, for: old)
        cache.store(digests, for: racy)
        try cache.write()
        let loaded = HashCache(path: path)
        let writtenAt = try #require(loaded.writtenAt)
        #expect(loaded.lookup(old) == digests)
        #expect(loaded.lookup(racy) == nil)
        var atTheTick = old
        atTheTick.modified = writtenAt
        #expect(loaded.lookup(atTheTick) == nil)
    }

    @Test func racilyModifiedFileIsRehashed() throws {
        let fixture = try CertificationFixture()
        usleep(50_000)
        // A file whose mtime is not older than the cache write: what happens when it is edited again in the
        // same tick. Its stat data will match next time, and it must be hashed anyway.
        let file = fixture.site + "/index.html"
        var times = [timespec(tv_sec: time(nil) + 3600, tv_nsec: 0), timespec(tv_sec: time(nil) + 3600, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, file, &times, 0) == 0)
        usleep(50_000)
        let path = fixture.state + "/cache/hash-cache.bin"
        var cache: HashCache? = HashCache(path: path)
        _ = try Manifest.make(folder: fixture.site, cache: &cache)
        var again: HashCache? = HashCache(path: path)
        let second = try Manifest.make(folder: fixture.site, cache: &again)
        #expect(second.statistics.hashed == 1)
        #expect(second.statistics.cached == 3)
    }
}
