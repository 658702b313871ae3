/// sendmmsg's and recvmmsg's vectors of `struct mmsghdr` and recvmmsg's timeout, as strace
/// 6.1 prints them (mmsghdr.c).
enum Mmsg {
    static let size = 64
    /// strace stops saving (and printing) entries after IOV_MAX of them.
    static let iovMax = 1024

    /// recvmmsg's entry: each entry's msg_namelen, until one cannot be read.
    static func capture(_ c: DecodeContext, address: UInt64, count: UInt64) -> SavedValue {
        var out: [UInt8] = []
        var cursor = address
        for _ in 0 ..< min(count, UInt64(iovMax)) {
            guard cursor != 0, let b = c.memory.read(cursor, count: size) else { break }
            out += withUnsafeBytes(of: b.uint32(at: 8).littleEndian, Array.init)
            cursor &+= UInt64(size)
        }
        return .bytes(out)
    }

    /// The vector at exit. sendmmsg: `vlen` entries, msg_len for the first `returned` ones;
    /// recvmmsg: the `returned` entries received, each with its data.
    static func vector(_ c: DecodeContext, index: Int, output: Bool) -> Value {
        let address = c.arg(index)
        if output {
            var names: [Int32] = []
            if case .bytes(let b)? = c.saved[index] {
                names = stride(from: 0, to: b.count, by: 4).map { b.int32(at: $0) }
            }
            let received = UInt64(bitPattern: c.returnValue)
            return entries(c, address: address, count: received, withLength: Int(truncatingIfNeeded: received),
                           names: names, useLength: true, fetchFails: !c.succeeded)
        }
        let sent = c.succeeded ? Int(c.returnValue) : 0
        return entries(c, address: address, count: c.uint(index + 1), withLength: sent, names: nil,
                       useLength: false, fetchFails: false)
    }

    static func entries(_ c: DecodeContext, address: UInt64, count: UInt64, withLength: Int, names: [Int32]?,
                        useLength: Bool, fetchFails: Bool) -> Value {
        var left = names.map(\.count) ?? iovMax
        var lengths = withLength
        return Style.array(c, address: address, count: count, size: size, fetchFails: fetchFails) { b, k in
            if left == 0 { return Style.more }
            left -= 1
            let userName = names.map { $0[k] }
            let msgLength = UInt64(b.uint32(at: 56))
            let header = MessageHeader.render(c, .init(b), userNameLength: userName, dataSize: useLength ? msgLength : nil)
            var fields: [Value.Field] = [.init("msg_hdr", header)]
            if lengths > 0 {
                fields.append(.init("msg_len", .uint(msgLength)))
                lengths -= 1
            }
            return .structure(fields)
        }
    }

    /// recvmmsg's timeout, as it was at entry.
    static func timeout(_ c: DecodeContext, index: Int) -> Value {
        if case .bytes(let text)? = c.saved[index] { return .verbatim(String(decoding: text, as: UTF8.self)) }
        return Time.value(c, address: c.arg(index), usec: false)
    }

    /// `= 2 (left {tv_sec=0, tv_nsec=999})`, `= 0 (Timeout)`.
    static func result(_ c: DecodeContext) -> CallResult {
        let v = c.returnValue
        if v == 0 { return .value(.int(0), note: .verbatim("Timeout")) }
        let timeout = c.arg(4)
        guard timeout != 0 else { return .value(.int(v), note: nil) }
        return .value(.int(v), note: .verbatim("left " + Time.text(c, address: timeout, usec: false)))
    }
}
