// keyctl's values: key ids, errors, what KEYCTL_DESCRIBE and KEYCTL_CAPABILITIES fill, the
// Diffie-Hellman and public key structs.

enum Keys {
    /// A key id: a special id by name (`KEY_SPEC_PROCESS_KEYRING`, `-2` with -X raw), any other
    /// as a signed number.
    static func serial(_ id: Int32) -> Value {
        decimalSymbol(Tables.keySpecs, Int64(id))
    }

    /// printxval_d: the name, a decimal number with -X raw and before the name's comment with
    /// -X verbose; an unknown value a number with the table's `/* X_??? */` when it has one.
    static func decimalSymbol(_ table: Xlat, _ v: Int64) -> Value {
        let raw = UInt64(bitPattern: v)
        if let name = table.name(raw) { return .composite(.symbol(name, raw: raw), raw: .int(v)) }
        if table.unknown.isEmpty { return .int(v) }
        return .unknownSymbol(raw: raw, style: .decimal, hint: table.unknown)
    }

    /// KEYCTL_REJECT's error (print_err, not negated): `ENOKEY` (`126`, `126 /* ENOKEY */`), `0`,
    /// an unknown one unsigned (`4294967295`).
    static func error(_ v: UInt32) -> Value {
        guard v > 0, v < UInt32(Int32.max), let name = ErrnoTable.name(Int(v)) else { return .uint(UInt64(v)) }
        return .composite(.symbol(name, raw: UInt64(v)), raw: .uint(UInt64(v)))
    }

    /// KEYCTL_DESCRIBE's and KEYCTL_GET_SECURITY's text, filled: as many bytes as the call
    /// returned (at most the buffer's size), cut at -s, a NUL at the end not shown (strace's
    /// QUOTE_OMIT_TRAILING_0, but for a string printed in hex); the address when the call failed.
    static func description(_ c: DecodeContext, address: UInt64, size: UInt64) -> Value {
        guard c.succeeded else { return .address(address) }
        guard address != 0 else { return .null }
        let length = c.returnValue >= 0 && UInt64(c.returnValue) > size ? size : UInt64(bitPattern: c.returnValue)
        let limit = UInt64(max(0, c.options.stringLimit))
        guard var bytes = c.memory.read(address, count: Int(min(length, limit + 1))) else { return .pointer(address) }
        if bytes.count > Int(limit) { bytes.removeLast(bytes.count - Int(limit)) }
        // strace drops the NUL only when it quotes the string in text: in hex (-xx, and -x,
        // which the NUL itself sends to hex) it shows it.
        let hex = c.options.style.hexStrings == .all || c.options.style.hexStrings == .nonASCII
        if bytes.last == 0, !hex {
            bytes.removeLast()
            return .string(bytes, truncated: false)
        }
        return .string(bytes, truncated: length > limit)
    }

    /// KEYCTL_CAPABILITIES' bytes, filled: `[KEYCTL_CAPS0_CAPABILITIES|..., KEYCTL_CAPS1_..., 0x10]`,
    /// as many as the call returned and the buffer holds.
    static func capabilities(_ c: DecodeContext, address: UInt64, size: UInt64) -> Value {
        guard c.succeeded else { return .address(address) }
        let count = min(size, UInt64(max(0, c.returnValue)))
        return Style.array(c, address: address, count: count, size: 1) { b, index in
            switch index {
            case 0: return Tables.keyctlCapabilities0.flags(UInt64(b[0]))
            case 1: return Tables.keyctlCapabilities1.flags(UInt64(b[0]))
            default: return .hex(UInt64(b[0]))
            }
        }
    }

    /// KEYCTL_DH_COMPUTE's struct keyctl_dh_params: `{private=1, prime=KEY_SPEC_..., base=-100}`.
    static func dhParams(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 12) else { return .pointer(address) }
        return .structure(["private", "prime", "base"].enumerated().map { k, name in .init(name, serial(b.int32(at: k * 4))) })
    }

    /// `__spare=[0, 0x5, ...]`, hex but 0, when any is not 0.
    static func spare(_ c: DecodeContext, _ b: [UInt8], at offset: Int, count: Int) -> Value.Field? {
        let words = (0 ..< count).map { b.uint32(at: offset + $0 * 4) }
        guard words.contains(where: { $0 != 0 }) else { return nil }
        let limit = c.options.arrayLimit
        let shown = words.prefix(limit).map { Value.hex(UInt64($0)) }
        return .init("__spare", .array(shown, more: words.count > limit))
    }

    /// KEYCTL_DH_COMPUTE's struct keyctl_kdf_params, read at the exit whatever -e verbose says
    /// (strace fetches it without asking): `{hashname="sha256", otherinfo="info", otherinfolen=4}`,
    /// otherinfo an address when otherinfolen is 0.
    static func kdfParams(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 56) else { return .pointer(address) }
        let otherLength = b.uint32(at: 16)
        var fields: [Value.Field] = [
            .init("hashname", Strings.cString(c, address: b.uint64(at: 0), limit: c.options.stringLimit)),
            .init("otherinfo", otherLength != 0 ? Strings.buffer(c, address: b.uint64(at: 8), length: UInt64(otherLength))
                                                : .address(b.uint64(at: 8))),
            .init("otherinfolen", .uint(UInt64(otherLength))),
        ]
        if let spare = spare(c, b, at: 20, count: 8) { fields.append(spare) }
        return .structure(fields)
    }

    /// KEYCTL_PKEY_QUERY's struct keyctl_pkey_query, filled (the address after a failure).
    static func pkeyQuery(_ c: DecodeContext, address: UInt64) -> Value {
        guard c.succeeded else { return .address(address) }
        guard address != 0 else { return .null }
        // supported_ops and key_size (u32), four u16 sizes, ten spare words: 56 bytes.
        guard let b = c.memory.read(address, count: 56) else { return .pointer(address) }
        var fields: [Value.Field] = [.init("supported_ops", Tables.keyctlPkeyOperations.flags(UInt64(b.uint32(at: 0)))),
                                     .init("key_size", .uint(UInt64(b.uint32(at: 4))))]
        for (k, name) in ["max_data_size", "max_sig_size", "max_enc_size", "max_dec_size"].enumerated() {
            fields.append(.init(name, .uint(UInt64(b.uint16(at: 8 + k * 2)))))
        }
        if let spare = spare(c, b, at: 16, count: 10) { fields.append(spare) }
        return .structure(fields)
    }

    /// struct keyctl_pkey_params (key_id, in_len, out_len or in2_len, 7 spare words), or nil
    /// when strace would print its address (unreadable, or -e verbose leaves it out).
    static func pkeyParamBytes(_ c: DecodeContext, address: UInt64) -> [UInt8]? {
        guard address != 0, c.options.dereference else { return nil }
        return c.memory.read(address, count: 40)
    }

    /// `{key_id=KEY_SPEC_PROCESS_KEYRING, in_len=3, out_len=6}` (`in2_len` for
    /// KEYCTL_PKEY_VERIFY, `output` false).
    static func pkeyParams(_ c: DecodeContext, address: UInt64, output: Bool) -> Value {
        guard let b = pkeyParamBytes(c, address: address) else { return .address(address) }
        var fields: [Value.Field] = [
            .init("key_id", serial(b.int32(at: 0))),
            .init("in_len", .uint(UInt64(b.uint32(at: 4)))),
            .init(output ? "out_len" : "in2_len", .uint(UInt64(b.uint32(at: 8)))),
        ]
        if let spare = spare(c, b, at: 12, count: 7) { fields.append(spare) }
        return .structure(fields)
    }

    /// A public key operation's data: as many bytes as the params' word at `lengthOffset`
    /// says (in_len 4, out_len/in2_len 8); the address when the params print as one, or
    /// (`output`) the call failed.
    static func pkeyData(_ c: DecodeContext, address: UInt64, paramsAddress: UInt64, lengthOffset: Int, output: Bool) -> Value {
        guard let b = pkeyParamBytes(c, address: paramsAddress), !output || c.succeeded else { return .address(address) }
        return Strings.buffer(c, address: address, length: UInt64(b.uint32(at: lengthOffset)))
    }
}
