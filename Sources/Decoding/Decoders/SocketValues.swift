/// The `socklen_t *` of accept/recvfrom/getsockname.
enum SocketValues {
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
