import Foundation
import Glibc
import Testing
import Tracing

/// A lesson's checks trace one program after another in one sockstep process, and the first
/// trace pins sockstep to one CPU: each later trace must still tell its program the CPUs
/// sockstep was given (and one that asks for every CPU must get them back).
@Suite("Traces one after another in one process: each program told the CPUs it was given", .serialized)
struct TracerCPUTests {
    /// What `nproc` prints under a Tracer placed as `cpus` (run on this test's thread).
    func nproc(_ cpus: CPUPlacement) throws -> String {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        var configuration = TraceConfiguration()
        configuration.followForks = true
        configuration.cpus = cpus
        configuration.stampsEvents = false
        let tracer = Tracer(configuration: configuration) { _ in }
        var start = Tracer.Start()
        start.streams = (-1, fds[1], -1)
        do {
            try tracer.spawn(path: "/usr/bin/nproc", arguments: ["nproc"], environment: Tracer.currentEnvironment(), start: start)
        } catch {
            close(fds[1])
            throw error
        }
        close(fds[1])
        #expect(tracer.run() == .exited(0))
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += chunk[0 ..< n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// What `nproc` prints untraced.
    func untracedNproc() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nproc")
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("the default, twice; --pin-cpu; every CPU again", .timeLimit(.minutes(1)))
    func oneAfterAnother() throws {
        let given = try untracedNproc()
        #expect(!given.isEmpty)
        #expect(try nproc(.oneCPUShowingGiven) == given)
        #expect(try nproc(.oneCPUShowingGiven) == given, "the second trace started pinned by the first")
        #expect(try nproc(.oneCPU) == "1\n")
        #expect(try nproc(.asGiven) == given, "every CPU, after a pinned trace")
        #expect(try untracedNproc() == given, "this thread is left with every CPU")
    }
}
