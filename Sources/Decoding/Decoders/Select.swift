/// select, pselect6, poll/ppoll results, the time structures and signal masks they print,
/// as strace 6.1 prints them.
enum Select {
    /// nfds as the kernel reads it (an int), cut to 0...1048576 for the sets' size.
    static func clampedCount(_ raw: UInt64) -> Int {
        let n = Int64(Int32(truncatingIfNeeded: raw))
        return Int(max(0, min(n, 1024 * 1024)))
    }

    /// The bytes strace reads for a set: nfds bits, rounded up to whole longs.
    static func setSize(_ nfds: Int) -> Int { ((nfds + 7) / 8 + 7) & ~7 }

    static func members(_ bytes: [UInt8], nfds: Int) -> [Int] {
        var out: [Int] = []
        for fd in 0 ..< min(nfds, bytes.count * 8) where bytes[fd / 8] & (1 << UInt8(fd % 8)) != 0 { out.append(fd) }
        return out
    }

    /// An fd_set given to select: `[3 4]`, NULL, or the address.
    static func fdSet(_ c: DecodeContext, address: UInt64, nfdsArg: Int) -> Value {
        let nfds = clampedCount(c.arg(nfdsArg))
        let size = setSize(nfds)
        guard size > 0 else { return .address(address) }
        guard address != 0 else { return .null }
        guard let bytes = c.memory.read(address, count: size) else { return .pointer(address) }
        return .verbatim("[" + members(bytes, nfds: nfds).map { c.fd(Int64($0)).render() }.joined(separator: " ") + "]")
    }

    /// The result of select/pselect6: `Timeout`, or `in [3], out [4], left {...}` (`()` when
    /// there is nothing to say).
    static func result(_ c: DecodeContext, usec: Bool) -> CallResult {
        let v = c.returnValue
        if v == 0 { return .value(.int(0), note: .verbatim("Timeout")) }
        let nfds = clampedCount(c.arg(0))
        let size = setSize(nfds)
        var ready = v
        var text = ""
        var separator = ""
        for (k, label) in ["in", "out", "except"].enumerated() where ready > 0 {
            let address = c.arg(k + 1)
            guard address != 0, size > 0, let bytes = c.memory.read(address, count: size) else { continue }
            var first = true
            for fd in members(bytes, nfds: nfds) {
                if text.utf8.count < 1024 - (11 + 12 + 2) {
                    if first {
                        text += separator + label + " [" + String(fd)
                        first = false
                        separator = ", "
                    } else {
                        text += " " + String(fd)
                    }
                }
                ready -= 1
                if ready == 0 { break }
            }
            if !text.isEmpty { text += "]" }
        }
        let timeout = c.arg(4)
        if timeout != 0 {
            let left = Time.text(c, address: timeout, usec: usec)
            if text.utf8.count + 6 + separator.utf8.count + left.utf8.count < 1024 {
                text += separator + "left " + left
            }
        }
        return .value(.int(v), note: .verbatim(text))
    }

    /// The result of poll and ppoll: `Timeout`, `[{fd=3, revents=POLLIN}]`, then for ppoll
    /// `left {...}`; nothing when the array is not there.
    static func pollResult(_ c: DecodeContext, fdsArg: Int, countArg: Int, timeoutArg: Int?) -> CallResult {
        let v = c.returnValue
        if v == 0 { return .value(.int(0), note: .verbatim("Timeout")) }
        let start = c.arg(fdsArg)
        let count = c.uint(countArg)
        let (size, overflow) = count.multipliedReportingOverflow(by: 8)
        guard start != 0, count != 0, !overflow, start &+ size >= start else { return .value(.int(v), note: nil) }
        var text = ""
        var printed = 0
        let limit = 1024 - (2 + 16 + 9)
        var cursor = start
        let end = start &+ size
        while cursor < end {
            guard let b = c.memory.read(cursor, count: 8) else {
                text += text.isEmpty ? "[" : ", "
                text += formatHex(cursor)
                break
            }
            cursor &+= 8
            let revents = UInt64(b.uint16(at: 6))
            if revents == 0 { continue }
            text += text.isEmpty ? "[" : ", "
            if printed >= c.options.arrayLimit {
                text += "..."
                break
            }
            let head = "{fd=\(b.int32(at: 0)), revents="
            let flags = Style.flagsNoComment(Tables.pollEvents, revents).render(style: c.options.style)
            if text.utf8.count + head.utf8.count + flags.utf8.count + 1 >= limit {
                text += "..."
                break
            }
            text += head + flags + "}"
            printed += 1
        }
        if !text.isEmpty { text += "]" }
        if let timeoutArg, c.arg(timeoutArg) != 0 {
            let left = Time.text(c, address: c.arg(timeoutArg), usec: false)
            if text.utf8.count + 8 + left.utf8.count < 1024 {
                text += (text.isEmpty ? "left " : ", left ") + left
            } else {
                text += ", ..."
            }
        }
        if text.isEmpty { return .value(.int(v), note: nil) }
        return .value(.int(v), note: .verbatim(text))
    }

    /// pselect6's sixth argument, `{sigmask=[HUP], len=8}`.
    static func kernelSigset(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 16) else { return .pointer(address) }
        let mask = b.uint64(at: 0)
        let length = b.uint64(at: 8)
        return .structure([.init("sigmask", SignalMask.value(c, address: mask, size: length)),
                           .init("sigsetsize", .uint(length))])
    }
}

extension Time {
    /// `{tv_sec=1, tv_nsec=500}` (tv_nsec unsigned, as strace prints it), `{tv_sec=.., tv_usec=..}`
    /// for a timeval; NULL, or the address when it cannot be read.
    static func value(_ c: DecodeContext, address: UInt64, usec: Bool) -> Value {
        guard address != 0 else { return .null }
        guard !c.failedAtExit, let b = c.memory.read(address, count: 16) else { return .pointer(address) }
        return .structure([.init("tv_sec", .int(b.int64(at: 0))),
                           .init(usec ? "tv_usec" : "tv_nsec", .uint(b.uint64(at: 8)))])
    }

    static func text(_ c: DecodeContext, address: UInt64, usec: Bool) -> String {
        value(c, address: address, usec: usec).render()
    }
}

/// Signal masks as strace prints them: `[HUP INT]`, `~[KILL STOP]` when two thirds or more of
/// the bits are set, `[]`, `RTMIN`, `RT_3` for real-time signals.
enum SignalMask {
    static let size: UInt64 = 8

    /// print_sigset_addr_len: decoded only when the size is the kernel's (8 bytes).
    static func value(_ c: DecodeContext, address: UInt64, size: UInt64) -> Value {
        guard size == Self.size else { return .address(address) }
        guard address != 0 else { return .null }
        guard !c.failedAtExit, let b = c.memory.read(address, count: Int(size)) else { return .pointer(address) }
        return set(b.uint64(at: 0))
    }

    /// Each signal by its name without `SIG` (`INT`, `RTMIN`, `RT_3`); `-X raw` prints its
    /// number, `-X verbose` the number with the name in a comment (`2 /* INT */`).
    static func set(_ bits: UInt64) -> Value {
        Style.bitset(bits, width: 64, complementAt: 64 * 2 / 3) { bit in elements[bit] }
    }

    /// Signal `bit + 1` as an element of a mask, made once (each is a value on the heap).
    private static let elements: [Value] = (1 ... 64).map { signal in
        let name: String
        if signal < 32 {
            let full = SignalTable.name(signal)
            name = full.hasPrefix("SIG") ? String(full.dropFirst(3)) : full
        } else {
            name = signal == 32 ? "RTMIN" : "RT_\(signal - 32)"
        }
        return .composite(.verbatim(name), raw: .int(Int64(signal)))
    }
}

/// sendfile's `off_t *`: `[0]` at entry, `[0] => [100]` when the call moved it.
enum SendFile {
    static func offset(_ c: DecodeContext, index: Int) -> Value {
        let address = c.arg(index)
        guard address != 0 else { return .null }
        guard case .bytes(let before)? = c.saved[index] else { return .pointer(address) }
        let first = Value.boxed(.uint(before.uint64(at: 0)))
        guard c.succeeded, c.returnValue != 0 else { return first }
        return .changed(first, Style.number(c, address: address, size: 8, signed: false))
    }
}
