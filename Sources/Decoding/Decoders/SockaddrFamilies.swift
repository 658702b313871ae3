/// Socket addresses of the families strace 6.1 decodes beyond AF_INET, AF_INET6 and AF_UNIX
/// (sockaddr.c), and its rules for short ones: `{sa_family=AF_INET}` for just a family, the
/// raw `sa_data="..."` below a family's minimum length or for a family it does not decode.
enum SockaddrFamilies {
    /// The structure for `bytes` (their count is the address length, at most 128), or nil
    /// when Sockaddr's own cases print it (AF_INET, AF_INET6, AF_UNIX at their full length).
    static func render(_ bytes: [UInt8]) -> Value? {
        let family = UInt64(bytes.uint16(at: 0))
        let head = Value.Field("sa_family", Style.xval(Tables.addressFamilies, family))
        if bytes.count <= 2 { return .structure([head]) }
        // The rest of strace's buffer is zeros: fields past the length read as 0.
        let b = bytes + [UInt8](repeating: 0, count: 129 - bytes.count)
        let n = bytes.count
        var fields: [Value.Field]?
        switch family {
        case 1 where n >= 3, 2 where n >= 16, 10 where n >= 24: return nil
        case 3 where n >= 16: fields = ax25(b, length: n)
        case 4 where n >= 16: fields = ipx(b)
        case 9 where n >= 18: fields = [.init("sx25_addr", .structure([.init("x25_addr", cString(b[2 ..< 18]))]))]
        case 16 where n >= 12: fields = netlink(b)
        case 17 where n >= 20: fields = packet(b, length: n)
        case 31: fields = bluetooth(b, length: n)
        case 33 where n >= 36: fields = rxrpc(b, length: n)
        case 36 where n >= 20: fields = ieee802154(b)
        case 38 where n >= 25: fields = alg(b, length: n)
        case 39 where n >= 16: fields = nfc(b, length: n)
        case 40 where n >= 16: fields = vsock(b)
        case 42 where n >= 12: fields = [.init("sq_node", Style.xval(Tables.qipcrtrNodes, UInt64(b.uint32(at: 4)))),
                                         .init("sq_port", Style.xval(Tables.qipcrtrPorts, UInt64(b.uint32(at: 8))))]
        case 44 where n >= 16: fields = xdp(b)
        case 45 where n >= 12: fields = mctp(b)
        default: break
        }
        return .structure([head] + (fields ?? [raw(bytes)]))
    }

    /// sin6_scope_id: `if_nametoindex("lo")` for a link-local address, else the number; the
    /// field is printed from 25 bytes on (the missing ones read as zeros).
    static func scopeID(_ bytes: [UInt8]) -> Value {
        let id = bytes.uint32(at: 24)
        let linkLocal = bytes.count >= 10 && bytes[8] == 0xfe && bytes[9] & 0xc0 == 0x80
        let multicastLinkLocal = bytes.count >= 10 && bytes[8] == 0xff && bytes[9] & 0x0f == 0x2
        return linkLocal || multicastLinkLocal ? Style.ifindex(id) : .uint(UInt64(id))
    }

    static func raw(_ bytes: [UInt8]) -> Value.Field {
        .init("sa_data", .string(Array(bytes.dropFirst(2)), truncated: false))
    }

    /// print_quoted_cstring over a fixed field: up to the NUL; without one, all but the last
    /// byte and `...` (unless the last byte is the NUL).
    static func cString(_ field: ArraySlice<UInt8>) -> Value {
        let bytes = Array(field)
        guard !bytes.isEmpty else { return .string([], truncated: false) }
        let room = bytes.count - 1
        if let nul = bytes[0 ..< room].firstIndex(of: 0) { return .string(Array(bytes[0 ..< nul]), truncated: false) }
        return .string(Array(bytes[0 ..< room]), truncated: bytes[room] != 0)
    }

    static func netlink(_ b: [UInt8]) -> [Value.Field] {
        var fields: [Value.Field] = []
        let pad = b.uint16(at: 2)
        if pad != 0 { fields.append(.init("nl_pad", .hex(UInt64(pad)))) }
        fields.append(.init("nl_pid", .int(Int64(b.int32(at: 4)))))
        fields.append(.init("nl_groups", Style.hexPadded(UInt64(b.uint32(at: 8)), bytes: 4)))
        return fields
    }

    static func packet(_ b: [UInt8], length: Int) -> [Value.Field] {
        let protocolNumber = UInt64(UInt16(b[2]) << 8 | UInt16(b[3]))
        var fields: [Value.Field] = [
            .init("sll_protocol", .call("htons", [Style.xval(Tables.ethernetProtocols, protocolNumber)])),
            .init("sll_ifindex", Style.ifindex(b.uint32(at: 4))),
            .init("sll_hatype", Style.xval(Tables.arpHardwareTypes, UInt64(b.uint16(at: 8)))),
            .init("sll_pkttype", Style.xval(Tables.packetTypes, UInt64(b[10]))),
            .init("sll_halen", .uint(UInt64(b[11]))),
        ]
        let halen = Int(b[11])
        if halen > 0 {
            let inBounds = length - 12
            var items: [Value] = []
            for i in 0 ..< halen {
                if i >= inBounds {
                    items.append(Style.more)
                    break
                }
                items.append(Style.hexPadded(UInt64(b[12 + i]), bytes: 1))
            }
            fields.append(.init("sll_addr", .array(items, more: false)))
        }
        return fields
    }

    static func ipx(_ b: [UInt8]) -> [Value.Field] {
        let network = UInt64(UInt32(b[4]) << 24 | UInt32(b[5]) << 16 | UInt32(b[6]) << 8 | UInt32(b[7]))
        var fields: [Value.Field] = [
            .init("sipx_port", Style.port(b, at: 2)),
            .init("sipx_network", .call("htonl", [.hex(network)])),
            .init("sipx_node", .array(b[8 ..< 14].map { Style.hexPadded(UInt64($0), bytes: 1) }, more: false)),
            .init("sipx_type", Style.hexPadded(UInt64(b[14]), bytes: 1)),
        ]
        if b[15] != 0 { fields.append(.init("sipx_zero", .hex(UInt64(b[15])))) }
        return fields
    }

    static func vsock(_ b: [UInt8]) -> [Value.Field] {
        var fields: [Value.Field] = []
        let reserved = b.uint16(at: 2)
        if reserved != 0 { fields.append(.init("svm_reserved1", .hex(UInt64(reserved)))) }
        fields.append(.init("svm_cid", Style.xval(Tables.vsockCids, UInt64(b.uint32(at: 8)))))
        fields.append(.init("svm_port", Style.xval(Tables.vsockPorts, UInt64(b.uint32(at: 4)))))
        fields.append(.init("svm_flags", Style.flags(Tables.vsockFlags, UInt64(b[12]))))
        if b[13] != 0 || b[14] != 0 || b[15] != 0 { fields.append(.init("svm_zero", .hexString(Array(b[13 ..< 16])))) }
        return fields
    }

    static func xdp(_ b: [UInt8]) -> [Value.Field] {
        let flags = UInt64(b.uint16(at: 2))
        var fields: [Value.Field] = [
            .init("sxdp_flags", Style.flags(Tables.xdpSockaddrFlags, flags)),
            .init("sxdp_ifindex", Style.ifindex(b.uint32(at: 4))),
            .init("sxdp_queue_id", .uint(UInt64(b.uint32(at: 8)))),
        ]
        let umem = b.uint32(at: 12)
        if flags & 1 != 0 { // XDP_SHARED_UMEM
            fields.append(.init("sxdp_shared_umem_fd", .fd(Int64(Int32(bitPattern: umem)), annotation: nil)))
        } else if umem != 0 {
            fields.append(.init("sxdp_shared_umem_fd", .hex(UInt64(umem))))
        }
        return fields
    }

    static func mctp(_ b: [UInt8]) -> [Value.Field] {
        var fields: [Value.Field] = []
        let pad0 = b.uint16(at: 2)
        if pad0 != 0 { fields.append(.init("__smctp_pad0", .hex(UInt64(pad0)))) }
        fields.append(.init("smctp_network", Style.xval(Tables.mctpNets, UInt64(b.uint32(at: 4)))))
        fields.append(.init("smctp_addr", .structure([.init("s_addr", Style.xval(Tables.mctpAddrs, UInt64(b[8])))])))
        fields.append(.init("smctp_type", .hex(UInt64(b[9]))))
        fields.append(.init("smctp_tag", .hex(UInt64(b[10]))))
        if b[11] != 0 { fields.append(.init("__smctp_pad1", .hex(UInt64(b[11])))) }
        return fields
    }

    static func ieee802154(_ b: [UInt8]) -> [Value.Field] {
        let type = UInt64(b.uint32(at: 4))
        var inner: [Value.Field] = [
            .init("addr_type", Style.xvalVerbose(Tables.ieee802154AddrTypes, type)),
            .init("pan_id", Style.xvalVerbose(Tables.ieee802154PanIds, UInt64(b.uint16(at: 8)))),
        ]
        switch type {
        case 0: break
        case 2: inner.append(.init("short_addr", Style.xvalVerbose(Tables.ieee802154Addrs, UInt64(b.uint16(at: 10)))))
        default: inner.append(.init("hwaddr", Style.mac(b[10 ..< 18])))
        }
        return [.init("addr", .structure(inner))]
    }

    static func alg(_ b: [UInt8], length: Int) -> [Value.Field] {
        let feat = UInt64(b.uint32(at: 16)), mask = UInt64(b.uint32(at: 20))
        return [
            .init("salg_type", cString(b[2 ..< 16])),
            .init("salg_feat", verboseFlags(Tables.algSockaddrFlags, feat)),
            .init("salg_mask", verboseFlags(Tables.algSockaddrFlags, mask)),
            .init("salg_name", cString(b[24 ..< length])),
        ]
    }

    /// PRINT_FIELD_FLAGS_VERBOSE: `0x200 /* CRYPTO_ALG_KERN_DRIVER_ONLY */`, `0`.
    static func verboseFlags(_ table: Xlat, _ v: UInt64) -> Value {
        if v == 0 { return .int(0) }
        guard case .flags(let names, let rest, _, _) = Style.flags(table, v) else { return .hex(v) }
        var text = names.joined(separator: "|")
        if rest != 0 { text += (text.isEmpty ? "" : "|") + formatHex(rest) }
        if names.isEmpty { text = table.unknown }
        return .commented(.hex(v), text)
    }

    static func nfc(_ b: [UInt8], length: Int) -> [Value.Field] {
        var fields: [Value.Field] = [
            .init("dev_idx", Style.ifindex(b.uint32(at: 4))),
            .init("target_idx", .hex(UInt64(b.uint32(at: 8)))),
            .init("nfc_protocol", Style.xval(Tables.nfcSockaddrProtocols, UInt64(b.uint32(at: 12)))),
        ]
        let llcpSize = 96
        guard length >= llcpSize else {
            if length > 16 { fields.append(.init(nil, Style.more)) }
            return fields
        }
        let nameLength = b.uint64(at: 88)
        fields.append(.init("dsap", Style.xvalVerbose(Tables.nfcSaps, UInt64(b[16]))))
        fields.append(.init("ssap", Style.xvalVerbose(Tables.nfcSaps, UInt64(b[17]))))
        fields.append(.init("service_name", .string(Array(b[18 ..< 18 + Int(min(63, nameLength))]), truncated: false)))
        fields.append(.init("service_name_len", .uint(nameLength)))
        return fields
    }

    static func rxrpc(_ b: [UInt8], length: Int) -> [Value.Field] {
        let transportLength = Int(b.uint16(at: 6))
        let available = min(transportLength, length - 8)
        let rest = max(0, available - 2)
        let family = UInt64(b.uint16(at: 8))
        var transport: [Value.Field]
        func tail() -> [Value.Field] { rest > 0 ? [.init(nil, .string(Array(b[10 ..< 10 + rest]), truncated: false))] : [] }
        switch family {
        case 2:
            transport = [.init("sin_family", Style.xval(Tables.addressFamilies, family))]
            if transportLength >= 16 {
                transport += [.init("sin_port", Style.port(b, at: 10)), .init("sin_addr", Style.inetAddr(b, at: 12))]
            } else {
                transport += tail()
            }
            transport = [.init("sin", .structure(transport))]
        case 10:
            var inner: [Value.Field] = [.init("sin6_family", Style.xval(Tables.addressFamilies, family))]
            if transportLength >= 24 {
                if case .structure(let f) = SocketAddress(bytes: Array(b[8 ..< 8 + max(available, 24)])).structure {
                    inner += f.dropFirst()
                }
            } else {
                inner += tail()
            }
            transport = [.init("sin6", .structure(inner))]
        default:
            transport = [.init("family", Style.xval(Tables.addressFamilies, family))] + tail()
        }
        return [
            .init("srx_service", Style.xvalVerbose(Tables.rxrpcServices, UInt64(b.uint16(at: 2)))),
            .init("transport_type", Style.xval(Tables.socketTypes, UInt64(b.uint16(at: 4)))),
            .init("transport_len", .uint(UInt64(transportLength))),
            .init("transport", .structure(transport)),
        ]
    }

    static func bluetooth(_ b: [UInt8], length: Int) -> [Value.Field] {
        func bdaddr(_ o: Int) -> Value { Style.mac(b[o ..< o + 6]) }
        switch length {
        case 4, 6:
            var fields: [Value.Field] = [.init("hci_dev", .call("htobs", [.uint(UInt64(b.uint16(at: 2)))]))]
            if length == 6 { fields.append(.init("hci_channel", Style.xval(Tables.hciChannels, UInt64(b.uint16(at: 4))))) }
            return fields
        case 8:
            return [.init("sco_bdaddr", bdaddr(2))]
        case 10:
            return [.init("rc_bdaddr", bdaddr(2)), .init("rc_channel", .uint(UInt64(b[8])))]
        case 12, 14:
            var fields: [Value.Field] = [
                .init("l2_psm", .call("htobs", [bluetoothL2(UInt64(b.uint16(at: 2)), Tables.bluetoothL2Psms, psm: true)])),
                .init("l2_bdaddr", bdaddr(4)),
                .init("l2_cid", .call("htobs", [bluetoothL2(UInt64(b.uint16(at: 10)), Tables.bluetoothL2Cids, psm: false)])),
            ]
            if length == 14 { fields.append(.init("l2_bdaddr_type", Style.xval(Tables.bdaddrTypes, UInt64(b[12])))) }
            return fields
        default:
            return [raw(Array(b[0 ..< length]))]
        }
    }

    /// An L2CAP PSM or CID: its name, `L2CAP_PSM_DYN_START+5`, or `0x.. /* L2CAP_PSM_??? */`.
    static func bluetoothL2(_ v: UInt64, _ table: Xlat, psm: Bool) -> Value {
        if let name = table.name(v) { return .symbol(name, raw: v) }
        if psm {
            if v >= 0x80 && v <= 0xff { return .verbatim("L2CAP_PSM_LE_DYN_START+\(v - 0x80)") }
            if v >= 0x1001 { return .verbatim("L2CAP_PSM_DYN_START+\(v - 0x1001)") }
        } else if v >= 0x40 {
            return .verbatim("L2CAP_CID_DYN_START+\(v - 0x40)")
        }
        return .unknownSymbol(raw: v, style: .hex, hint: table.unknown)
    }

    // MARK: AF_AX25

    enum AX25Style { case native, verbose, raw }

    /// check_ax25_address: a sane call sign prints as `N0CALL-5`, an odd one also in raw.
    static func ax25Style(_ call: ArraySlice<UInt8>) -> AX25Style {
        let c = Array(call)
        var style = AX25Style.native
        var spaceSeen = false, charSeen = false
        for i in 0 ..< 6 {
            var ch = c[i]
            if ch & 1 != 0 { style = .verbose }
            ch >>= 1
            if ch == 0x20 { spaceSeen = true } else { charSeen = true }
            let alnum = (ch >= 0x30 && ch <= 0x39) || (ch >= 0x41 && ch <= 0x5a)
            if !alnum && ch != 0x20 { style = .verbose }
            if ch != 0x20 && spaceSeen { style = .verbose }
            if ch < 0x20 || ch > 0x7e || ch == 0x2a || ch == 0x2f { return .raw }
        }
        if c[6] & ~UInt8(0x1e) != 0 { style = .verbose }
        if !charSeen && c[6] != 0 { style = .verbose }
        return style
    }

    static func ax25Text(_ call: ArraySlice<UInt8>) -> String {
        let c = Array(call)
        var end = 6
        while end > 0 && (c[end - 1] >> 1) == 0x20 { end -= 1 }
        var text = String(decoding: c[0 ..< end].map { $0 >> 1 }, as: UTF8.self) + "-"
        var ssid = (c[6] >> 1) & 0xf
        if ssid > 9 {
            text += "1"
            ssid -= 10
        }
        text += String(ssid)
        if text.hasPrefix("-0") { return "*" }
        return text
    }

    static func ax25Address(_ call: ArraySlice<UInt8>) -> Value {
        let rawValue = Value.structure([.init("ax25_call", .hexString(Array(call)))])
        switch ax25Style(call) {
        case .raw: return rawValue
        case .verbose: return .commented(rawValue, ax25Text(call))
        case .native: return .verbatim(ax25Text(call))
        }
    }

    static func ax25(_ b: [UInt8], length: Int) -> [Value.Field] {
        let ndigis = Int64(b.int32(at: 12))
        let full = ndigis != 0 || length > 16
        let core: [Value.Field] = [.init("sax25_call", ax25Address(b[2 ..< 9])), .init("sax25_ndigis", .int(ndigis))]
        guard full else { return core }
        var fields: [Value.Field] = [.init("fsa_ax25", .structure(core))]
        let hasDigis = min(max(0, length - 16) / 7, 8)
        let wantDigis = min(Int(max(ndigis, 0)), 8)
        let digis = min(hasDigis, wantDigis)
        if wantDigis > 0 {
            var items = (0 ..< digis).map { ax25Address(b[16 + $0 * 7 ..< 23 + $0 * 7]) }
            if wantDigis > hasDigis { items.append(Style.more) }
            fields.append(.init("fsa_digipeater", .array(items, more: false)))
        }
        if length > hasDigis * 7 + 16 { fields.append(.init(nil, Style.more)) }
        return fields
    }
}
