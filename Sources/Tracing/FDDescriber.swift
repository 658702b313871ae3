import Decoding
import Glibc

/// What `-y` and `-yy` write after a descriptor, read from /proc (no syscall in the tracee):
/// `3</etc/hosts>`, `3<socket:[12345]>` (-y), `3<TCP:[127.0.0.1:8888]>` (-yy).
public enum FDDescriber {
    public static func describe(pid: Int32, fd: Int64, sockets: Bool) -> String? {
        guard let target = readLink("/proc/\(pid)/fd/\(fd)") else { return nil }
        if sockets, target.hasPrefix("socket:["), let inode = UInt64(target.dropFirst(8).dropLast()) {
            if let text = socketText(pid: pid, inode: inode) { return "<" + text + ">" }
        }
        return "<" + escape(target) + ">"
    }

    static func escape(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case 0x20 ... 0x7e where byte != 0x3e && byte != 0x5c: out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = String(byte, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0 ..< n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The socket with this inode in the process's network namespace.
    static func socketText(pid: Int32, inode: UInt64) -> String? {
        for (file, proto, v6) in [("tcp", "TCP", false), ("tcp6", "TCPv6", true), ("udp", "UDP", false), ("udp6", "UDPv6", true)] {
            if let row = ProcNet.find(pid: pid, file: file, inode: inode) {
                let local = ProcNet.endpoint(row.local, v6: v6)
                let remote = ProcNet.endpoint(row.remote, v6: v6)
                let remoteEmpty = row.remote.hasSuffix(":0000") && row.remote.dropLast(5).allSatisfy { $0 == "0" }
                if remoteEmpty {
                    return "\(proto):[\(local)]"
                }
                return "\(proto):[\(local)->\(remote)]"
            }
        }
        if let path = ProcNet.unixPath(pid: pid, inode: inode) {
            return path.isEmpty ? "UNIX:[\(inode)]" : "UNIX:[\(inode),\"\(path)\"]"
        }
        return nil
    }
}

/// Rows of /proc/PID/net/{tcp,tcp6,udp,udp6,unix}.
public enum ProcNet {
    public struct Row: Sendable {
        public var local: String
        public var remote: String
        public var state: String
        public var txQueue: UInt64
        public var rxQueue: UInt64
        public var inode: UInt64
    }

    public static func readFile(_ path: String) -> String? {
        guard let f = fopen(path, "re") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n <= 0 { break }
            out.append(contentsOf: chunk[0 ..< n])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func find(pid: Int32, file: String, inode: UInt64) -> Row? {
        guard let text = readFile("/proc/\(pid)/net/\(file)") else { return nil }
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 10, UInt64(f[9]) == inode else { continue }
            let queues = f[4].split(separator: ":")
            return Row(local: String(f[1]), remote: String(f[2]), state: String(f[3]),
                       txQueue: UInt64(queues.first ?? "0", radix: 16) ?? 0,
                       rxQueue: UInt64(queues.last ?? "0", radix: 16) ?? 0, inode: inode)
        }
        return nil
    }

    /// `0100007F:22B8` → `127.0.0.1:8888`; IPv6 as inet_ntop prints it, in brackets.
    public static func endpoint(_ field: String, v6: Bool) -> String {
        let parts = field.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1], radix: 16) else { return field }
        let hex = Array(parts[0])
        var bytes: [UInt8] = []
        // The kernel prints each 32-bit word in host (little-endian) order.
        var word = 0
        while (word + 1) * 8 <= hex.count {
            let chunk = String(hex[word * 8 ..< word * 8 + 8])
            let value = UInt32(chunk, radix: 16) ?? 0
            bytes += [UInt8(value & 0xff), UInt8((value >> 8) & 0xff), UInt8((value >> 16) & 0xff), UInt8(value >> 24)]
            word += 1
        }
        if v6 { return "[" + Sockaddr.ipv6Text(bytes) + "]:\(port)" }
        return Sockaddr.ipv4Text(bytes, at: 0) + ":\(port)"
    }

    /// The path of a UNIX socket (empty when unnamed), or nil when it is not one.
    public static func unixPath(pid: Int32, inode: UInt64) -> String? {
        guard let text = readFile("/proc/\(pid)/net/unix") else { return nil }
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 7, UInt64(f[6]) == inode else { continue }
            return f.count >= 8 ? String(f[7]) : ""
        }
        return nil
    }
}
