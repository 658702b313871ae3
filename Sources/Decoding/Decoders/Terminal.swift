/// The terminal ioctls: struct termios/termios2/termio (abbreviated, whole with -v), struct winsize, and the
/// requests that take an int or a constant; and FICLONE, whose argument is a descriptor.
enum Terminal {
    /// How a terminal request's third argument prints, and when it is read.
    enum Argument {
        /// No third argument: `ioctl(4, TIOCNOTTY)`.
        case none
        /// A structure given to the kernel / filled by it: the size of its memory and how it prints.
        case given(Shape)
        case filled(Shape)
        /// A plain int: `ioctl(4, TCSBRK, 1)`.
        case integer
        /// A constant: `ioctl(4, TCFLSH, TCIFLUSH)`.
        case constant(Xlat)
        /// A descriptor (FICLONE, a file request cp makes): `ioctl(4, BTRFS_IOC_CLONE or FICLONE, 3)`,
        /// printed as strace 6.1 prints it, a plain int (no `<path>` with -y).
        case descriptor
    }

    enum Shape {
        case termios(size: Int)
        case winsize
        case int
    }

    /// The terminal requests sockstep decodes, by request number (asm-generic/ioctls.h).
    static func argument(_ request: UInt64) -> Argument? {
        switch request {
        case 0x5401: return .filled(.termios(size: 36))                       // TCGETS
        case 0x5402, 0x5403, 0x5404: return .given(.termios(size: 36))        // TCSETS, TCSETSW, TCSETSF
        case 0x5405: return .filled(.termios(size: 18))                       // TCGETA
        case 0x5406, 0x5407, 0x5408: return .given(.termios(size: 18))        // TCSETA, TCSETAW, TCSETAF
        case 0x802c542a: return .filled(.termios(size: 44))                   // TCGETS2
        case 0x402c542b, 0x402c542c, 0x402c542d: return .given(.termios(size: 44)) // TCSETS2, TCSETSW2, TCSETSF2
        case 0x5409, 0x5425, 0x540e: return .integer                          // TCSBRK, TCSBRKP, TIOCSCTTY
        case 0x540a: return .constant(Tables.terminalFlowActions)             // TCXONC
        case 0x540b: return .constant(Tables.terminalFlushQueues)             // TCFLSH
        case 0x5413: return .filled(.winsize)                                 // TIOCGWINSZ
        case 0x5414: return .given(.winsize)                                  // TIOCSWINSZ
        case 0x540f, 0x5411, 0x5429, 0x80045430: return .filled(.int)         // TIOCGPGRP, TIOCOUTQ, TIOCGSID, TIOCGPTN
        case 0x5410, 0x40045431: return .given(.int)                          // TIOCSPGRP, TIOCSPTLCK
        case 0x5422, 0x540c, 0x540d, 0x541d: return Argument.none             // TIOCNOTTY, TIOCEXCL, TIOCNXCL, TIOCCONS
        case 0x40049409: return .descriptor                                   // FICLONE
        default: return nil
        }
    }

    /// Whether the request's third argument points to memory the decoder reads (what
    /// `-e verbose=` leaves as an address).
    static func readsMemory(_ request: UInt64) -> Bool {
        switch argument(request) {
        case .given?, .filled?: return true
        default: return false
        }
    }

    /// The argument's value: at entry for what is given, at exit for what is filled (the address
    /// when the call failed or the memory cannot be read).
    static func value(_ c: DecodeContext, request: UInt64, index: Int) -> Value {
        let address = c.arg(index)
        switch argument(request) {
        case .given(let shape)?:
            return read(c, shape, address: address)
        case .filled(let shape)?:
            guard c.succeeded else { return .address(address) }
            return read(c, shape, address: address)
        case .integer?:
            return .int(c.int(index))
        case .constant(let table)?:
            return table.symbol(c.uint(index))
        case .descriptor?:
            return .int(c.int(index))
        case .none?, nil:
            return .hex(address)
        }
    }

    private static func read(_ c: DecodeContext, _ shape: Shape, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        switch shape {
        case .termios(let size):
            guard let b = c.memory.read(address, count: size) else { return .pointer(address) }
            // termio (18 bytes) has 16-bit flag words, termios and termios2 32-bit ones.
            let word: (Int) -> UInt64 = size == 18 ? { UInt64(b.uint16(at: $0 * 2)) } : { UInt64(b.uint32(at: $0 * 4)) }
            let value = termios(input: word(0), output: word(1), control: word(2), local: word(3))
            guard !c.options.abbreviate, case .structure(var fields) = value else { return value }
            // -v: the line discipline and every control character (19 of termios, 8 of
            // termio) instead of `...`, and termios2's two speeds.
            let line = size == 18 ? 8 : 16
            let characters = size == 18 ? 8 : 19
            fields.removeLast()
            fields.append(.init("c_line", Tables.lineDisciplines.symbol(UInt64(b[line]))))
            fields.append(.init("c_cc", .array((0 ..< characters).map { i in
                let index = Tables.controlCharacters.name(UInt64(i)) ?? String(i)
                return .joined([.verbatim("[" + index + "]"), .hex(UInt64(b[line + 1 + i]))], separator: "=")
            }, more: false)))
            if size == 44 {
                fields.append(.init("c_ispeed", .uint(UInt64(b.uint32(at: 36)))))
                fields.append(.init("c_ospeed", .uint(UInt64(b.uint32(at: 40)))))
            }
            return .structure(fields)
        case .winsize:
            guard let b = c.memory.read(address, count: 8) else { return .pointer(address) }
            return .structure([.init("ws_row", .uint(UInt64(b.uint16(at: 0)))), .init("ws_col", .uint(UInt64(b.uint16(at: 2)))),
                               .init("ws_xpixel", .uint(UInt64(b.uint16(at: 4)))), .init("ws_ypixel", .uint(UInt64(b.uint16(at: 6))))])
        case .int:
            guard let v = c.memory.readInt32(address) else { return .pointer(address) }
            return .boxed(.int(Int64(v)))
        }
    }

    /// `{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR,
    /// c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|..., ...}`. strace prints a word
    /// with no known bit as its leftover hex without a comment, and nothing at all for 0
    /// (`c_iflag=`); c_oflag's and c_cflag's field names end with `|` even when no flag follows.
    static func termios(input: UInt64, output: UInt64, control: UInt64, local: UInt64) -> Value {
        var out: [Value] = Tables.termiosOutputDelays.map { $0.values.symbol(output & $0.mask) }
        let delayMask = Tables.termiosOutputDelays.reduce(UInt64(0)) { $0 | $1.mask }
        out.append(Tables.termiosOutputFlags.flagsWithoutDefault(output & ~delayMask))
        var ctl: [Value] = [Tables.termiosSpeeds.symbol(control & 0x100f)]
        let inputSpeed = (control >> 16) & 0x100f
        if inputSpeed != 0 {
            ctl.append(.joined([Tables.termiosSpeeds.symbol(inputSpeed), .symbol("IBSHIFT", raw: 16)], separator: "<<"))
        }
        ctl.append(Tables.termiosCharacterSizes.symbol(control & 0x30))
        ctl.append(Tables.termiosControlFlags.flagsWithoutDefault(control & ~UInt64(0x100f_100f | 0x30)))
        return .structure([
            .init("c_iflag", Tables.termiosInputFlags.flagsWithoutDefault(input)),
            .init("c_oflag", .joined(out, separator: "|")),
            .init("c_cflag", .joined(ctl, separator: "|")),
            .init("c_lflag", Tables.termiosLocalFlags.flagsWithoutDefault(local)),
            .init(nil, .verbatim("...")),
        ])
    }
}
