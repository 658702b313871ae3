import Decoding
import Events
import Files
import Glibc
import Presentation
import Testing

/// render(decode(x)) stays what it was: a corpus of recorded registers and memory (random calls
/// into random bytes, and socket addresses of every family and length), decoded and rendered as
/// strace lines, compared with the renderings the code gave before the typed values came
/// (Golden/renderings.txt, written by that code). SOCKSTEP_WRITE_GOLDEN=1 writes the file anew.
@Suite struct GoldenRenderingTests {
    static let goldenPath: String = {
        var path = #filePath
        path = String(path[..<path.lastIndex(of: "/")!])
        return path + "/Golden/renderings.txt"
    }()

    struct Case {
        var number: UInt64
        var args: [UInt64]
        var memory: RecordedMemory
        var returns: Int64
        var options: DecodeOptions
    }

    static let decodedNames = [
        "accept", "accept4", "bind", "close", "connect", "dup", "dup2", "dup3", "epoll_create", "epoll_create1", "epoll_ctl",
        "epoll_pwait", "epoll_wait", "execve", "exit", "exit_group", "fcntl", "getpeername", "getpid", "getppid", "getsockname",
        "getsockopt", "gettid", "ioctl", "kill", "listen", "poll", "ppoll", "prctl", "read", "recvfrom", "recvmsg", "seccomp",
        "sendmsg", "sendto", "setsockopt", "shutdown", "socket", "socketpair", "tgkill", "wait4", "write",
    ]

    /// A socket address of `family` with `count` bytes, the rest random.
    static func sockaddr(family: UInt16, count: Int, rng: inout SplitMix) -> [UInt8] {
        var bytes = (0 ..< count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        if count > 0 { bytes[0] = UInt8(family & 0xff) }
        if count > 1 { bytes[1] = UInt8(family >> 8) }
        return bytes
    }

    static func corpus() -> [Case] {
        var rng = SplitMix(seed: 0x601d)
        var cases: [Case] = []
        let plain = DecodeOptions()
        let short = DecodeOptions(stringLimit: 5, describeFD: { pid, fd in fd % 3 == 0 ? FDDescription(text: "<socket:[\(fd + Int64(pid))]>", kind: .socket, inode: UInt64(fd) + UInt64(pid)) : nil })
        // Every call decoded in full (the names as of the typed values' arrival: calls decoded
        // later print differently, and rightly so) with random arguments into random bytes, 4 times.
        let numbers = decodedNames.compactMap { SyscallTable.number($0) }.map { UInt64($0) }
        for round in 0 ..< 4 {
            var regions: [(UInt64, [UInt8])] = []
            for k in 0 ..< 4 {
                regions.append((UInt64(0x1000 * (k + 1)), (0 ..< 256).map { _ in UInt8(truncatingIfNeeded: rng.next()) }))
            }
            let memory = RecordedMemory(regions)
            for nr in numbers {
                let args: [UInt64] = (0 ..< 6).map { i in
                    switch (rng.next() + UInt64(i + round)) % 4 {
                    case 0: return UInt64(0x1000 + Int(rng.next() % 0x4000))
                    case 1: return rng.next()
                    case 2: return rng.next() % 64
                    default: return 0
                    }
                }
                let ret = Int64(bitPattern: rng.next()) % 5000
                cases.append(Case(number: nr, args: args, memory: memory, returns: ret, options: round == 0 ? plain : short))
            }
        }
        // Socket addresses: every family a decoder knows and some it does not, at every length
        // up to 30 bytes and at the sizes of sockaddr_un and sockaddr_storage, given (bind,
        // connect, sendto) and returned (accept4, getsockname, recvfrom, recvmsg).
        let bind = UInt64(SyscallTable.number("bind")!), accept4 = UInt64(SyscallTable.number("accept4")!)
        let sendto = UInt64(SyscallTable.number("sendto")!), recvmsg = UInt64(SyscallTable.number("recvmsg")!)
        for family: UInt16 in [0, 1, 2, 10, 16, 17, 44, 0x1234] {
            for count in Array(0 ... 30) + [108, 110, 128] {
                var bytes = sockaddr(family: family, count: count, rng: &rng)
                if family == 1, count > 3, rng.next() % 2 == 0 {
                    // A path with a NUL in it, or an abstract name.
                    bytes[2] = rng.next() % 2 == 0 ? 0 : 0x2f
                    for i in 3 ..< count { bytes[i] = UInt8(0x61 + rng.next() % 26) }
                    if count > 6 { bytes[count - 2] = 0 }
                }
                if family == 2 || family == 10, count > 8, rng.next() % 2 == 0 {
                    // Loopback, with a zero scope or flow.
                    for i in 4 ..< count { bytes[i] = 0 }
                    if family == 2 { bytes[4] = 127; bytes[7] = 1 } else if count >= 24 { bytes[23] = 1 }
                }
                let length = UInt64(count)
                let memory = RecordedMemory([(0x1000, bytes + [UInt8](repeating: 0, count: 8)), (0x2000, [UInt8(count), 0, 0, 0]),
                                             (0x3000, Array("payload\0\u{1}\u{ff}".utf8))])
                cases.append(Case(number: bind, args: [3, 0x1000, length], memory: memory, returns: 0, options: plain))
                cases.append(Case(number: sendto, args: [3, 0x3000, 10, 0x4000, 0x1000, length], memory: memory, returns: 10, options: short))
                cases.append(Case(number: accept4, args: [3, 0x1000, 0x2000, 0x80800], memory: memory, returns: 4, options: plain))
                // recvmsg: a msghdr at 0x5000 naming the address, one iovec.
                var msg = [UInt8](repeating: 0, count: 56)
                func put(_ v: UInt64, at offset: Int, size: Int) { for i in 0 ..< size { msg[offset + i] = UInt8((v >> (8 * UInt64(i))) & 0xff) } }
                put(0x1000, at: 0, size: 8)
                put(length, at: 8, size: 4)
                put(0x6000, at: 16, size: 8)
                put(1, at: 24, size: 8)
                var iov = [UInt8](repeating: 0, count: 16)
                for i in 0 ..< 8 { iov[i] = UInt8((0x3000 >> (8 * i)) & 0xff) }
                iov[8] = 10
                let withMsg = RecordedMemory([(0x1000, bytes + [UInt8](repeating: 0, count: 8)), (0x3000, Array("payload\0\u{1}\u{ff}".utf8)),
                                              (0x5000, msg), (0x6000, iov)])
                cases.append(Case(number: recvmsg, args: [3, 0x5000, 0], memory: withMsg, returns: 10, options: plain))
            }
        }
        return cases
    }

    /// The renderings of one case: the entry part, the whole line, the resumed line.
    static func renderings(_ c: Case) -> [String] {
        let decoder = Decoder(options: c.options)
        let pending = decoder.enter(pid: 7, number: c.number, args: c.args, memory: c.memory)
        let call = decoder.exit(pending, returnValue: c.returns, isError: c.returns < 0 && c.returns > -4096, memory: c.memory)
        return [StraceLine.entry(pending.call), StraceLine.call(call), StraceLine.resumedLine(call)]
    }

    static func golden() -> [String]? {
        Files.readText(goldenPath)?.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Every call of the corpus through JSON Lines and back: the same call, the same lines.
    @Test func jsonRoundTripKeepsEveryCall() throws {
        let golden = try #require(Self.golden(), "the golden file")
        let out = OutputSink.memory()
        let json = JSONLinesRenderer(output: out)
        json.receive(.started(RunHeader(kind: .trace, version: "test", command: ["sockstep", "trace"], title: "corpus", options: TraceOptions())))
        var calls: [(entry: DecodedCall, exit: DecodedCall)] = []
        var nanos: Int64 = 1_700_000_000_000_000_000
        for c in Self.corpus() {
            let decoder = Decoder(options: c.options)
            let pending = decoder.enter(pid: 7, number: c.number, args: c.args, memory: c.memory)
            let call = decoder.exit(pending, returnValue: c.returns, isError: c.returns < 0 && c.returns > -4096, memory: c.memory)
            let entry = Stamp(monotonicNanos: nanos, wallNanos: nanos + 17)
            nanos += 1234
            json.receive(.trace(.entered(pending.call, at: entry), nil))
            json.receive(.trace(.exited(call, at: Stamp(monotonicNanos: nanos, wallNanos: nanos + 17), entry: entry), nil))
            calls.append((pending.call, call))
        }
        try json.finish()
        let runs = try Recording.read(out.capturedText)
        #expect(runs.count == 1)
        var read: [DecodedCall] = []
        for event in runs.first?.events ?? [] {
            if case .trace(.entered(let call, _), _) = event { read.append(call) }
            if case .trace(.exited(let call, _, _), _) = event { read.append(call) }
        }
        #expect(read == calls.flatMap { [$0.entry, $0.exit] }, "every call comes back equal")
        var lines: [String] = []
        for (i, call) in read.enumerated() where i % 2 == 1 {
            lines += [StraceLine.entry(read[i - 1]), StraceLine.call(call), StraceLine.resumedLine(call)]
        }
        #expect(lines == Array(golden.prefix(lines.count)) && lines.count + 1 == golden.count, "and renders as before")
    }

    @Test func renderingsAreTheOnesOfBefore() throws {
        let lines = Self.corpus().flatMap(Self.renderings)
        let text = lines.joined(separator: "\n") + "\n"
        if getenv("SOCKSTEP_WRITE_GOLDEN") != nil {
            let f = fopen(Self.goldenPath, "w")
            #expect(f != nil)
            fputs(text, f)
            fclose(f)
            return
        }
        guard let golden = Self.golden() else {
            Issue.record("no golden file at \(Self.goldenPath)")
            return
        }
        #expect(golden.count == lines.count + 1, "the corpus has as many renderings as the golden file")
        var differences = 0
        for (i, line) in lines.enumerated() where i < golden.count && golden[i] != line {
            differences += 1
            if differences <= 5 { Issue.record("rendering \(i) differs:\n  golden: \(golden[i])\n  now:    \(line)") }
        }
        #expect(differences == 0)
    }
}
