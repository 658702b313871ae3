// name_to_handle_at's and open_by_handle_at's struct file_handle, memfd_secret's flags.

enum FileHandles {
    /// MAX_HANDLE_SZ: strace shows at most this many bytes of f_handle.
    static let maxHandleSize = 128

    /// f_handle after the 8-byte header: at most 128 bytes in hex (`...` after when
    /// handle_bytes says more; not cut at -s), `???` when they cannot be read.
    static func handleBytes(_ c: DecodeContext, address: UInt64, count: UInt32) -> Value {
        let length = min(Int(count), maxHandleSize)
        guard let bytes = c.memory.read(address &+ 8, count: length) else { return .verbatim("???") }
        guard Int(count) > length else { return .hexString(bytes) }
        return .joined([.hexString(bytes), .verbatim("")], separator: "...")
    }

    /// open_by_handle_at's `{handle_bytes=8, handle_type=1, f_handle="\x9d..."}`.
    static func given(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard let b = c.memory.read(address, count: 8) else { return .pointer(address) }
        let count = b.uint32(at: 0)
        return .structure([.init("handle_bytes", .uint(UInt64(count))), .init("handle_type", .int(Int64(b.int32(at: 4)))),
                           .init("f_handle", handleBytes(c, address: address, count: count))])
    }

    /// What name_to_handle_at reads at entry: the header's handle_bytes, when the header
    /// (8 bytes) can be read.
    static func capture(_ c: DecodeContext, address: UInt64) -> SavedValue {
        guard address != 0, let b = c.memory.read(address, count: 8) else { return .none }
        return .int(Int64(b.uint32(at: 0)))
    }

    /// name_to_handle_at's handle at the exit: `{handle_bytes=128 => 8, handle_type=1,
    /// f_handle="..."}` after a success, `{handle_bytes=4 => 8}` after EOVERFLOW, the size
    /// given alone after another failure; the address when the header could not be read at
    /// entry.
    static func filled(_ c: DecodeContext, address: UInt64, saved: SavedValue?) -> Value {
        guard case .int(let given)? = saved else { return .address(address) }
        var fields: [Value.Field] = [.init("handle_bytes", .uint(UInt64(given)))]
        let overflow = c.isError && c.returnValue == -75 // EOVERFLOW
        if c.succeeded || overflow, let b = c.memory.read(address, count: 8) {
            let count = b.uint32(at: 0)
            if Int64(count) != given { fields[0] = .init("handle_bytes", .changed(.uint(UInt64(given)), .uint(UInt64(count)))) }
            if c.succeeded {
                fields.append(.init("handle_type", .int(Int64(b.int32(at: 4)))))
                fields.append(.init("f_handle", handleBytes(c, address: address, count: count)))
            }
        }
        return .structure(fields)
    }
}
