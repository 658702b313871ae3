/// The arguments of the socket calls as strace 6.1's net.c prints them: the address and
/// `socklen_t *` pair of accept/getsockname/recvfrom, getsockopt's value and length, send and
/// receive buffers (netlink messages on a netlink socket), socket(2)'s protocol by family.
enum SocketCalls {
    /// The length behind `lengthArg`, read at entry. strace decodes the pair only when both
    /// pointers are there and the length can be read (`addressArg` nil: only the length
    /// pointer counts, as for getsockopt); otherwise it prints both as addresses.
    static func captureLength(_ c: DecodeContext, addressArg: Int?, lengthArg: Int) -> SavedValue {
        if let addressArg, c.arg(addressArg) == 0 { return .none }
        guard c.arg(lengthArg) != 0, let v = c.memory.readInt32(c.arg(lengthArg)) else { return .none }
        return .int(Int64(v))
    }

    static func given(_ c: DecodeContext, _ index: Int) -> Int64? {
        if case .int(let v)? = c.saved[index] { return v }
        return nil
    }

    /// The length the call wrote, when it succeeded and it can be read.
    static func returnedLength(_ c: DecodeContext, lengthArg: Int) -> Int64? {
        guard c.succeeded, let v = c.memory.readInt32(c.arg(lengthArg)) else { return nil }
        return Int64(v)
    }

    /// accept's, getsockname's, recvfrom's address: decoded with the smaller of the length
    /// given and the length returned.
    static func address(_ c: DecodeContext, addressArg: Int, lengthArg: Int) -> Value {
        let raw = c.arg(addressArg)
        guard let given = given(c, addressArg), let returned = returnedLength(c, lengthArg: lengthArg) else {
            return .address(raw)
        }
        return Sockaddr.decode(c, address: raw, length: min(given, returned))
    }

    /// The `socklen_t *`: `[16]`, `[128 => 16]`, `[128]` after an error, the address when it
    /// was not read at entry.
    static func length(_ c: DecodeContext, addressArg: Int, lengthArg: Int) -> Value {
        let raw = c.arg(lengthArg)
        guard let given = given(c, lengthArg) else { return .address(raw) }
        guard let returned = returnedLength(c, lengthArg: lengthArg) else { return .boxed(.int(given)) }
        if given != returned { return .boxed(.changed(.int(given), .int(returned))) }
        return .boxed(.int(returned))
    }

    /// getsockopt's value: the address unless the call succeeded and both lengths are known.
    static func optionValue(_ c: DecodeContext, level: UInt64, name: UInt64, valueArg: Int, lengthArg: Int) -> Value {
        let raw = c.arg(valueArg)
        guard let given = given(c, valueArg), let returned = returnedLength(c, lengthArg: lengthArg) else {
            return .address(raw)
        }
        return SocketOptions.returned(c, level: level, name: name, address: raw, given: given, returned: returned)
    }

    /// sendto's and recvfrom's data: netlink messages on a netlink socket, else the bytes (the
    /// bytes on any socket when the call is not verbose: strace's decode_sockbuf).
    static func buffer(_ c: DecodeContext, fd: Int64, address: UInt64, length: UInt64) -> Value {
        if c.options.dereference, let family = c.options.netlinkProtocol?(c.pid, fd) {
            return Netlink.decode(c, family: family, address: address, length: length)
        }
        return Strings.buffer(c, address: address, length: length)
    }

    /// socket(2)'s protocol, read by family: strace compares the whole register with the
    /// families, prints a name from the low 32 bits, and a plain number from all 64.
    static func socketProtocol(_ full: UInt64, family: UInt64) -> Value {
        let raw = UInt64(UInt32(truncatingIfNeeded: full))
        switch family {
        case 2, 10: return Style.xval(Tables.ipProtocols, raw)
        case 3: return Style.xvalVerbose(Tables.ax25Protocols, full)           // AF_AX25 (printxval_ex: all 64 bits)
        case 16: return Style.xval(Tables.netlinkProtocols, raw)
        case 17:                                                                // AF_PACKET
            let host = UInt64(UInt16(truncatingIfNeeded: raw).byteSwapped)
            return .call("htons", [Style.xval(Tables.ethernetProtocols, host)])
        case 23: return .unknownOr(Tables.canProtocols, raw, hint: "IRDAPROTO_???")   // AF_IRDA
        case 29: return Style.xval(Tables.canProtocols, raw)
        case 31: return Style.xval(Tables.bluetoothProtocols, raw)
        case 33: return Style.xval(Tables.addressFamilies, raw)                 // AF_RXRPC
        case 34: return Style.xval(Tables.isdnProtocols, raw)
        case 35: return Style.xval(Tables.phonetProtocols, raw)
        case 37: return Style.xval(Tables.caifProtocols, raw)
        case 39: return Style.xval(Tables.nfcProtocols, raw)
        case 41: return Style.xval(Tables.kcmProtocols, raw)
        case 43: return Style.xval(Tables.smcProtocols, raw)
        default: return .uint(full)
        }
    }
}

extension Value {
    /// A value from `table` with another table's unknown text (strace prints AF_IRDA's
    /// protocol through the CAN table with `IRDAPROTO_???`).
    static func unknownOr(_ table: Xlat, _ v: UInt64, hint: String) -> Value {
        if let name = table.name(v) { return .symbol(name, raw: v) }
        return .unknownSymbol(raw: v, style: .hex, hint: hint)
    }
}
