// fanotify_init's flags, fanotify_mark's directory fd, futex_waitv's waiters.

enum FanotifyWaitv {
    /// fanotify_init's flags: the class, then `|` and the other flags when there are any:
    /// `FAN_CLASS_NOTIF|FAN_CLOEXEC`, `0xc /* FAN_CLASS_??? */`; -X raw `0|0x1`.
    static func initFlags(_ raw: UInt32) -> Value {
        let classBits: UInt32 = 0xc
        let fanClass = Tables.fanotifyClasses.symbol(UInt64(raw & classBits))
        let rest = raw & ~classBits
        guard rest != 0 else { return fanClass }
        return .joined([fanClass, Tables.fanotifyInitFlags.flags(UInt64(rest))], separator: "|")
    }

    /// fanotify_mark's directory: `FAN_NOFD` (-1, printed in decimal with -X raw), else as a
    /// directory fd (AT_FDCWD, a descriptor).
    static let noFD = Xlat(unknown: "", [(UInt64(bitPattern: -1), "FAN_NOFD")])

    /// futex_waitv's array of struct futex_waitv (24 bytes each), `count` of them:
    /// `[{val=0x1, uaddr=0x7ff..., flags=FUTEX_32}]`, `__reserved=` after when it is not 0; at
    /// most 128 of them (FUTEX_WAITV_MAX), `...` after.
    static func waiters(_ c: DecodeContext, address: UInt64, count: UInt64) -> Value {
        Style.array(c, address: address, count: count, size: 24) { b, index in
            // strace shows at most FUTEX_WAITV_MAX (128) waiters, then `...`.
            if index >= 128 { return Style.more }
            var fields: [Value.Field] = [
                .init("val", .hex(b.uint64(at: 0))),
                .init("uaddr", .address(b.uint64(at: 8))),
                .init("flags", Tables.futexWaiterFlags.flags(UInt64(b.uint32(at: 16)))),
            ]
            let reserved = b.uint32(at: 20)
            if reserved != 0 { fields.append(.init("__reserved", .hex(UInt64(reserved)))) }
            return .structure(fields)
        }
    }
}
