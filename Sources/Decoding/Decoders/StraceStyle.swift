import Glibc
import Synchronization

/// strace 6.1's ways of printing a value, as the socket decoders need them: arrays cut after
/// -s elements, `... /* 0xADDR */` where memory ends, hex with and without padding, named
/// values in their three styles, interface indexes, quoted bytes.
enum Style {
    /// `...`
    static let more = Value.verbatim("...")

    /// `... /* 0x7ffd1000 */`: an array or list that goes on into memory that cannot be read.
    static func more(at address: UInt64) -> Value { .commented(.verbatim("..."), formatHex(address)) }

    /// `%#x`: `0` or `0x1f`.
    static func hex(_ v: UInt64) -> Value { .hex(v) }

    /// `%#0*x` with the width of a `bytes`-byte field: `00`, `0x1`, `0xc9`; `00000000`,
    /// `0x000001` (the `0x` counts in the width, and zero has no `0x`).
    static func hexPadded(_ v: UInt64, bytes: Int) -> Value {
        let width = bytes * 2
        if v == 0 { return .verbatim(String(repeating: "0", count: width)) }
        let digits = String(v, radix: 16)
        return .verbatim("0x" + String(repeating: "0", count: max(0, width - 2 - digits.count)) + digits)
    }

    /// printxval: the name, or the number in hex with the table's `/* X_??? */` (none when the
    /// table has no such text).
    static func xval(_ table: Xlat, _ v: UInt64) -> Value {
        if let name = table.name(v) { return .symbol(name, raw: v) }
        if table.unknown.isEmpty { return .hex(v) }
        return .unknownSymbol(raw: v, style: .hex, hint: table.unknown)
    }

    /// printxval with XLAT_STYLE_FMT_U: the name, a decimal number with -X raw (`1`) and before
    /// the name's comment with -X verbose (`1 /* SK_MEMINFO_RCVBUF */`); an unknown value
    /// `9 /* SK_MEMINFO_??? */`.
    static func xvalDecimal(_ table: Xlat, _ v: UInt64) -> Value {
        if let name = table.name(v) { return .composite(.symbol(name, raw: v), raw: .uint(v)) }
        if table.unknown.isEmpty { return .uint(v) }
        return .unknownSymbol(raw: v, style: .unsigned, hint: table.unknown)
    }

    /// The verbose style (PRINT_FIELD_XVAL_VERBOSE): `0x1 /* CM_SERVICE */`, `0x5 /* ???_SERVICE */`,
    /// or the bare number when the table has no name and no unknown text.
    static func xvalVerbose(_ table: Xlat, _ v: UInt64) -> Value {
        if let name = table.name(v) { return .commented(.hex(v), name) }
        if table.unknown.isEmpty { return .hex(v) }
        return .commented(.hex(v), table.unknown)
    }

    /// printflags over one or more tables, strace's way: names in table order, each matched
    /// against the bits still left; the rest in hex after `|`, or `0x40 /* X_??? */` when no
    /// name matched; `0` (or the table's name for zero) for no bits.
    static func flags(_ tables: [Xlat], _ value: UInt64, unknown: String) -> Value {
        if value == 0 {
            for table in tables { if let zero = table.name(0) { return .symbol(zero, raw: 0) } }
            return .flags([], rest: 0, raw: 0, hint: unknown)
        }
        var rest = value
        var names: [String] = []
        for table in tables {
            for entry in table.entries where entry.value != 0 && rest & entry.value == entry.value {
                names.append(entry.name)
                rest &= ~entry.value
            }
        }
        return .flags(names, rest: rest, raw: value, hint: unknown)
    }

    static func flags(_ table: Xlat, _ value: UInt64) -> Value { flags([table], value, unknown: table.unknown) }

    /// sprintflags without a comment (poll's revents): `POLLIN|0x8000`, `0x8000`.
    static func flagsNoComment(_ table: Xlat, _ value: UInt64) -> Value {
        var rest = value
        var names: [String] = []
        for entry in table.entries where entry.value != 0 && rest & entry.value == entry.value {
            names.append(entry.name)
            rest &= ~entry.value
        }
        if names.isEmpty { return .hex(value) }
        return .flags(names, rest: rest, raw: value, hint: "")
    }

    /// print_ifindex: `if_nametoindex("lo")` for an interface this machine has (`1` with -X raw,
    /// `1 /* if_nametoindex("lo") */` with -X verbose), else the number.
    static func ifindex(_ index: UInt32) -> Value {
        guard index != 0 else { return .uint(0) }
        var buffer = [CChar](repeating: 0, count: Int(IF_NAMESIZE) + 1)
        guard if_indextoname(index, &buffer) != nil else { return .uint(UInt64(index)) }
        let name = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return .composite(.call("if_nametoindex", [.string(name, truncated: false)]), raw: .uint(UInt64(index)))
    }

    /// An IPv4 address, `inet_addr("127.0.0.1")`.
    static func inetAddr(_ b: [UInt8], at offset: Int) -> Value {
        .call("inet_addr", [.string(Array(Sockaddr.ipv4Text(b, at: offset).utf8), truncated: false)])
    }

    /// An IPv6 address, `inet_pton(AF_INET6, "::1", &NAME)` (a field without a name).
    static func inet6Addr(_ b: [UInt8], at offset: Int, field: String) -> Value.Field {
        let text = Sockaddr.ipv6Text(Array(b[offset ..< min(b.count, offset + 16)]))
        return .init(nil, .call("inet_pton", [.symbol("AF_INET6", raw: 10), .string(Array(text.utf8), truncated: false),
                                             .verbatim("&" + field)]))
    }

    /// print_quoted_string with QUOTE_0_TERMINATED over `size` bytes: up to the first NUL.
    static func quotedUpToNul(_ bytes: ArraySlice<UInt8>) -> Value {
        let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
        return .string(Array(bytes[bytes.startIndex ..< end]), truncated: false)
    }

    /// printstr_ex(addr, len, QUOTE_FORCE_HEX): at most -s bytes as `"\x01\x02"`, `...` after
    /// when the length was longer; the address when the bytes cannot be read.
    static func hexBuffer(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value {
        guard address != 0 else { return .null }
        let limit = UInt64(max(0, c.options.stringLimit))
        let shown = Int(min(length, limit))
        guard let fetched = c.memory.read(address, count: Int(min(length, limit + 1))) else { return .pointer(address) }
        let bytes = Array(fetched.prefix(shown))
        if length > limit { return .joined([.hexString(bytes), more], separator: "") }
        return .hexString(bytes)
    }

    /// print_array: `[a, b]`; NULL; `[]` for no element; the address when the first element
    /// cannot be read, `..., /* 0xADDR */` when a later one cannot; `...` after -s elements.
    /// `element` returns nil to stop (strace's printer returning false), `Style.more` to print
    /// `...` and stop. `fetchFails` makes
    /// every read fail; by default reads fail at the exit of a failed call (strace's tfetch_mem).
    static func array(_ c: DecodeContext, address: UInt64, count: UInt64, size: Int, fetchFails: Bool? = nil,
                      element: (_ bytes: [UInt8], _ index: Int) -> Value?) -> Value {
        let fetchFails = fetchFails ?? c.failedAtExit
        guard address != 0 else { return .null }
        guard count > 0 else { return .array([], more: false) }
        let (total, overflow) = count.multipliedReportingOverflow(by: UInt64(size))
        if overflow || address &+ total <= address { return .pointer(address) }
        let cut = UInt64(max(0, c.options.arrayLimit))
        var items: [Value] = []
        var index: UInt64 = 0
        var cursor = address
        while index < count {
            guard !fetchFails, let bytes = c.memory.read(cursor, count: size) else {
                if index == 0 { return .pointer(address) }
                items.append(more(at: cursor))
                return .array(items, more: false)
            }
            if index >= cut {
                return .array(items, more: true)
            }
            guard let value = element(bytes, Int(index)) else { break }
            items.append(value)
            if value == more { break }      // the printer said `...` and stopped
            index += 1
            cursor &+= UInt64(size)
        }
        return .array(items, more: false)
    }

    /// printnum_int and friends: `[v]`, NULL, or the address.
    static func number(_ c: DecodeContext, address: UInt64, size: Int, signed: Bool, hex: Bool = false) -> Value {
        guard address != 0 else { return .null }
        guard !c.failedAtExit, let raw = c.memory.readUInt(address, size: size) else { return .pointer(address) }
        if hex { return .boxed(.hex(raw)) }
        if signed {
            let shift = UInt64(64 - size * 8)
            return .boxed(.int(Int64(bitPattern: raw << shift) >> Int64(shift)))
        }
        return .boxed(.uint(raw))
    }

    /// A 16-bit port in network order: `htons(8888)`.
    static func port(_ b: [UInt8], at offset: Int) -> Value {
        .call("htons", [.int(Int64(UInt16(b[offset]) << 8 | UInt16(b[offset + 1])))])
    }

    /// A structure with `name=value` fields.
    static func fields(_ pairs: [(String?, Value)]) -> Value {
        .structure(pairs.map { Value.Field($0.0, $0.1) })
    }

    /// PRINT_FIELD_HEX_ARRAY: `[0x1, 0x2]` (each byte `%#x`).
    static func hexArray(_ bytes: ArraySlice<UInt8>) -> Value {
        .array(bytes.map { .hex(UInt64($0)) }, more: false)
    }

    /// A set of bits as strace prints signal masks and ICMP filters: `[A B]`, or `~[C]` (the
    /// bits not set) when at least `complementAt` of the `width` bits are set; each element as
    /// `element` gives it (a name, with `-X raw` its number).
    static func bitset(_ value: UInt64, width: Int, complementAt: Int, element: (Int) -> Value) -> Value {
        let all: UInt64 = width == 64 ? ~0 : (1 << UInt64(width)) - 1
        var bits = value & all
        var prefix = "["
        if bits.nonzeroBitCount >= complementAt {
            bits = ~bits & all
            prefix = "~["
        }
        var elements: [Value] = []
        elements.reserveCapacity(bits.nonzeroBitCount)
        while bits != 0 {
            elements.append(element(bits.trailingZeroBitCount))
            bits &= bits &- 1
        }
        return .joined([.verbatim(prefix), .joined(elements, separator: " "), .verbatim("]")], separator: "")
    }

    /// A MAC-style address `00:11:22:33:44:55`. strace formats it in a static buffer that an
    /// empty address does not clear: zero bytes print the last address printed before (by any
    /// traced process), or nothing the first time. sockstep keeps that text too.
    static func mac(_ bytes: ArraySlice<UInt8>) -> Value {
        if bytes.isEmpty { return .verbatim(lastMac.withLock { $0 }) }
        let text = bytes.map { b -> String in
            let h = String(b, radix: 16)
            return h.count == 1 ? "0" + h : h
        }.joined(separator: ":")
        lastMac.withLock { $0 = text }
        return .verbatim(text)
    }

    static let lastMac = Mutex("")
}
