/// Netlink messages as strace 6.1 prints them (netlink.c, nlattr.c, netlink_sock_diag.c):
/// `[{nlmsg_len=20, nlmsg_type=NLMSG_DONE, nlmsg_flags=NLM_F_MULTI, nlmsg_seq=1,
/// nlmsg_pid=4242}, 0]`, errors with the request they answer, sock_diag requests and replies.
/// The text is built as strace builds it, piece by piece.
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
        return .verbatim(walk(c, address: address, length: length, headerSize: headerSize,
                              recordLength: { UInt64($0.uint32(at: 0)) }) { b, address, length in
            message(c, family: family, header: Header(b), address: address, length: length)
        })
    }

    /// strace's walk over packed records that start with their length (netlink messages and
    /// attributes, aligned on 4): one record alone, several in brackets, `...` after -s of them,
    /// `... /* 0xADDR */` where memory ends, the bytes in hex when too few are left for a header.
    static func walk(_ c: DecodeContext, address: UInt64, length: UInt64, headerSize: Int,
                     recordLength: ([UInt8]) -> UInt64, record: ([UInt8], UInt64, UInt64) -> String) -> String {
        var out = ""
        var address = address
        var length = length
        var isArray = false
        var element = 0
        while true {
            if length < UInt64(headerSize) {
                out += Style.hexBuffer(c, address: address, length: length).render(style: c.options.style)
                break
            }
            guard address != 0, let header = c.memory.read(address, count: headerSize) else {
                out += isArray ? Style.more(at: address).render(style: c.options.style) : Value.address(address).render(style: c.options.style)
                break
            }
            if element >= c.options.arrayLimit {
                out += "..."
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
            if !isArray && nextAddress != 0 {
                out += "["
                isArray = true
            }
            out += record(header, address, length)
            if nextAddress == 0 { break }
            out += ", "
            address = nextAddress
            length = nextLength
            element += 1
        }
        if isArray { out += "]" }
        return out
    }

    static func fetchHeader(_ c: DecodeContext, address: UInt64, length: UInt64, _ out: inout String) -> Header? {
        if length < UInt64(headerSize) {
            out += Style.hexBuffer(c, address: address, length: length).render(style: c.options.style)
            return nil
        }
        guard address != 0, let b = c.memory.read(address, count: headerSize) else {
            out += Value.address(address).render(style: c.options.style)
            return nil
        }
        return Header(b)
    }

    /// One message: `{nlmsg_len=...}` alone, or `[{nlmsg_len=...}, PAYLOAD]`.
    static func message(_ c: DecodeContext, family: Int, header: Header, address: UInt64, length: UInt64) -> String {
        let size = min(UInt64(header.length), length)
        var out = size > UInt64(headerSize) ? "[" : ""
        out += headerText(family: family, header, style: c.options.style)
        if size > UInt64(headerSize) {
            out += ", "
            out += payload(c, family: family, header: header, address: address + UInt64(headerSize), length: size - UInt64(headerSize))
            out += "]"
        }
        return out
    }

    static func headerText(family: Int, _ h: Header, style: RenderStyle) -> String {
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
        let flags = Style.flags(tables, UInt64(h.flags), unknown: "NLM_F_???")
        return "{nlmsg_len=\(h.length), nlmsg_type=\(type.render(style: style)), nlmsg_flags=\(flags.render(style: style)), nlmsg_seq=\(h.sequence), nlmsg_pid=\(Int32(bitPattern: h.pid))}"
    }

    /// The unknown texts of the families whose types strace looks up in tables sockstep has
    /// not (the type then prints as a number with the family's text when strace would not know
    /// it either; known names of these families are not decoded yet).
    static let familyUnknownTexts: [String?] = [
        nil, nil, nil, nil, nil, nil, "XFRM_MSG_???", "SELNL_MSG_???", nil, "AUDIT_???", nil, nil,
        "NFNL_SUBSYS_???", nil, nil, nil, "GENERIC_FAMILY_???", nil, nil, nil, nil, "CRYPTO_MSG_???",
    ]

    static func payload(_ c: DecodeContext, family: Int, header: Header, address: UInt64, length: UInt64) -> String {
        if header.type == error {
            return errorPayload(c, family: family, address: address, length: length, capped: header.flags & capped != 0)
        }
        if header.type >= minType || header.type == done {
            if family == sockDiag, let text = SockDiag.decode(c, header: header, address: address, length: length) {
                return text
            }
            if family == route, let text = NetlinkRoute.decode(c, header: header, address: address, length: length) {
                return text
            }
        }
        if header.type == done && length == 4 {
            guard let v = c.memory.readInt32(address) else { return Value.address(address).render(style: c.options.style) }
            return String(v)
        }
        return Style.hexBuffer(c, address: address, length: length).render(style: c.options.style)
    }

    /// NLMSG_ERROR: `{error=-ENOENT, msg=REQUEST}` and the extended-ack attributes after it.
    static func errorPayload(_ c: DecodeContext, family: Int, address: UInt64, length: UInt64, capped: Bool) -> String {
        if length < 20 { return Style.hexBuffer(c, address: address, length: length).render(style: c.options.style) }
        guard let code = c.memory.readInt32(address) else { return Value.address(address).render(style: c.options.style) }
        var out = "{error=" + errorText(Int64(code))
        let rest = length - 4
        if rest > 0 {
            out += ", msg="
            var text = ""
            if let header = fetchHeader(c, address: address + 4, length: rest, &text) {
                var size = capped ? UInt64(headerSize) : UInt64(header.length)
                if size > rest { size = rest }
                text += message(c, family: family, header: header, address: address + 4, length: size)
                if rest > size {
                    text += ", " + Attributes.decode(c, address: address + 4 + size, length: rest - size,
                                                     table: Tables.nlmsgerrAttrs) { type, a, l in
                        switch type {
                        case 1: return Attributes.string(c, address: a, length: l)        // NLMSGERR_ATTR_MSG
                        case 2: return Attributes.u32(c, address: a, length: l)           // NLMSGERR_ATTR_OFFS
                        case 3: return Style.array(c, address: a, count: l, size: 1) { b, _ in .uint(UInt64(b[0])) }.render(style: c.options.style)
                        default: return nil
                        }
                    }
                }
            }
            out += text
        }
        return out + "}"
    }

    /// print_err(err, negated): `-ENOENT`, `0`, `-1234`.
    static func errorText(_ v: Int64) -> String {
        if v < 0, let name = ErrnoTable.name(Int(-v)) { return "-" + name }
        return String(v)
    }
}

/// Netlink attributes (decode_nlattr): `[{nla_len=8, nla_type=UNIX_DIAG_PEER}, 1234]`, a list of
/// them in brackets.
enum Attributes {
    static let headerSize: UInt64 = 4
    typealias Decoder = (_ type: UInt16, _ address: UInt64, _ length: UInt64) -> String?

    static func decode(_ c: DecodeContext, address: UInt64, length: UInt64, table: Xlat, decoder: Decoder) -> String {
        Netlink.walk(c, address: address, length: length, headerSize: Int(headerSize),
                     recordLength: { UInt64($0.uint16(at: 0)) }) { b, address, length in
            let nlaLength = UInt64(b.uint16(at: 0))
            let nlaType = b.uint16(at: 2)
            let size = min(nlaLength, length)
            var typeText = ""
            if nlaType & 0x8000 != 0 { typeText += "NLA_F_NESTED|" }
            if nlaType & 0x4000 != 0 { typeText += "NLA_F_NET_BYTEORDER|" }
            typeText += Style.xval(table, UInt64(nlaType & 0x3fff)).render(style: c.options.style)
            let head = "{nla_len=\(nlaLength), nla_type=\(typeText)}"
            guard size > headerSize else { return head }
            let data = decoder(nlaType & 0x3fff, address + headerSize, size - headerSize)
                ?? Style.hexBuffer(c, address: address + headerSize, length: size - headerSize).render(style: c.options.style)
            return "[" + head + ", " + data + "]"
        }
    }

    /// decode_nla_str: the string without its trailing NUL.
    static func string(_ c: DecodeContext, address: UInt64, length: UInt64) -> String? {
        let limit = UInt64(max(0, c.options.stringLimit))
        let shown = Int(min(length, limit))
        guard let bytes = c.memory.read(address, count: shown) else { return Value.address(address).render(style: c.options.style) }
        if UInt64(shown) == length, let last = bytes.last, last == 0 {
            return Value.string(Array(bytes.dropLast()), truncated: false).render(style: c.options.style)
        }
        return Value.string(bytes, truncated: true).render(style: c.options.style)
    }

    static func u32(_ c: DecodeContext, address: UInt64, length: UInt64) -> String? {
        guard length >= 4 else { return nil }
        guard let v = c.memory.readUInt(address, size: 4) else { return Value.address(address).render(style: c.options.style) }
        return String(v)
    }

    static func u8(_ c: DecodeContext, address: UInt64, length: UInt64) -> String? {
        guard length >= 1 else { return nil }
        guard let v = c.memory.readUInt(address, size: 1) else { return Value.address(address).render(style: c.options.style) }
        return String(v)
    }
}
