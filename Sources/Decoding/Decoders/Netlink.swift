/// Netlink messages as strace 6.1 prints them (netlink.c, nlattr.c, netlink_sock_diag.c):
/// `[{nlmsg_len=20, nlmsg_type=NLMSG_DONE, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=1,
/// nlmsg_pid=4242}, 0]`, errors with the request they answer, sock_diag requests and replies.
/// Each message is a typed Value (structures and arrays in the order strace prints them), so
/// that -X, -x and -s apply as to any other argument.
enum Netlink {
    static let headerSize = 16
    static let minType: UInt16 = 16                 // NLMSG_MIN_TYPE
    static let noop: UInt16 = 1, error: UInt16 = 2, done: UInt16 = 3
    static let request: UInt16 = 1, capped: UInt16 = 0x100
    static let sockDiag = 4, route = 0, kobjectUevent = 15

    struct Header {
        var length: UInt32
        var type: UInt16
        var flags: UInt16
        var sequence: UInt32
        var pid: UInt32
        init(_ b: [UInt8]) {
            length = b.uint32(at: 0)
            type = b.uint16(at: 4)
            flags = b.uint16(at: 6)
            sequence = b.uint32(at: 8)
            pid = b.uint32(at: 12)
        }
    }

    /// The data at `address`, `length` bytes, of a socket of netlink protocol `family` (-1:
    /// unknown).
    static func decode(_ c: DecodeContext, family: Int, address: UInt64, length: UInt64) -> Value {
        if family == kobjectUevent { return Strings.buffer(c, address: address, length: length) }
        return walk(c, address: address, length: length, headerSize: headerSize,
                    recordLength: { UInt64($0.uint32(at: 0)) }) { b, address, length in
            message(c, family: family, header: Header(b), address: address, length: length)
        }
    }

    /// strace's walk over packed records that start with their length (netlink messages and
    /// attributes, aligned on 4): one record alone, several in brackets, `...` after -s of them,
    /// `... /* 0xADDR */` where memory ends, the bytes in hex when too few are left for a header.
    static func walk(_ c: DecodeContext, address: UInt64, length: UInt64, headerSize: Int,
                     recordLength: ([UInt8]) -> UInt64, record: ([UInt8], UInt64, UInt64) -> Value) -> Value {
        var items: [Value] = []
        var more = false
        var address = address
        var length = length
        var isArray = false
        while true {
            if length < UInt64(headerSize) {
                items.append(Style.hexBuffer(c, address: address, length: length))
                break
            }
            guard address != 0, let header = c.memory.read(address, count: headerSize) else {
                items.append(isArray ? Style.more(at: address) : Value.address(address))
                break
            }
            if items.count >= c.options.arrayLimit {
                more = true
                break
            }
            let declared = recordLength(header)
            let aligned = (declared + 3) & ~3
            var nextAddress: UInt64 = 0
            var nextLength: UInt64 = 0
            if declared >= UInt64(headerSize) {
                nextLength = length >= aligned ? length - aligned : 0
                if nextLength != 0 && address &+ aligned > address { nextAddress = address &+ aligned }
            }
            if nextAddress != 0 { isArray = true }
            items.append(record(header, address, length))
            if nextAddress == 0 { break }
            address = nextAddress
            length = nextLength
        }
        guard isArray else { return items.first ?? Style.more }     // one record, or `...` with -s 0
        return .array(items, more: more)
    }

    /// The header at `address`, or what strace prints instead: the bytes in hex when there are
    /// too few for one, the address when they cannot be read.
    static func fetchHeader(_ c: DecodeContext, address: UInt64, length: UInt64) -> Result<Header, Shown> {
        if length < UInt64(headerSize) { return .failure(Shown(Style.hexBuffer(c, address: address, length: length))) }
        guard address != 0, let b = c.memory.read(address, count: headerSize) else { return .failure(Shown(Value.address(address))) }
        return .success(Header(b))
    }

    /// What prints in place of a header that could not be fetched.
    struct Shown: Error {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    /// One message: `{nlmsg_len=...}` alone, or `[{nlmsg_len=...}, PAYLOAD]`.
    static func message(_ c: DecodeContext, family: Int, header: Header, address: UInt64, length: UInt64) -> Value {
        let size = min(UInt64(header.length), length)
        let head = headerValue(family: family, header)
        guard size > UInt64(headerSize) else { return head }
        let data = payload(c, family: family, header: header, address: address + UInt64(headerSize), length: size - UInt64(headerSize))
        return .array([head, data], more: false)
    }

    static func headerValue(family: Int, _ h: Header) -> Value {
        let type: Value
        if h.type >= minType && family == sockDiag {
            type = Style.xval(Tables.sockDiagTypes, UInt64(h.type))
        } else if h.type >= minType && family == route {
            type = Style.xval(Tables.netlinkRouteTypes, UInt64(h.type))
        } else if h.type >= minType && family >= 0 && family < familyUnknownTexts.count, let hint = familyUnknownTexts[family] {
            type = .unknownSymbol(raw: UInt64(h.type), style: .hex, hint: hint)
        } else {
            type = Style.xval(Tables.netlinkTypes, UInt64(h.type))
        }
        var tables = [Tables.netlinkFlags]
        if h.type < minType {
            if h.type == error { tables.append(Tables.netlinkAckFlags) }
        } else if family == sockDiag {
            tables.append(Tables.netlinkGetFlags)
        } else if family == route {
            if h.type == 49 { // RTM_DELACTION
                tables.append(Tables.netlinkGetFlags)
            } else {
                switch h.type & 3 {
                case 0: tables.append(Tables.netlinkNewFlags)
                case 1: tables.append(Tables.netlinkDeleteFlags)
                case 2: tables.append(Tables.netlinkGetFlags)
                default: break
                }
            }
        }
        return .structure([.init("nlmsg_len", .uint(UInt64(h.length))), .init("nlmsg_type", type),
                           .init("nlmsg_flags", Style.flags(tables, UInt64(h.flags), unknown: "NLM_F_???")),
                           .init("nlmsg_seq", .uint(UInt64(h.sequence))), .init("nlmsg_pid", .int(Int64(Int32(bitPattern: h.pid))))])
    }

    /// The unknown texts of the families whose types strace looks up in tables sockstep has
    /// not (the type then prints as a number with the family's text when strace would not know
    /// it either; known names of these families are not decoded yet).
    static let familyUnknownTexts: [String?] = [
        nil, nil, nil, nil, nil, nil, "XFRM_MSG_???", "SELNL_MSG_???", nil, "AUDIT_???", nil, nil,
        "NFNL_SUBSYS_???", nil, nil, nil, "GENERIC_FAMILY_???", nil, nil, nil, nil, "CRYPTO_MSG_???",
    ]

    static func payload(_ c: DecodeContext, family: Int, header: Header, address: UInt64, length: UInt64) -> Value {
        if header.type == error {
            return errorPayload(c, family: family, address: address, length: length, capped: header.flags & capped != 0)
        }
        if header.type >= minType || header.type == done {
            if family == sockDiag, let value = SockDiag.decode(c, header: header, address: address, length: length) {
                return value
            }
            if family == route, let value = NetlinkRoute.decode(c, header: header, address: address, length: length) {
                return value
            }
        }
        if header.type == done && length == 4 {
            guard let v = c.memory.readInt32(address) else { return Value.address(address) }
            return .int(Int64(v))
        }
        return Style.hexBuffer(c, address: address, length: length)
    }

    /// NLMSG_ERROR: `{error=-ENOENT, msg=REQUEST}` and the extended-ack attributes after it.
    static func errorPayload(_ c: DecodeContext, family: Int, address: UInt64, length: UInt64, capped: Bool) -> Value {
        if length < 20 { return Style.hexBuffer(c, address: address, length: length) }
        guard let code = c.memory.readInt32(address) else { return Value.address(address) }
        var fields: [Value.Field] = [.init("error", errorValue(Int64(code)))]
        let rest = length - 4
        switch fetchHeader(c, address: address + 4, length: rest) {
        case .failure(let shown):
            fields.append(.init("msg", shown.value))
        case .success(let header):
            var size = capped ? UInt64(headerSize) : UInt64(header.length)
            if size > rest { size = rest }
            fields.append(.init("msg", message(c, family: family, header: header, address: address + 4, length: size)))
            if rest > size {
                fields.append(.init(nil, Attributes.decode(c, address: address + 4 + size, length: rest - size,
                                                           table: Tables.nlmsgerrAttrs) { type, a, l in
                    switch type {
                    case 1: return Attributes.string(c, address: a, length: l)        // NLMSGERR_ATTR_MSG
                    case 2: return Attributes.u32(c, address: a, length: l)           // NLMSGERR_ATTR_OFFS
                    case 3: return Style.array(c, address: a, count: l, size: 1) { b, _ in .uint(UInt64(b[0])) }
                    default: return nil
                    }
                }))
            }
        }
        return .structure(fields)
    }

    /// print_err(err, negated): `-ENOENT` (`-2` with -X raw, `-2 /* -ENOENT */` with -X
    /// verbose), `0`, `-1234`.
    static func errorValue(_ v: Int64) -> Value {
        guard v < 0, let name = ErrnoTable.name(Int(-v)) else { return .int(v) }
        return .composite(.symbol("-" + name, raw: UInt64(bitPattern: v)), raw: .int(v))
    }
}

/// Netlink attributes (decode_nlattr): `[{nla_len=8, nla_type=UNIX_DIAG_PEER}, 1234]`, a list of
/// them in brackets.
enum Attributes {
    static let headerSize: UInt64 = 4
    typealias Decoder = (_ type: UInt16, _ address: UInt64, _ length: UInt64) -> Value?

    static func decode(_ c: DecodeContext, address: UInt64, length: UInt64, table: Xlat, decoder: Decoder) -> Value {
        Netlink.walk(c, address: address, length: length, headerSize: Int(headerSize),
                     recordLength: { UInt64($0.uint16(at: 0)) }) { b, address, length in
            let nlaLength = UInt64(b.uint16(at: 0))
            let nlaType = b.uint16(at: 2)
            let size = min(nlaLength, length)
            var type: [Value] = []
            if nlaType & 0x8000 != 0 { type.append(.symbol("NLA_F_NESTED", raw: 0x8000)) }
            if nlaType & 0x4000 != 0 { type.append(.symbol("NLA_F_NET_BYTEORDER", raw: 0x4000)) }
            type.append(Style.xval(table, UInt64(nlaType & 0x3fff)))
            let head = Value.structure([.init("nla_len", .uint(nlaLength)),
                                        .init("nla_type", type.count == 1 ? type[0] : .joined(type, separator: "|"))])
            guard size > headerSize else { return head }
            let data = decoder(nlaType & 0x3fff, address + headerSize, size - headerSize)
                ?? Style.hexBuffer(c, address: address + headerSize, length: size - headerSize)
            return .array([head, data], more: false)
        }
    }

    /// decode_nla_str (printstr_ex with QUOTE_OMIT_TRAILING_0 | QUOTE_EXPECT_TRAILING_0): the
    /// string without its trailing NUL; `...` after it when there is no NUL at its end. When the
    /// string is printed in hex (-xx, or -x and a byte that is not printable: the NUL itself
    /// is one), strace keeps the NUL and always adds the `...`.
    static func string(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value {
        let limit = UInt64(max(0, c.options.stringLimit))
        let shown = Int(min(length, limit))
        guard let bytes = c.memory.read(address, count: shown) else { return Value.address(address) }
        let hex: Bool
        switch c.options.style.hexStrings {
        case .none, .nonASCIIChars: hex = false
        case .all: hex = true
        case .nonASCII: hex = bytes.contains { $0 > 0x7e || ($0 < 0x20 && !(9 ... 13).contains($0)) }
        }
        if hex { return .joined([.hexString(bytes), Style.more], separator: "") }
        if let last = bytes.last, last == 0 { return .string(Array(bytes.dropLast()), truncated: false) }
        return .string(bytes, truncated: length > 0)
    }

    static func u32(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value? {
        guard length >= 4 else { return nil }
        guard let v = c.memory.readUInt(address, size: 4) else { return Value.address(address) }
        return .uint(v)
    }

    static func u8(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value? {
        guard length >= 1 else { return nil }
        guard let v = c.memory.readUInt(address, size: 1) else { return Value.address(address) }
        return .uint(v)
    }
}
