// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "kubectl-kaito",
  products: [
    .executable(name: "kubectl-kaito", targets: ["kubectl-kaito"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // libcurl's headers only: the library itself is loaded when a command first needs the network
    // (see Sources/CCurl/shim.h), so no pkg-config and no link flag here.
    .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    // libedit's headers only, the same way: the chat loads the line editor on first interactive use.
    .systemLibrary(name: "CEdit", providers: [.apt(["libedit-dev"])]),
    .systemLibrary(
      name: "CYAML", pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"])]),
    .target(name: "KaitoCore", dependencies: ["CYAML", "CCurl", "CEdit"]),
    // The commands: thin layers that parse flags, build one CommandContext and call the core.
    .target(
      name: "KaitoCommands",
      dependencies: [
        "KaitoCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "kubectl-kaito", dependencies: ["KaitoCommands"]),
    // libFuzzer targets for the parsers; scripts/fuzz builds them with the fuzzer and ASan.
    .executableTarget(name: "KaitoFuzz", dependencies: ["KaitoCore"]),
    // Helpers for the tests (running processes, finding files); Foundation is fine here, never in the binary.
    .target(name: "TestSupport", dependencies: ["KaitoCore"], path: "Tests/TestSupport"),
    .testTarget(name: "KaitoCoreTests", dependencies: ["KaitoCore", "TestSupport"], exclude: ["Fixtures"]),
    // Runs the built binary; depending on the executable makes `swift test` build it first.
    // Every command run in-process against a fake transport that answers from recorded fixtures.
    .testTarget(name: "CommandTests", dependencies: ["KaitoCommands", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(
      name: "EndToEndTests", dependencies: ["kubectl-kaito", "KaitoCommands", "TestSupport"], exclude: ["Golden"]),
  ],
  swiftLanguageModes: [.v6]
)
