// swift-tools-version:6.0
import PackageDescription

/// Release builds leave out the run-time exclusivity checks (every access to a class's stored
/// property calls into the runtime): at 140,000 ptrace stops a second they were a measurable
/// part of the tracer's time. They also reach the metadata of a concrete generic type
/// (`[Value]`, `Optional<CallResult>`) through an accessor function instead of its mangled name:
/// the runtime demangled each name at its first use, 0.2 million instructions (about 0.15 ms)
/// at every start. Debug builds, which the tests run, keep the defaults. (Adding the frontend's
/// `-prespecialize-generic-metadata` as well was tried: that binary printed no trace at all.)
let release: [SwiftSetting] = [.unsafeFlags([
    "-enforce-exclusivity=unchecked",
    "-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors",
], .when(configuration: .release))]

let package = Package(
    name: "sockstep",
    products: [
        .executable(name: "sockstep", targets: ["sockstep"]),
        .executable(name: "sockstep-commands", targets: ["sockstep-commands"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C: the ptrace calls Swift cannot make (variadic ptrace, wait-status macros) and the
        // start (clone, exec) of a traced child, so that no Swift code runs in a child.
        .target(name: "CPtrace"),
        // libseccomp, found through pkg-config.
        .systemLibrary(
            name: "CSeccomp",
            pkgConfig: "libseccomp",
            providers: [.apt(["libseccomp-dev"])]
        ),
        // libyaml, found through pkg-config: lesson files are read with its parser (LessonModel
        // composes the tree from its events).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // Reading files and listing folders (/proc, lesson files, recordings), close-on-exec.
        .target(name: "Files", swiftSettings: release),
        // Pure: syscall and constant tables, argument specs, the typed values, the strace line
        // builders.
        .target(name: "Decoding", swiftSettings: release),
        // Lesson files as values: the parser and its checks, the lesson model, the catalog.
        .target(name: "LessonModel", dependencies: ["CYAML", "Decoding", "Files"], swiftSettings: release),
        // Pure: the events a run reports (trace events with their stamps, lesson moments, kernel
        // snapshots, the run's header) and the sink protocol every output implements.
        .target(name: "Events", dependencies: ["Decoding", "LessonModel"], swiftSettings: release),
        // The ptrace engine: spawn/attach, syscall stops, signals, exits, tracee memory; the
        // kernel's side of sockets from /proc and sock_diag.
        .target(name: "Tracing", dependencies: ["CPtrace", "Decoding", "Events", "Files"], swiftSettings: release),
        // Block rules and the seccomp-bpf programs libseccomp builds from them.
        .target(name: "Seccomp", dependencies: ["CSeccomp", "Decoding"], swiftSettings: release),
        // Lesson files, the actor that performs a role's calls, the orchestrator that keeps the
        // roles in the lesson's order.
        .target(name: "Lessons", dependencies: ["Decoding", "Events", "Files", "LessonModel", "Tracing", "Seccomp", "CPtrace"], swiftSettings: release),
        // What people read, each output a sink of events: strace lines (with -f prefixes,
        // unfinished/resumed), the -c summary, the explained lesson view, JSON Lines, the page,
        // the comparison, "what happened". Never the engine: no Tracing, Lessons or Seccomp.
        .target(name: "Presentation", dependencies: ["Decoding", "Events", "LessonModel", "Files"], swiftSettings: release),
        // `sockstep trace` from its options to its exit status, and the outputs every command
        // makes from its options: no ArgumentParser, so that the binary that traces does not
        // link it (and through it FoundationEssentials, libdispatch and the Regex modules, whose
        // relocations and copied pages cost 0.2 ms at every start).
        .target(
            name: "TraceRun",
            dependencies: ["Tracing", "Presentation", "Decoding", "Events", "Files", "Lessons", "LessonModel", "Seccomp", "CSeccomp"],
            swiftSettings: release
        ),
        // `sockstep`: runs `trace` itself when its command line is good; everything else (the
        // other commands, help, version, a trace command line to complain about) is
        // sockstep-commands' (exec'd, same arguments).
        .executableTarget(name: "sockstep", dependencies: ["TraceRun", "Decoding", "Files"], swiftSettings: release),
        // Every command, with ArgumentParser: help, completions, man pages, usage errors.
        .executableTarget(
            name: "sockstep-commands",
            dependencies: [
                "TraceRun", "Tracing", "Presentation", "Decoding", "Events", "Files", "Lessons", "LessonModel", "Seccomp", "CSeccomp",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/SockstepCommands",
            swiftSettings: release
        ),
        // Test support: runs a program under the orchestrator's loopback guard, in a process of
        // its own (a tracer inside the test process would reap other tests' children).
        .executableTarget(name: "guard-probe", dependencies: ["Lessons", "Tracing"], path: "Tests/Probes/GuardProbe"),
        .executableTarget(name: "cpu-probe", dependencies: ["Tracing"], path: "Tests/Probes/CPUProbe"),
        .testTarget(name: "DecodingTests", dependencies: ["Decoding", "Events", "Files", "Presentation", "Seccomp"], exclude: ["Golden"]),
        .testTarget(name: "LessonTests", dependencies: ["Lessons", "Decoding"], exclude: ["Broken", "Hostile"]),
        .testTarget(name: "SockstepTests", dependencies: ["Decoding"], exclude: ["Programs", "Schemas"]),
    ],
    swiftLanguageModes: [.v6]
)
