import Decoding
import Events
import Presentation
import Testing

/// What strace's output options do to a line, on made-up values and events (the same options
/// on real programs, against real strace: SockstepTests/StraceOptionTests). Expected texts as
/// strace 6.1 prints them.
@Suite struct OptionRenderingTests {
    static let address = Value.socketAddress(SocketAddress(bytes: [2, 0, 0x9c, 0x4b, 127, 0, 0, 1] + Array(repeating: 0, count: 8)))

    @Test func constantsRawAndVerbose() {
        let raw = RenderStyle(constants: .raw)
        let verbose = RenderStyle(constants: .verbose)
        #expect(Value.symbol("AF_INET", raw: 2).render(style: raw) == "0x2")
        #expect(Value.symbol("AF_INET", raw: 2).render(style: verbose) == "0x2 /* AF_INET */")
        #expect(Value.symbol("IPPROTO_IP", raw: 0).render(style: verbose) == "0 /* IPPROTO_IP */")
        #expect(Value.symbol("SIGSEGV", raw: 11).render(style: raw) == "11")
        #expect(Value.symbol("AT_FDCWD", raw: UInt64(bitPattern: -100)).render(style: verbose) == "-100 /* AT_FDCWD */")
        #expect(Value.flags(["SOCK_CLOEXEC"], rest: 0, raw: 0x80000, hint: "SOCK_???").render(style: verbose) == "0x80000 /* SOCK_CLOEXEC */")
        #expect(Value.flags([], rest: 0, raw: 0, hint: "MSG_???").render(style: verbose) == "0")
        #expect(Value.flags([], rest: 0x40, raw: 0x40, hint: "SOCK_???").render(style: verbose) == "0x40 /* SOCK_??? */")
        #expect(Value.unknownSymbol(raw: 0x3039, style: .hex, hint: "AF_???").render(style: raw) == "0x3039")
        #expect(Self.address.render(style: raw) == #"{sa_family=0x2, sin_port="\x9c\x4b", sin_addr="\x7f\x00\x00\x01"}"#)
        #expect(Self.address.render(style: verbose)
                == #"{sa_family=0x2 /* AF_INET */, sin_port="\x9c\x4b" /* htons(40011) */, sin_addr="\x7f\x00\x00\x01" /* inet_addr("127.0.0.1") */}"#)
    }

    @Test func ipv6AddressRaw() {
        var bytes: [UInt8] = [10, 0, 0x9c, 0x73, 0, 0, 0, 0] + Array(repeating: 0, count: 15) + [1]
        bytes += [0, 0, 0, 0]
        let v6 = Value.socketAddress(SocketAddress(bytes: bytes))
        #expect(v6.render(style: RenderStyle(constants: .verbose)).contains(
            #"sin6_addr="\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01" /* inet_pton(AF_INET6, "::1") */"#))
    }

    @Test func stringsInHex() {
        let binary = Value.string(Array("bin\u{0}\u{7f}".utf8), truncated: false)
        let text = Value.string(Array("plain\n".utf8), truncated: true)
        #expect(binary.render(style: RenderStyle(hexStrings: .nonASCII)) == #""\x62\x69\x6e\x00\x7f""#)
        #expect(text.render(style: RenderStyle(hexStrings: .nonASCII)) == #""plain\n"..."#)
        #expect(text.render(style: RenderStyle(hexStrings: .all)) == #""\x70\x6c\x61\x69\x6e\x0a"..."#)
        #expect(binary.render(style: RenderStyle(hexStrings: .nonASCIIChars)) == #""bin\x00\x7f""#)
    }

    @Test func dumpLines() {
        let bytes = Array("hello from the client\n".utf8)
        #expect(DataDump.data(bytes).lines == [
            " | 00000  68 65 6c 6c 6f 20 66 72  6f 6d 20 74 68 65 20 63  hello from the c |",
            " | 00010  6c 69 65 6e 74 0a                                 lient.           |",
        ])
        #expect(DataDump.buffer(bytes: 6, index: 1).lines == [" * 6 bytes in buffer 1"])
        #expect(DataDump.vector(buffers: 2, index: 0).lines == [" = 2 buffers in vector 0"])
        #expect(DataDump.data(Array(repeating: 0, count: (1 << 20) + 1)).lines.last?.hasPrefix(" | 100000  00 ") == true)
    }

    func render(_ layout: StraceLayout, _ events: [TraceEvent], facts: ProcessFacts = ProcessFacts()) -> String {
        let out = OutputSink.memory()
        let renderer = StraceRenderer(layout: layout, output: out, messages: out)
        renderer.facts = { _ in facts }
        for event in events { renderer.handle(event) }
        try? renderer.finish()
        return out.capturedText
    }

    static func close(_ fd: Int64, failing: Bool = false, pid: Int32 = 7) -> DecodedCall {
        DecodedCall(pid: pid, number: 3, name: "close", arguments: [.fd(fd, annotation: nil)], entryArgumentCount: 1,
                    completeAtEntry: true, result: failing ? .failed(errno: 9) : .value(.int(0), note: nil))
    }

    static let t0 = Stamp(monotonicNanos: 1_000_000_000, wallNanos: 1_700_000_000_123_456_789)
    static let t1 = Stamp(monotonicNanos: 1_000_250_000, wallNanos: 1_700_000_000_123_706_789)

    @Test func leaderWithNumberInstructionPointerAndColumn() {
        var layout = StraceLayout()
        layout.syscallNumbers = true
        layout.instructionPointers = true
        layout.resultColumn = 20
        let text = render(layout, [.entered(Self.close(3), at: Self.t0), .exited(Self.close(3), at: Self.t1, entry: Self.t0),
                                   .exitedNormally(pid: 7, status: 0, at: Self.t1)],
                          facts: ProcessFacts(lastSyscall: 231, instructionPointer: nil))
        #expect(text == "[   3] [????????????????] close(3) = 0\n[ 231] [????????????????] +++ exited with 0 +++\n")
    }

    @Test func timestampsAtEachPrecision() {
        var layout = StraceLayout()
        layout.absoluteTimestamps = AbsoluteTimestamps(format: .unix, precision: TimePrecision(digits: 3))
        layout.relativeTimestamps = TimePrecision(digits: 9)
        layout.durations = TimePrecision(digits: 3)
        let text = render(layout, [.entered(Self.close(3), at: Self.t0), .exited(Self.close(3), at: Self.t1, entry: Self.t0)])
        #expect(text == "1700000000.123 (+     0.000000000) close(3) = 0 <0.000>\n")
    }

    @Test func statusFilterHoldsACallUntilItsEnd() {
        var layout = StraceLayout()
        layout.statuses = NumberSet(listed: [CallStatus.failed.rawValue])
        let ok = Self.close(3, pid: 7), bad = Self.close(99, failing: true, pid: 8)
        let text = render(layout, [.entered(bad, at: Self.t0), .entered(ok, at: Self.t0), .exited(ok, at: Self.t1, entry: Self.t0),
                                   .exited(bad, at: Self.t1, entry: Self.t0)])
        // Not split by the other process's call, and the successful one is not shown.
        #expect(text == "close(99)                               = -1 EBADF (Bad file descriptor)\n")
    }

    @Test func signalSetAndQuiet() {
        var layout = StraceLayout()
        layout.signals = NumberSet(listed: [10])
        layout.quiet = NumberSet(listed: [QuietMessage.exit.rawValue])
        let text = render(layout, [.signal(SignalDelivery(pid: 7, signal: 17, info: nil), at: Self.t0),
                                   .signal(SignalDelivery(pid: 7, signal: 10, info: nil), at: Self.t0),
                                   .exitedNormally(pid: 7, status: 0, at: Self.t0),
                                   .killed(pid: 8, signal: 9, coreDumped: false, at: Self.t0)])
        #expect(text == "--- SIGUSR1 {si_signo=SIGUSR1} ---\n")
    }

    @Test func processNames() {
        #expect(StraceLine.processName("x<y>1") == #"x\74y\0761"#)
        #expect(StraceLine.processName("tab\there") == #"tab\there"#)
    }
}
