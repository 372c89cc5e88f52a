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
        .executableTarget(
            name: "chimeractl",
            dependencies: [
                "PlatformModels",
                "SiteSimulation",
                "ChimeraGit",
                "Certification",
                "ChimeraStore",
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
    ]
)
