import Decoding
import Testing

/// Decoding from recorded registers and memory, without a process.
@Suite struct DecoderTests {
    let decoder = Decoder()

    func decode(_ name: String, _ args: [UInt64], memory: RecordedMemory, returns: Int64 = 0, error: Bool = false) -> DecodedCall {
        let nr = UInt64(SyscallTable.number(name)!)
        let pending = decoder.enter(pid: 1, number: nr, args: args, memory: memory)
        return decoder.exit(pending, returnValue: returns, isError: error, memory: memory)
    }

    func text(_ call: DecodedCall) -> String {
        call.name + "(" + call.arguments.map { $0.render() }.joined(separator: ", ") + ")"
    }

    static func sockaddrIn(port: UInt16, address: [UInt8]) -> [UInt8] {
        [2, 0, UInt8(port >> 8), UInt8(port & 0xff)] + address + Array(repeating: 0, count: 8)
    }

    @Test func bindDecodesTheAddressAtEntry() {
        let memory = RecordedMemory([(0x1000, Self.sockaddrIn(port: 8888, address: [127, 0, 0, 1]))])
        let nr = UInt64(SyscallTable.number("bind")!)
        let pending = decoder.enter(pid: 1, number: nr, args: [3, 0x1000, 16], memory: memory)
        #expect(pending.call.completeAtEntry)
        #expect(pending.call.arguments.map { $0.render() } ==
                ["3", "{sa_family=AF_INET, sin_port=htons(8888), sin_addr=inet_addr(\"127.0.0.1\")}", "16"])
    }

    @Test func accept4ReadsThePeerAtExitAndShowsTheLengthChange() {
        var memory = RecordedMemory([(0x2000, [128, 0, 0, 0])])
        let nr = UInt64(SyscallTable.number("accept4")!)
        let pending = decoder.enter(pid: 1, number: nr, args: [3, 0x1000, 0x2000, 0x80000], memory: memory)
        #expect(pending.call.entryArgumentCount == 1)
        memory = RecordedMemory([(0x1000, Self.sockaddrIn(port: 42694, address: [127, 0, 0, 1])), (0x2000, [16, 0, 0, 0])])
        let call = decoder.exit(pending, returnValue: 4, isError: false, memory: memory)
        #expect(text(call) == "accept4(3, {sa_family=AF_INET, sin_port=htons(42694), sin_addr=inet_addr(\"127.0.0.1\")}, [128 => 16], SOCK_CLOEXEC)")
        #expect(call.result == .value(.fd(4, annotation: nil), note: nil))
    }

    @Test func ipv6AndUnixAddresses() {
        var six: [UInt8] = [10, 0, 0x22, 0xb8, 0, 0, 0, 0]
        six += Array(repeating: 0, count: 15) + [1] + [0, 0, 0, 0]
        let abstract: [UInt8] = [1, 0, 0] + Array("sock".utf8)
        let path: [UInt8] = [1, 0] + Array("/tmp/s".utf8) + [0]
        let memory = RecordedMemory([(0x1000, six), (0x2000, abstract), (0x3000, path)])
        #expect(text(decode("connect", [3, 0x1000, 28], memory: memory)) ==
                "connect(3, {sa_family=AF_INET6, sin6_port=htons(8888), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28)")
        #expect(text(decode("bind", [3, 0x2000, 7], memory: memory)) == "bind(3, {sa_family=AF_UNIX, sun_path=@\"sock\"}, 7)")
        #expect(text(decode("bind", [3, 0x3000, 9], memory: memory)) == "bind(3, {sa_family=AF_UNIX, sun_path=\"/tmp/s\"}, 9)")
    }

    @Test func unreadableMemoryPrintsTheAddress() {
        let memory = RecordedMemory()
        #expect(text(decode("connect", [3, 0x7ffd0000, 16], memory: memory)) == "connect(3, 0x7ffd0000, 16)")
        #expect(text(decode("sendto", [3, 1, 6, 0x4000, 0, 0], memory: memory, returns: -14, error: true)) ==
                "sendto(3, 0x1, 6, MSG_NOSIGNAL, NULL, 0)")
        let failed = decode("recvfrom", [3, 0x5000, 4096, 0, 0, 0], memory: memory, returns: -11, error: true)
        #expect(failed.result == .failed(errno: 11))
        #expect(ErrnoTable.describe(11) == "EAGAIN (Resource temporarily unavailable)")
        // An errno with no name, as strace 6.1 prints it (-e inject=getppid:error=600).
        #expect(ErrnoTable.describe(600) == "(errno 600)")
    }

    @Test func stringsAreCutAtTheLimit() {
        let memory = RecordedMemory([(0x1000, Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8))])
        #expect(text(decode("write", [1, 0x1000, 36], memory: memory, returns: 36)) ==
                "write(1, \"0123456789abcdefghijklmnopqrstuv\"..., 36)")
        let short = Decoder(options: DecodeOptions(stringLimit: 4))
        let nr = UInt64(SyscallTable.number("write")!)
        let call = short.exit(short.enter(pid: 1, number: nr, args: [1, 0x1000, 6], memory: memory), returnValue: 6, isError: false, memory: memory)
        #expect(call.arguments[1].render() == "\"0123\"...")
    }

    @Test func undecodedCallsPrintRawArguments() {
        let call = decode("getppid", [], memory: RecordedMemory(), returns: 42)
        #expect(text(call) == "getppid()")
        // A call sockstep has no spec for (strace decodes it): its arguments in hex, as strace's printargs.
        let setup = decode("io_uring_setup", [8, 0x1000], memory: RecordedMemory(), returns: 3)
        #expect(text(setup) == "io_uring_setup(0x8, 0x1000)")
        #expect(setup.result == .value(.int(3), note: nil))
        #expect(SyscallTable.displayName(600) == "syscall_0x258")
    }

    /// Whatever the registers and memory hold, decoding returns: every syscall number, random
    /// arguments pointing into random bytes, random results.
    @Test func neverCrashesOnArbitraryInput() {
        var rng = SplitMix(seed: 0x5eed)
        for round in 0 ..< 6 {
            var regions: [(UInt64, [UInt8])] = []
            for k in 0 ..< 4 {
                regions.append((UInt64(0x1000 * (k + 1)), (0 ..< 512).map { _ in UInt8(truncatingIfNeeded: rng.next()) }))
            }
            let memory = RecordedMemory(regions)
            for nr in 0 ..< UInt64(470) {
                let args: [UInt64] = (0 ..< 6).map { i in
                    switch (rng.next() + UInt64(i + round)) % 4 {
                    case 0: return UInt64(0x1000 + Int(rng.next() % 0x4000))
                    case 1: return rng.next()
                    case 2: return rng.next() % 64
                    default: return 0
                    }
                }
                let pending = decoder.enter(pid: 1, number: nr, args: args, memory: memory)
                let ret = Int64(bitPattern: rng.next()) % 5000
                let call = decoder.exit(pending, returnValue: ret, isError: ret < 0 && ret > -4096, memory: memory)
                _ = call.arguments.map { $0.render() }
                _ = decoder.vanished(pending)
            }
        }
    }
}

/// A small deterministic random generator for the robustness test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
