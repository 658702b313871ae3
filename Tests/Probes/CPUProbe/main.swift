// cpu-probe PLACEMENT...: traces `nproc` once for each placement (default, pin-cpu, every-cpu),
// one after another in this one process, as a lesson's checks run their programs, and prints
// `PLACEMENT: N` with what nproc printed each time.
//
// A test support program: a tracer must not run inside the test process, whose waitpid(-1)
// would collect the children of every other test running beside it.
import Glibc
import Tracing

/// What `nproc` prints under a Tracer placed as `cpus`.
func nproc(_ cpus: CPUPlacement) -> String {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { return "pipe failed" }
    defer { close(fds[0]) }
    var configuration = TraceConfiguration()
    configuration.followForks = true
    configuration.cpus = cpus
    configuration.stampsEvents = false
    let tracer = Tracer(configuration: configuration) { _ in }
    var start = Tracer.Start()
    start.streams = (-1, fds[1], -1)
    do {
        try tracer.spawn(path: "/usr/bin/nproc", arguments: ["nproc"], environment: ["PATH=/usr/bin:/bin"], start: start)
    } catch {
        close(fds[1])
        return "spawn: \(error)"
    }
    close(fds[1])
    guard tracer.run() == .exited(0) else { return "nproc failed" }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 256)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
        if n <= 0 { break }
        out += chunk[0 ..< n]
    }
    return String(decoding: out, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
}

let placements: [String: CPUPlacement] = ["default": .oneCPUShowingGiven, "pin-cpu": .oneCPU, "every-cpu": .asGiven]
for name in CommandLine.arguments.dropFirst() {
    guard let cpus = placements[name] else {
        print("cpu-probe: unknown placement \(name) (default, pin-cpu, every-cpu)")
        exit(2)
    }
    print("\(name): \(nproc(cpus))")
}
