/// socket(2)'s type and protocol, and the `socklen_t *` of accept/recvfrom/getsockname.
enum SocketValues {
    static func socketProtocol(_ raw: UInt64, family: UInt64) -> Value {
        switch family {
        case 2, 10: return Tables.ipProtocols.symbol(raw)
        case 16: return Tables.netlinkProtocols.symbol(raw)
        case 17: // AF_PACKET: the protocol is an ethertype in network order
            let host = UInt64(UInt16(truncatingIfNeeded: raw).byteSwapped)
            return .call("htons", [Tables.ethernetProtocols.symbol(host)])
        default: return .uint(raw)
        }
    }

    /// `[16]`, or `[128 => 16]` when the call changed it.
    static func socklen(_ c: DecodeContext, _ i: Int) -> Value {
        let address = c.arg(i)
        guard address != 0 else { return .null }
        var before: Int64?
        if case .int(let v)? = c.saved[i] { before = v }
        if !c.atExit {
            guard let v = c.memory.readInt32(address) else { return .pointer(address) }
            return .boxed(.int(Int64(v)))
        }
        guard c.succeeded, let after = c.memory.readInt32(address) else {
            if let before { return .boxed(.int(before)) }
            return .pointer(address)
        }
        if let before, before != Int64(after) {
            return .boxed(.changed(.int(before), .int(Int64(after))))
        }
        return .boxed(.int(Int64(after)))
    }
}
