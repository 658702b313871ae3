import Decoding
import Events
import Presentation
import Testing

/// The values -X raw and -X verbose print differently (checked against real strace by
/// Tests/SockstepTests/RawVerboseTests.swift), rendered in all three styles, and carried
/// through JSON Lines.
@Suite struct RawVerboseRenderingTests {
    static let abbrev = RenderStyle(constants: .abbrev)
    static let raw = RenderStyle(constants: .raw)
    static let verbose = RenderStyle(constants: .verbose)

    func styles(_ value: Value) -> [String] {
        [value.render(style: Self.abbrev), value.render(style: Self.raw), value.render(style: Self.verbose)]
    }

    @Test("a composite prints its parts, one number with -X raw, the number and its parts in a comment with -X verbose")
    func composite() {
        let flags = Value.composite(.joined([.symbol("MAP_PRIVATE", raw: 2), .symbol("MAP_ANONYMOUS", raw: 0x20)], separator: "|"),
                                    raw: .hex(0x22))
        #expect(styles(flags) == ["MAP_PRIVATE|MAP_ANONYMOUS", "0x22", "0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */"])
        let limit = Value.composite(.verbatim("8192*1024"), raw: .uint(8_388_608))
        #expect(styles(limit) == ["8192*1024", "8388608", "8388608 /* 8192*1024 */"])
    }

    @Test("flags without a default: nothing for 0, bare hex for unknown bits; -X raw prints nothing for 0 even with a zero name")
    func flagsWithoutDefault() {
        let table = Xlat(unknown: "X_???", [(0, "X_ZERO"), (1, "X_ONE")])
        #expect(styles(table.flagsWithoutDefault(0)) == ["X_ZERO", "", "0 /* X_ZERO */"])
        #expect(styles(table.flagsWithoutDefault(0x41)) == ["X_ONE|0x40", "0x41", "0x41 /* X_ONE|0x40 */"])
        #expect(styles(table.flagsWithoutDefault(0x40)) == ["0x40", "0x40", "0x40"])
        let noZero = Xlat(unknown: "Y_???", [(1, "Y_ONE")])
        #expect(styles(noZero.flagsWithoutDefault(0)) == ["", "", ""])
        // With a default (printflags with "Y_???"), 0 is `0` and unknown bits carry the comment.
        #expect(styles(noZero.flags(0)) == ["0", "0", "0"])
        #expect(styles(noZero.flags(0x40)) == ["0x40 /* Y_??? */", "0x40", "0x40 /* Y_??? */"])
    }

    @Test("a raw form differs only under -X raw")
    func rawForm() {
        let value = Value.rawForm(.joined([.symbol("FUTEX_OP_SET", raw: 0), .verbatim("28")], separator: "<<"),
                                  raw: .commented(.verbatim("0<<28"), "FUTEX_OP_???"))
        #expect(styles(value) == ["FUTEX_OP_SET<<28", "0<<28 /* FUTEX_OP_??? */", "0 /* FUTEX_OP_SET */<<28"])
    }

    @Test("SIG_* constants are hex with -X raw, signal numbers decimal")
    func signalConstants() {
        #expect(Value.symbol("SIG_SETMASK", raw: 2).render(style: Self.raw) == "0x2")
        #expect(Value.symbol("SIGCHLD", raw: 17).render(style: Self.verbose) == "17 /* SIGCHLD */")
    }

    @Test("a call printed raw shows a restart code as an error with strerror's text")
    func restartCodes() {
        #expect(StraceLine.result(.failed(errno: 512)) == "? ERESTARTSYS (To be restarted if SA_RESTART is set)")
        #expect(StraceLine.result(.failed(errno: 512), raw: true) == "-1 ERESTARTSYS (Unknown error 512)")
        #expect(StraceLine.result(.failed(errno: 516), raw: true) == "-1 ERESTART_RESTARTBLOCK (Unknown error 516)")
        #expect(StraceLine.result(.failed(errno: 4), raw: true) == "-1 EINTR (Interrupted system call)")
    }

    @Test("composite and raw-form values come back from JSON Lines")
    func jsonRoundTrip() throws {
        let values: [Value] = [
            .composite(.call("makedev", [.hex(1), .hex(3)]), raw: .hex(0x103)),
            .rawForm(.verbatim("A"), raw: .commented(.hex(0), "A_???")),
        ]
        let out = OutputSink.memory()
        let json = JSONLinesRenderer(output: out)
        json.receive(.started(RunHeader(kind: .trace, version: "test", command: [], title: "t", options: TraceOptions())))
        let call = DecodedCall(pid: 1, number: 1, name: "mknod", arguments: values, entryArgumentCount: values.count,
                               completeAtEntry: true, result: .value(.int(0), note: nil))
        json.receive(.trace(.exited(call, at: .zero, entry: .zero), nil))
        try json.finish()
        let runs = try Recording.read(out.capturedText)
        guard case .trace(.exited(let read, _, _), _)? = runs.first?.events.last else {
            Issue.record("no call read back")
            return
        }
        #expect(read.arguments == values)
    }
}
