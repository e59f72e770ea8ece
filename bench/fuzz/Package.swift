// swift-tools-version:6.0
// libFuzzer harnesses for SpotCheck's readers of untrusted input (issue 18). Built apart from the main
// package, with Swift's fuzzer and address sanitizer:
//   swift build -c release -Xswiftc -sanitize=fuzzer,address -Xlinker --allow-multiple-definition
// (SwiftPM gives each executable a renamed `main` and libFuzzer brings its own: whichever the linker keeps
// runs libFuzzer over the harness's LLVMFuzzerTestOneInput — see Sources/driver.)
// and run by bench/fuzz/run. Each harness is one file: the input bytes into one reader, which may refuse
// them with an error but must never crash, hang or run out of memory. The committed corpus (corpus/NAME)
// is also replayed by the main package's tests (FuzzCorpusTests), so what a fuzzer once found stays fixed.
import PackageDescription

let package = Package(
    name: "SpotCheckFuzz",
    dependencies: [.package(name: "SpotCheck", path: "../..")],
    targets: [
        .target(name: "FuzzDriver", path: "Sources/driver"),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzDriver", .product(name: "Tabular", package: "SpotCheck")], path: "Sources/csv"),
        .executableTarget(name: "fuzz-xlsx", dependencies: ["FuzzDriver", .product(name: "Tabular", package: "SpotCheck")], path: "Sources/xlsx"),
        .executableTarget(name: "fuzz-xml", dependencies: ["FuzzDriver", .product(name: "XMLCore", package: "SpotCheck")], path: "Sources/xml"),
        .executableTarget(name: "fuzz-zip", dependencies: ["FuzzDriver", .product(name: "ZipCore", package: "SpotCheck")], path: "Sources/zip"),
        .executableTarget(name: "fuzz-template", dependencies: ["FuzzDriver", .product(name: "Templating", package: "SpotCheck")], path: "Sources/template"),
        .executableTarget(
            name: "fuzz-package",
            dependencies: ["FuzzDriver", .product(name: "Archiving", package: "SpotCheck"), .product(name: "XMLCore", package: "SpotCheck")],
            path: "Sources/package"),
        .executableTarget(name: "fuzz-drawrecord", dependencies: ["FuzzDriver", .product(name: "Inspection", package: "SpotCheck")], path: "Sources/drawrecord"),
    ]
)
