// swift-tools-version:6.1
import PackageDescription

// Layers, each depending only on the ones below it — docs/ARCHITECTURE.md draws them and lists which
// module may import which; Tests/ArchitectureTests holds this file, the sources and that table to each other.
//   CLibXML2, CZlibSystem  — module maps and tiny C shims over the system libraries
//   Support                — LocalizedText, the SpotCheckError protocol, digests, parallel map
//   XMLCore, ZipCore       — the only code that touches libxml2 / zlib, wrapped in safe Swift
//   Tabular                — CSV (UTF-8, GBK) and XLSX tables as offices keep them, for fill data and imports
//   Templating             — the tag language and the document fillers
//   Inspection             — the domain: entities, vocabularies, the calendar and the policies as pure functions
//   Store                  — persistence only: the CaseStore protocol; Workspace, on GRDB/SQLite, with the audit trail
//   Forms                  — the standard forms: catalogue, values from the store, rendering, PDF via LibreOffice
//   Archiving              — sealed BagIt dossiers (SHA-256, SM3, Ed25519), their verification and retention
//   Workflow               — the services the front ends call: draw, match, results, objections; archive wiring
//   Province               — a province's offices on one PostgreSQL (PostgresNIO): row-level security, per-office audit chains
//   Web                    — the workbench and the public portal over HTTP (Hummingbird 2), on the Workflow services
//   spotcheck              — the CLI: argument parsing and printing only
let package = Package(
    name: "SpotCheck",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "spotcheck", targets: ["spotcheck"]),
        .library(name: "XMLCore", targets: ["XMLCore"]),
        .library(name: "ZipCore", targets: ["ZipCore"]),
        .library(name: "Templating", targets: ["Templating"]),
        .library(name: "Tabular", targets: ["Tabular"]),
        .library(name: "Inspection", targets: ["Inspection"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Forms", targets: ["Forms"]),
        .library(name: "Archiving", targets: ["Archiving"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        // The workbench's HTTP server; swift-configuration support is not used.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // A province's shared database (issue 20).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .systemLibrary(
            name: "CZlibSystem",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .target(name: "Support", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "XMLCore", dependencies: ["CLibXML2"]),  // not Support: see Tabular/XMLError+SpotCheckError.swift
        .target(name: "ZipCore", dependencies: ["CZlibSystem", "Support"]),
        .target(name: "Tabular", dependencies: ["XMLCore", "ZipCore", "Support"]),
        .target(name: "Templating", dependencies: ["XMLCore", "ZipCore", "Tabular", "Support"]),
        .target(
            name: "Store",
            dependencies: ["Support", "Inspection", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "Inspection", dependencies: ["Support", "XMLCore", "Tabular", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources/holidays-cn.csv")]),
        .target(name: "Forms", dependencies: ["Support", "XMLCore", "Templating", "Inspection", "Store"]),
        .target(
            name: "Archiving",
            dependencies: [
                "Support", "XMLCore", "ZipCore", "Inspection", "Store", .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "Workflow",
            dependencies: [
                "Support", "XMLCore", "Tabular", "Templating", "Inspection", "Store", "Forms", "Archiving", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]),
        .target(
            name: "Province",
            dependencies: [
                "Support", "Inspection", "Store", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "Web",
            dependencies: [
                "Support", "Tabular", "Inspection", "Store", "Workflow", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("Resources/public")]),
        .executableTarget(
            name: "spotcheck",
            dependencies: [
                "Support", "XMLCore", "ZipCore", "Tabular", "Templating", "Inspection", "Store", "Forms", "Archiving", "Workflow", "Web",
                "Province", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Measurement tools for bench/ scripts; not part of the product.
        .executableTarget(name: "zipbench", dependencies: ["ZipCore"], path: "bench/zipbench"),
        .executableTarget(name: "fillbench", dependencies: ["Templating"], path: "bench/fillbench"),
        .executableTarget(
            name: "provincebench", dependencies: ["Province", "Inspection", "Store", .product(name: "GRDB", package: "GRDB.swift")], path: "bench/provincebench"),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SupportTests", dependencies: ["Support", "TestSupport"]),
        // A workspace with every kind of result, for the forms and archiving tests.
        .target(
            name: "WorkspaceFixtures", dependencies: ["Store", "Inspection", "Forms", "Workflow", "TestSupport"], path: "Tests/WorkspaceFixtures"),
        .testTarget(name: "XMLCoreTests", dependencies: ["XMLCore", "ZipCore", "TestSupport"]),
        .testTarget(name: "ZipCoreTests", dependencies: ["ZipCore", "TestSupport"]),
        .testTarget(name: "TemplatingTests", dependencies: ["Templating", "XMLCore", "ZipCore", "TestSupport"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular", "TestSupport"]),
        .testTarget(
            name: "StoreTests", dependencies: ["Store", "Inspection", "Support", "Workflow", "TestSupport", "WorkspaceFixtures", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "Store", "Inspection", "Support", "Tabular", "TestSupport", "WorkspaceFixtures"]),
        .testTarget(name: "InspectionTests", dependencies: ["Inspection", "Forms", "Support", "Templating", "Tabular", "TestSupport"]),
        .testTarget(
            name: "FormsTests",
            dependencies: ["Forms", "Store", "Inspection", "Support", "Templating", "XMLCore", "ZipCore", "TestSupport", "WorkspaceFixtures"]),
        .testTarget(
            name: "ArchivingTests",
            dependencies: [
                "Archiving", "Forms", "Store", "Inspection", "Support", "Workflow", "XMLCore", "ZipCore", "Tabular", "Templating", "TestSupport",
                "WorkspaceFixtures",
            ]),
        .testTarget(name: "spotcheckTests", dependencies: ["TestSupport"]),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "Web", "Workflow", "Archiving", "ZipCore", "Store", "Inspection", "Support", "TestSupport", "WorkspaceFixtures",
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .testTarget(
            name: "ProvinceTests",
            dependencies: [
                "Province", "Store", "Inspection", "Support", "TestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "ArchitectureTests", dependencies: ["Inspection", "Store", "Archiving"]),
    ],
    swiftLanguageModes: [.v6]
)
