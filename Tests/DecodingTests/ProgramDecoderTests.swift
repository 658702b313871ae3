import Decoding
import Testing

/// The whole-program decoders (issue 12) on recorded registers and memory: the cases the
/// strace-equality tests cannot make a real kernel produce (random bytes, a vanished struct).
@Suite struct ProgramDecoderTests {
    let decoder = Decoder()

    func decode(_ name: String, _ args: [UInt64], memory: RecordedMemory, returns: Int64 = 0, error: Bool = false,
                decoder: Decoder = Decoder()) -> DecodedCall {
        let nr = UInt64(SyscallTable.number(name)!)
        let pending = decoder.enter(pid: 1, number: nr, args: args, memory: memory)
        return decoder.exit(pending, returnValue: returns, isError: error, memory: memory)
    }

    func text(_ call: DecodedCall) -> String {
        call.name + "(" + call.arguments.map { $0.render() }.joined(separator: ", ") + ")"
    }

    @Test func mmapAndItsResult() {
        let call = decode("mmap", [0, 0x2000, 3, 0x22, 0xffff_ffff, 0], memory: RecordedMemory(), returns: 0x7f00_0000_0000)
        #expect(text(call) == "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)")
        #expect(call.result == .value(.hex(0x7f00_0000_0000), note: nil))
    }

    /// getrandom's bytes are printed in hex, cut at -s like any string.
    @Test func randomBytesInHex() {
        let memory = RecordedMemory([(0x1000, Array(0 ..< 40))])
        #expect(text(decode("getrandom", [0x1000, 3, 1], memory: memory, returns: 3)) == #"getrandom("\x00\x01\x02", 3, GRND_NONBLOCK)"#)
        let short = Decoder(options: DecodeOptions(stringLimit: 2))
        #expect(text(decode("getrandom", [0x1000, 40, 0], memory: memory, returns: 40, decoder: short)) == #"getrandom("\x00\x01"..., 40, 0)"#)
        #expect(text(decode("getrandom", [0x1000, 8, 0], memory: memory, returns: -11, error: true)) == "getrandom(0x1000, 8, 0)")
    }

    /// clone's thread ids come at the exit, glued to the entry's arguments: the entry part
    /// must not announce more arguments with a comma (`...|SIGCHLD <unfinished ...>`).
    @Test func cloneContinuesItsEntryArguments() {
        let nr = UInt64(SyscallTable.number("clone")!)
        let flags: UInt64 = 0x0120_0000 | 17 // CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD
        let pending = decoder.enter(pid: 1, number: nr, args: [flags, 0, 0, 0x7f00_0000_0a10, 0], memory: RecordedMemory())
        #expect(pending.call.completeAtEntry)
        #expect(pending.call.arguments.map { $0.render() } == ["child_stack=NULL", "flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD"])
        let call = decoder.exit(pending, returnValue: 1234, isError: false, memory: RecordedMemory())
        #expect(call.arguments.dropFirst(call.entryArgumentCount).map { $0.render() } == [", child_tidptr=0x7f0000000a10"])
    }

    /// clone3's struct is read at entry; what the kernel stored comes after ` => `.
    @Test func clone3ResultAfterTheStruct() {
        var args = [UInt8](repeating: 0, count: 88)
        func put(_ value: UInt64, at offset: Int) {
            for k in 0 ..< 8 { args[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
        }
        put(0x0010_0000, at: 0)          // CLONE_PARENT_SETTID
        put(0x3000, at: 24)              // parent_tid
        put(17, at: 32)                  // exit_signal
        let memory = RecordedMemory([(0x1000, args), (0x3000, [0xd2, 0x04, 0, 0])])
        let call = decode("clone3", [0x1000, 88], memory: memory, returns: 1234)
        #expect(text(call) == "clone3({flags=CLONE_PARENT_SETTID, parent_tid=0x3000, exit_signal=SIGCHLD, stack=NULL, stack_size=0},  => {parent_tid=[1234]}, 88)")
        #expect(call.arguments.map { $0.render() }.joined() == "{flags=CLONE_PARENT_SETTID, parent_tid=0x3000, exit_signal=SIGCHLD, stack=NULL, stack_size=0} => {parent_tid=[1234]}88")
        #expect(call.completeAtEntry)
    }

    /// Structs the kernel did not fill (the call failed) or that cannot be read print as the
    /// address; NULL as NULL.
    @Test func unfilledStructsPrintTheAddress() {
        let none = RecordedMemory()
        #expect(text(decode("fstat", [3, 0x5000], memory: none, returns: -9, error: true)) == "fstat(3, 0x5000)")
        #expect(text(decode("fstat", [3, 0x5000], memory: none)) == "fstat(3, 0x5000)")
        #expect(text(decode("uname", [0], memory: none, returns: -14, error: true)) == "uname(NULL)")
        #expect(text(decode("sysinfo", [0x7000], memory: none)) == "sysinfo(0x7000)")
        #expect(text(decode("rt_sigreturn", [], memory: none)) == "rt_sigreturn(?)")
    }

    /// rt_sigreturn's mask is read at the stack pointer the tracer reports.
    @Test func sigreturnReadsTheFrameAtTheStackPointer() {
        let memory = RecordedMemory([(0x10000 + 296, [0x00, 0x08, 0, 0, 0, 0, 0, 0])]) // SIGUSR2 (12): bit 11
        let nr = UInt64(SyscallTable.number("rt_sigreturn")!)
        let pending = decoder.enter(pid: 1, number: nr, args: [], memory: memory, stackPointer: 0x10000)
        #expect(pending.call.arguments.map { $0.render() } == ["{mask=[USR2]}"])
    }
}
