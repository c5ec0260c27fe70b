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
    .systemLibrary(
      name: "CCurl", pkgConfig: "libcurl",
      providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(
      name: "CYAML", pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"])]),
    .target(name: "KaitoCore", dependencies: ["CYAML"]),
    .executableTarget(
      name: "kubectl-kaito",
      dependencies: [
        "KaitoCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(name: "KaitoCoreTests", dependencies: ["KaitoCore"]),
    .testTarget(
      name: "EndToEndTests", dependencies: ["kubectl-kaito"],
      resources: [.copy("Golden")]),
  ],
  swiftLanguageModes: [.v6]
)
