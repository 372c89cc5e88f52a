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
    ],
    targets: [
        // Pure platform models: parse configuration files and answer "what does the platform do for request P".
        .target(
            name: "PlatformModels",
            dependencies: [.product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: swiftSettings
        ),
        // Leviathan: reads a deploy folder from disk and runs the analyzers over it.
        .target(
            name: "SiteSimulation",
            dependencies: ["PlatformModels"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "chimeractl",
            dependencies: [
                "PlatformModels",
                "SiteSimulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PlatformModelsTests", dependencies: ["PlatformModels"], swiftSettings: swiftSettings),
        .testTarget(name: "SiteSimulationTests", dependencies: ["SiteSimulation", "PlatformModels"], swiftSettings: swiftSettings),
        .testTarget(name: "ChimeractlTests", dependencies: ["chimeractl"], swiftSettings: swiftSettings),
    ]
)
