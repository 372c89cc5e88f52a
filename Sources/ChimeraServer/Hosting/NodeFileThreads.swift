import NIOPosix

/// The threads node-site files are read on.
///
/// Not `NIOThreadPool.singleton`: ChimeraHTTP runs its libcurl transfers there, and each blocks a thread for up
/// to its timeout. The live probes this server sends to its own sites are such transfers; had the file reads
/// shared their threads, a few probes at once (two on a two-core machine) would hold every thread while the
/// answers they wait for need one to read the file, and each probe would time out: a good release rolled back.
enum NodeFileThreads {
    /// Started once, on first use, and kept for the life of the process, like NIO's own singletons.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()
}
