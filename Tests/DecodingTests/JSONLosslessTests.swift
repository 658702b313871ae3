import Decoding
import Events
import Presentation
import Testing

/// JSON Lines keeps every byte and every integer: values written and read back are equal.
@Suite struct JSONLosslessTests {
    /// Writes `values` as one call's arguments, reads the recording back, returns its arguments.
    func roundTrip(_ values: [Value], result: CallResult = .value(.int(0), note: nil)) throws -> DecodedCall? {
        let out = OutputSink.memory()
        let json = JSONLinesRenderer(output: out)
        json.receive(.started(RunHeader(kind: .trace, version: "test", command: [], title: "t", options: TraceOptions())))
        let call = DecodedCall(pid: 42, number: 1, name: "write", arguments: values, entryArgumentCount: values.count, completeAtEntry: true,
                               result: result, rawReturn: Int64.min, rawArguments: [UInt64.max, 0, 1 << 63, 3, 4, 5])
        let stamp = Stamp(monotonicNanos: Int64.max, wallNanos: Int64.min)
        json.receive(.trace(.exited(call, at: stamp, entry: stamp), nil))
        try json.finish()
        let runs = try Recording.read(out.capturedText)
        guard case .trace(.exited(let read, let at, _), _)? = runs.first?.events.last else { return nil }
        #expect(at == stamp)
        #expect(read == call)
        return read
    }

    @Test("a binary payload: all 256 byte values come back, beside strace's text")
    func everyByte() throws {
        let bytes = (0 ... 255).map { UInt8($0) }
        let read = try roundTrip([.string(bytes, truncated: true), .hexString(bytes.reversed())])
        #expect(read?.arguments.first == .string(bytes, truncated: true))
        let out = OutputSink.memory()
        let json = JSONLinesRenderer(output: out)
        json.receive(.started(RunHeader(kind: .trace, version: "t", command: [], title: "t", options: TraceOptions())))
        json.receive(.trace(.entered(DecodedCall(pid: 1, number: 1, name: "write", arguments: [.string(bytes, truncated: false)],
                                                 entryArgumentCount: 1, completeAtEntry: true), at: .zero), nil))
        #expect(out.capturedText.contains("\"base64\":\"" + JSON.base64(bytes) + "\""))
        #expect(JSON.bytes(base64: JSON.base64(bytes)) == bytes)
        for n in 0 ..< 7 { #expect(JSON.bytes(base64: JSON.base64(Array(bytes.prefix(n)))) == Array(bytes.prefix(n))) }
        #expect(JSON.bytes(base64: "not base64!") == nil)
    }

    @Test("64-bit integers, flags, symbols, addresses and descriptors come back exact")
    func exactValues() throws {
        let v6: [UInt8] = [10, 0, 0x22, 0xb8, 0, 0, 0, 7] + [UInt8](repeating: 0, count: 15) + [1, 0xff, 0xff, 0xff, 0xff]
        let read = try roundTrip([
            .number(Int64.min, .decimal), .number(-1, .hex), .number(-1, .unsigned), .number(0o755, .octal), .pointer(UInt64.max),
            .symbol("AF_INET", raw: 2), .unknownSymbol(raw: UInt64.max, style: .hex, hint: "AF_???"),
            .flags(["SOCK_CLOEXEC"], rest: 0x40, raw: 0x80040, hint: "SOCK_???"),
            .socketAddress(SocketAddress(bytes: v6)), .socketAddress(SocketAddress(bytes: [1, 0, 0, 0x80, 0xff, 0])),
            .fd(3, annotation: FDDescription(text: "</tmp/\\377>", kind: .file, path: [0x2f, 0xff], deleted: true, inode: UInt64.max)),
            .structure([.init(nil, .verbatim("x")), .init("a", .boxed(.changed(.int(128), .int(16))))]),
            .array([.null, .call("htons", [.int(80)]), .commented(.pointer(1), "1 var"), .joined([.symbol("A", raw: 1)], separator: "|")], more: true),
        ], result: .failed(errno: 104))
        #expect(read?.arguments.count == 13)
        #expect(read?.result == .failed(errno: 104))
    }

    @Test("a line that is not a recording is refused with its line number")
    func refusesBadLines() {
        #expect(throws: Recording.Failure.self) { try Recording.read("{\"schema\":2,\"type\":\"call\"}") }
        do {
            _ = try Recording.read("\n{\"schema\":1,\"type\":\"call\"}")
            Issue.record("schema 1 read")
        } catch {
            #expect(error.line == 2 && error.message.contains("schema 1"), "\(error)")
        }
        do {
            _ = try Recording.read("{\"schema\":2,")
            Issue.record("broken JSON read")
        } catch {
            #expect(error.line == 1 && error.message.hasPrefix("not JSON"), "\(error)")
        }
    }
}
