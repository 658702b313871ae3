/// rt_sigaction's struct sigaction, sigaltstack's stack_t and rt_sigreturn's frame.
enum SignalValues {
    /// The kernel's struct sigaction on x86_64 (32 bytes: handler, flags, restorer, mask):
    /// `{sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x7f...}`;
    /// sa_restorer only with SA_RESTORER.
    static func sigaction(_ c: DecodeContext, address: UInt64, output: Bool) -> Value {
        guard address != 0 else { return .null }
        if output && !c.succeeded { return .pointer(address) }
        guard let b = c.memory.read(address, count: 32) else { return .pointer(address) }
        let handler = b.uint64(at: 0)
        let flags = b.uint64(at: 8)
        var fields: [Value.Field] = [
            .init("sa_handler", Tables.signalHandlers.name(handler).map { .symbol($0, raw: handler) } ?? .pointer(handler)),
            .init("sa_mask", SignalMask.set(b.uint64(at: 24))),
            .init("sa_flags", Tables.sigactionFlags.flags(flags)),
        ]
        if flags & 0x0400_0000 != 0 { fields.append(.init("sa_restorer", .address(b.uint64(at: 16)))) }
        return .structure(fields)
    }

    /// stack_t (24 bytes): `{ss_sp=0x7ffd..., ss_flags=0, ss_size=16384}`, `ss_flags=SS_DISABLE`.
    static func stack(_ c: DecodeContext, address: UInt64, output: Bool) -> Value {
        guard address != 0 else { return .null }
        if output && !c.succeeded { return .pointer(address) }
        guard let b = c.memory.read(address, count: 24) else { return .pointer(address) }
        return .structure([.init("ss_sp", .address(b.uint64(at: 0))),
                           .init("ss_flags", Tables.sigaltstackFlags.flags(UInt64(b.uint32(at: 8)))),
                           .init("ss_size", .uint(b.uint64(at: 16)))])
    }

    /// Where the signal mask to restore sits when a handler's `ret` has taken the return
    /// address off the stack: the frame's struct ucontext starts at the stack pointer, and its
    /// uc_sigmask comes after uc_flags, uc_link, uc_stack (24) and uc_mcontext (256).
    static let frameMaskOffset: UInt64 = 8 + 8 + 24 + 256

    /// rt_sigreturn's frame: `{mask=[]}`, the mask the kernel restores; the stack pointer's
    /// address when the frame cannot be read.
    static func frame(_ c: DecodeContext) -> Value {
        guard let sp = c.stackPointer else { return .verbatim("?") }
        // -e verbose= without the call: the mask's address, as strace's failed umove prints it.
        guard c.options.dereference else { return .structure([.init("mask", .address(sp &+ frameMaskOffset))]) }
        guard let b = c.memory.read(sp &+ frameMaskOffset, count: 8) else { return .pointer(sp) }
        return .structure([.init("mask", Signals.sigset(b))])
    }
}
