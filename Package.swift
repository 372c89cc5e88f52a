// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Chimera",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "chimeractl", targets: ["chimeractl"]),
        .library(name: "PlatformModels", targets: ["PlatformModels"]),
        .library(name: "SiteSimulation", targets: ["SiteSimulation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Pure platform models: parse configuration files and answer "what does the platform do for request P".
        .target(
            name: "PlatformModels",
            dependencies: [
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // libgit2, the C library every git operation goes through (wrapped once, in ChimeraGit).
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        // Swift types over libgit2: repositories, revisions, commits, tree export, diffs.
        .target(name: "ChimeraGit", dependencies: ["CGit2"], swiftSettings: swiftSettings),
        // Runs untrusted build commands under bubblewrap, with a timeout over the whole process tree.
        .target(name: "BuildSandbox", swiftSettings: swiftSettings),
        // Truth Engine: manifests of what is shipped (SHA-256 + SHA3-256), Ed25519 keys, in-toto/DSSE certificates.
        .target(name: "Certification", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        // The embedded store (GRDB, SQLite WAL): events (Genesis Bus) and the signed hash-chained ledger (Genesis Ledger).
        .target(
            name: "ChimeraStore",
            dependencies: ["Certification", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Leviathan: reads a deploy folder from disk and runs the analyzers over it.
        .target(
            name: "SiteSimulation",
            dependencies: ["PlatformModels", "ChimeraGit", "BuildSandbox"],
            swiftSettings: swiftSettings
        ),
        // ARIE: fixers that rewrite a site's configuration for the findings they know how to repair, with patches.
        .target(name: "ConfigHealing", dependencies: ["PlatformModels", "SiteSimulation"], swiftSettings: swiftSettings),
        // libcurl, the C library every outbound HTTP request goes through (wrapped once, in ChimeraHTTP).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Swift types over libcurl: one blocking request, run off the cooperative pool.
        .target(
            name: "ChimeraHTTP",
            dependencies: ["CCurl", .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // GitHub: webhook signatures and payloads, commit statuses (over ChimeraHTTP).
        .target(
            name: "GitHubAPI",
            dependencies: ["ChimeraHTTP", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The self-hosted node target: immutable releases, atomic switch, rollback, and answering requests with a
        // platform's rules; the live probes that verify a release against its prediction.
        .target(
            name: "NodeHosting",
            dependencies: ["PlatformModels", "SiteSimulation", "Certification"],
            swiftSettings: swiftSettings
        ),
        // HXO: the durable deploy pipeline (fetch, simulate, certify, deploy, verify, rollback) and its services.
        .target(
            name: "DeployPipeline",
            dependencies: [
                "PlatformModels", "SiteSimulation", "ChimeraGit", "Certification", "ChimeraStore", "ChimeraHTTP", "GitHubAPI",
                "NodeHosting", "ConfigHealing",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP server: webhooks, the /api/chimera API with roles, the event stream, and the node sites.
        .target(
            name: "ChimeraServer",
            dependencies: [
                "DeployPipeline", "ChimeraStore", "NodeHosting", "GitHubAPI", "Certification", "PlatformModels", "ChimeraHTTP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Tests only: a local stand-in for GitHub's REST API that checks every request against the documented contract.
        .target(
            name: "GitHubStandIn",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird"), .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Contract")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "chimeractl",
            dependencies: [
                "PlatformModels",
                "SiteSimulation",
                "ChimeraGit",
                "Certification",
                "ChimeraStore",
                "ChimeraHTTP",
                "NodeHosting",
                "DeployPipeline",
                "ChimeraServer",
                "ConfigHealing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PlatformModelsTests", dependencies: ["PlatformModels"], swiftSettings: swiftSettings),
        .testTarget(name: "SiteSimulationTests", dependencies: ["SiteSimulation", "PlatformModels"], swiftSettings: swiftSettings),
        .testTarget(name: "ChimeractlTests", dependencies: ["chimeractl"], swiftSettings: swiftSettings),
        .testTarget(name: "ChimeraGitTests", dependencies: ["ChimeraGit"], swiftSettings: swiftSettings),
        .testTarget(name: "BuildSandboxTests", dependencies: ["BuildSandbox"], swiftSettings: swiftSettings),
        .testTarget(name: "CertificationTests", dependencies: ["Certification"], swiftSettings: swiftSettings),
        .testTarget(name: "ChimeraStoreTests", dependencies: ["ChimeraStore", "Certification"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ChimeraHTTPTests",
            dependencies: ["ChimeraHTTP", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GitHubAPITests",
            dependencies: ["GitHubAPI", "ChimeraHTTP", "GitHubStandIn", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ConfigHealingTests", dependencies: ["ConfigHealing", "PlatformModels", "SiteSimulation"], swiftSettings: swiftSettings),
        .testTarget(name: "NodeHostingTests", dependencies: ["NodeHosting", "PlatformModels", "Certification"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ChimeraServerTests",
            dependencies: [
                // chimeractl: the crash-recovery tests run the real binary and kill it.
                "chimeractl", "ChimeraServer", "DeployPipeline", "ChimeraStore", "GitHubAPI", "ChimeraHTTP", "NodeHosting", "GitHubStandIn",
                "Certification",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
