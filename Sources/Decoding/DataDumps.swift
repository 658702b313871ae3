/// `-e read=FDS` and `-e write=FDS`: the data a call read from or wrote to one of those
/// descriptors, dumped after its line as strace 6.1 dumps it (its dumpio, dumpstr, dumpiov):
///
///      | 00000  68 65 6c 6c 6f 0a                                hello.           |
///
/// writev-like calls and sendmsg/recvmsg show each buffer (` * 6 bytes in buffer 0`), the
/// mmsg calls each message first (` = 2 buffers in vector 0`).
public enum DataDump: Sendable, Equatable {
    /// ` = N buffers in vector I`
    case vector(buffers: UInt64, index: Int)
    /// ` * N bytes in buffer I`
    case buffer(bytes: UInt64, index: Int)
    /// The bytes, as hex and text, 16 a line.
    case data([UInt8])

    /// What strace dumps after `call`'s line, its memory read at the call's exit. A write is
    /// dumped whatever the call returned; a read only when it succeeded, as much as it read.
    public static func collect(_ call: DecodedCall, memory: any MemoryReader, reads: NumberSet, writes: NumberSet) -> [DataDump] {
        let args = call.rawArguments.padded
        let fd = Int32(truncatingIfNeeded: args[0])
        guard fd >= 0 else { return [] }
        var out: [DataDump] = []
        let unlimited = UInt64.max
        if writes.contains(Int(fd)) {
            switch call.name {
            case "write", "pwrite64", "send", "sendto", "mq_timedsend":
                out += data(memory, args[1], args[2])
            case "writev", "pwritev", "pwritev2", "vmsplice":
                out += vectors(memory, count: Int32(truncatingIfNeeded: args[2]), at: args[1], upTo: unlimited)
            case "sendmsg":
                out += messageBuffers(memory, at: args[1], upTo: unlimited)
            case "sendmmsg":
                if !call.failed { out += messages(memory, at: args[1], count: call.rawReturn) }
            default:
                break
            }
        }
        guard !call.failed, reads.contains(Int(fd)) else { return out }
        let returned = UInt64(bitPattern: call.rawReturn)
        switch call.name {
        case "read", "pread64", "recv", "recvfrom", "mq_timedreceive":
            out += data(memory, args[1], returned)
        case "readv", "preadv", "preadv2":
            out += vectors(memory, count: Int32(truncatingIfNeeded: args[2]), at: args[1], upTo: returned)
        case "recvmsg":
            out += messageBuffers(memory, at: args[1], upTo: returned)
        case "recvmmsg":
            out += messages(memory, at: args[1], count: call.rawReturn)
        default:
            break
        }
        return out
    }

    /// The bytes at `address`; nothing when they cannot be read.
    static func data(_ memory: any MemoryReader, _ address: UInt64, _ length: UInt64) -> [DataDump] {
        guard length > 0, length < 1 << 30, let bytes = memory.read(address, count: Int(length)) else { return [] }
        return [.data(bytes)]
    }

    /// `count` iovecs at `address`, each dumped up to what is left of `size` bytes; the first
    /// empty one ends it.
    static func vectors(_ memory: any MemoryReader, count: Int32, at address: UInt64, upTo size: UInt64) -> [DataDump] {
        guard count > 0, count <= 1 << 20, let raw = memory.read(address, count: Int(count) * 16) else { return [] }
        var left = size
        var out: [DataDump] = []
        for i in 0 ..< Int(count) {
            let base = raw.littleEndianUInt(at: i * 16, size: 8)
            let length = min(raw.littleEndianUInt(at: i * 16 + 8, size: 8), left)
            if length == 0 { break }
            left -= length
            out.append(.buffer(bytes: length, index: i))
            out += data(memory, base, length)
        }
        return out
    }

    /// The iovecs of the `struct msghdr` at `address`.
    static func messageBuffers(_ memory: any MemoryReader, at address: UInt64, upTo size: UInt64) -> [DataDump] {
        guard let header = memory.read(address, count: 56) else { return [] }
        return vectors(memory, count: Int32(truncatingIfNeeded: header.littleEndianUInt(at: 24, size: 8)),
                       at: header.littleEndianUInt(at: 16, size: 8), upTo: size)
    }

    /// The first `count` `struct mmsghdr` at `address`: each message's buffers, up to its msg_len.
    static func messages(_ memory: any MemoryReader, at address: UInt64, count: Int64) -> [DataDump] {
        var out: [DataDump] = []
        for i in 0 ..< Int(max(0, min(count, 1024))) {
            guard let entry = memory.read(address &+ UInt64(i * 64), count: 64) else { break }
            let buffers = entry.littleEndianUInt(at: 24, size: 8)
            out.append(.vector(buffers: buffers, index: i))
            out += vectors(memory, count: Int32(truncatingIfNeeded: buffers), at: entry.littleEndianUInt(at: 16, size: 8),
                           upTo: entry.littleEndianUInt(at: 56, size: 4))
        }
        return out
    }

    /// The lines strace prints for it, each without its newline.
    public var lines: [String] {
        switch self {
        case .vector(let buffers, let index): return [" = \(buffers) buffers in vector \(index)"]
        case .buffer(let bytes, let index): return [" * \(bytes) bytes in buffer \(index)"]
        case .data(let bytes): return Self.hexLines(bytes)
        }
    }

    /// ` | OFFSET  xx xx ... xx  xx ... xx  text |`, 16 bytes a line, the offset in 5 hex digits
    /// (more for a dump over 1 MiB).
    static func hexLines(_ bytes: [UInt8]) -> [String] {
        let count = bytes.count
        var width = 5
        if count > 1 << 20 {
            var bits = 0
            var v = count - 1
            while v > 1 { v >>= 1; bits += 1 }
            width = 1 + bits / 4
        }
        var lines: [String] = []
        var offset = 0
        while offset < count {
            var hex = ""
            var text = ""
            for i in 0 ..< 16 {
                if offset + i < count {
                    let b = bytes[offset + i]
                    hex += (b < 16 ? "0" : "") + String(b, radix: 16) + " "
                    text += (0x20 ... 0x7e).contains(b) ? String(UnicodeScalar(b)) : "."
                } else {
                    hex += "   "
                    text += " "
                }
                if i == 7 || i == 15 { hex += " " }
            }
            let position = String(offset, radix: 16)
            lines.append(" | " + String(repeating: "0", count: max(0, width - position.count)) + position + "  " + hex + text + " |")
            offset += 16
        }
        return lines
    }
}
