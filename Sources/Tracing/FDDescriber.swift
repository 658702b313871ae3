import Decoding
import Files
import Glibc

/// What `-y` and `-yy` write after a descriptor, as strace 6.1 does, read from /proc and
/// NETLINK_SOCK_DIAG (no syscall in the tracee):
///   -y:  `3</etc/hosts>`, `3</tmp/gone>(deleted)`, `3<socket:[12345]>`, `3<pipe:[678]>`
///   -yy: `3<TCP:[127.0.0.1:8888]>`, `3<UNIX-STREAM:[1->2,"/run/x.sock"]>`,
///        `3</dev/null<char 1:3>>`, `3<pid:4242>` (a pidfd)
public enum FDDescriber {
    /// The parts of `--decode-fds=SET`, asked once instead of at each descriptor.
    public struct Wanted: Sendable {
        let path, socket, dev, pidfd: Bool
        public init(_ details: Set<FDDetail>) {
            path = details.contains(.path)
            socket = details.contains(.socket)
            dev = details.contains(.dev)
            pidfd = details.contains(.pidfd)
        }
        var isEmpty: Bool { !(path || socket || dev || pidfd) }
    }

    /// `--decode-fds=SET`: the first of socket, dev, pidfd that applies and is wanted, else
    /// the path when it is (strace's printfd); nil when nothing is shown.
    public static func describe(pid: Int32, fd: Int64, wanted: Wanted, hex: HexStrings = .none) -> FDDescription? {
        guard pid > 0, fd >= 0, fd <= Int64(Int32.max), !wanted.isEmpty else { return nil }
        guard let (path, deleted) = fdPath(pid: pid, fd: fd) else { return nil }
        let inode = socketInode(path)
        if wanted.socket, let inode {
            // `path` is `socket:[inode]`: the description depends on the details text alone.
            let described = SocketDiag.description(pid: pid, fd: fd, inode: inode) { text in
                FDDescription(text: angled(text), kind: .socket, path: path, socketProtocol: protocolName(text), inode: inode)
            }
            return described ?? FDDescription(text: angled(String(decoding: path, as: UTF8.self)), kind: .socket, path: path, inode: inode)
        }
        if wanted.dev, let device = deviceNumbers(path) {
            let quoted = quote(path[...], quotes: false, stopAtNul: false, escapeAngles: true, hex: hex)
            return FDDescription(text: angled(quoted + "<" + device + ">"), kind: .device, path: path, device: device)
        }
        if wanted.pidfd, path.elementsEqual("anon_inode:[pidfd]".utf8), let target = pidfdTarget(pid: pid, fd: fd) {
            return FDDescription(text: "<pid:\(target)>", kind: .pidfd, path: path, pid: target)
        }
        guard wanted.path else { return nil }
        var text = angledPath(path, hex: hex)
        if deleted { text += "(deleted)" }
        return FDDescription(text: text, kind: inode == nil ? .file : .socket, path: path, deleted: deleted, inode: inode)
    }

    /// What `-y` writes after `AT_FDCWD`: the link /proc/PID/cwd quoted as a path is, between
    /// angle brackets (strace's print_dirfd: the link as it reads, ` (deleted)` and all); nil
    /// when the link cannot be read or fills PATH_MAX (4096 bytes), as strace prints nothing then.
    public static func workingDirectory(pid: Int32, hex: HexStrings = .none) -> String? {
        guard pid > 0 else { return nil }
        let capacity = Int(PATH_MAX)
        let link: [UInt8]? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let n = readlink("/proc/\(pid)/cwd", buffer.baseAddress!, capacity)
            guard n >= 0, n < capacity else { return nil }
            return Array(UnsafeRawBufferPointer(start: buffer.baseAddress, count: n))
        }
        guard let link else { return nil }
        return angledPath(link, hex: hex)
    }

    /// A path as -y writes it: quoted as strace's print_quoted_string_ex with `<>` escaped,
    /// between `<` and `>` (`</tmp/a\74b>`).
    private static func angledPath(_ path: [UInt8], hex: HexStrings) -> String {
        guard hex != .all, printsAsIs(path, escapingAngles: true) else {
            return angled(quote(path[...], quotes: false, stopAtNul: false, escapeAngles: true, hex: hex))
        }
        // The path as it is, between `<` and `>`, made in one piece.
        return String(unsafeUninitializedCapacity: path.count + 2) { buffer in
            buffer[0] = UInt8(ascii: "<")
            _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).initialize(from: path)
            buffer[path.count + 1] = UInt8(ascii: ">")
            return path.count + 2
        }
    }

    /// `<text>`, made at its length (`"<" + text + ">"` made the string twice).
    private static func angled(_ text: String) -> String {
        var angled = "<"
        angled.reserveCapacity(text.utf8.count + 2)
        angled += text
        angled += ">"
        return angled
    }

    /// The protocol before the `:` of SocketDiag's text (`TCP`, `UNIX-STREAM`).
    private static func protocolName(_ text: String) -> String? {
        let found: String?? = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.firstIndex(of: UInt8(ascii: ":")).map { String(decoding: bytes[..<$0], as: UTF8.self) }
        }
        if let found { return found }
        return text.utf8.firstIndex(of: UInt8(ascii: ":")).map { String(text[..<$0]) }
    }

    /// The link text of /proc/PID/fd/FD. When the kernel appended " (deleted)" and the path
    /// with that suffix is not the file itself, the suffix is dropped and `deleted` is set
    /// (so a live file really named "x (deleted)" keeps its name).
    static func fdPath(pid: Int32, fd: Int64) -> ([UInt8], Bool)? {
        // The link is read into a stack buffer (asked at every descriptor a call shows): a
        // small one first, as most targets are short (a 4 KiB one was allocated on the heap).
        func readLink(capacity: Int) -> [UInt8]? {
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
                let n = ProcFDPath.with(pid: pid, fd: fd) { readlink($0, buffer.baseAddress!, capacity) } ?? -1
                guard n >= 0 else { return nil }
                return Array(UnsafeRawBufferPointer(start: buffer.baseAddress, count: n))
            }
        }
        var read = readLink(capacity: 256)
        if let first = read, first.count == 256 { read = readLink(capacity: 4096) }
        guard var path = read else { return nil }
        let suffix = " (deleted)".utf8
        guard path.count > suffix.count + 1, path.suffix(suffix.count).elementsEqual(suffix) else { return (path, false) }
        let link = "/proc/\(pid)/fd/\(fd)"
        var linked = stat()
        guard stat(link, &linked) == 0 else { return (path, false) }
        var named = stat()
        let same = withCString(path) { lstat($0, &named) } == 0 && named.st_ino == linked.st_ino && named.st_dev == linked.st_dev
        if same { return (path, false) }
        path.removeLast(suffix.count)
        return (path, true)
    }

    private static let socketPrefix = Array("socket:[".utf8)

    /// The inode of `socket:[N]`.
    static func socketInode(_ path: [UInt8]) -> UInt64? {
        let prefix = socketPrefix
        guard path.count > prefix.count + 1, path.starts(with: prefix), path.last == UInt8(ascii: "]") else { return nil }
        var inode: UInt64 = 0
        for digit in path[prefix.count ..< path.count - 1] {
            guard digit >= 0x30 && digit <= 0x39 else { return nil }
            let (times10, over1) = inode.multipliedReportingOverflow(by: 10)
            let (sum, over2) = times10.addingReportingOverflow(UInt64(digit - 0x30))
            guard !over1, !over2 else { return nil }
            inode = sum
        }
        return inode == 0 ? nil : inode
    }

    /// `char 1:3` or `block 7:0` for a device node (by stat of the path).
    static func deviceNumbers(_ path: [UInt8]) -> String? {
        guard path.first == UInt8(ascii: "/") else { return nil }
        var info = stat()
        guard withCString(path, { stat($0, &info) }) == 0 else { return nil }
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFCHR: kind = "char"
        case S_IFBLK: kind = "block"
        default: return nil
        }
        let dev = UInt64(info.st_rdev)
        let major = ((dev & 0x0000_0000_000f_ff00) >> 8) | ((dev & 0xffff_f000_0000_0000) >> 32)
        let minor = (dev & 0x0000_0000_0000_00ff) | ((dev & 0x0000_0fff_fff0_0000) >> 12)
        return "\(kind) \(major):\(minor)"
    }

    /// The `Pid:` line of /proc/PID/fdinfo/FD, when it names a process (not -1 or 0).
    static func pidfdTarget(pid: Int32, fd: Int64) -> Int32? {
        guard let text = Files.readText("/proc/\(pid)/fdinfo/\(fd)") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Pid:\t") {
            guard let value = Int32(line.dropFirst(5)), value > 0 else { return nil }
            return value
        }
        return nil
    }

    static func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        // On the stack: a path is at most a page (asked for each descriptor -yy shows).
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
            bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
            buffer[bytes.count] = 0
            return body(buffer.baseAddress!)
        }
    }

    /// strace's string_quote: `\"` `\\` `\f \n \r \t \v`, other bytes outside 0x20...0x7e in
    /// octal (three digits when an octal digit follows). Paths also escape `<` and `>`;
    /// `stopAtNul` ends the string at the first NUL.
    static func quote(_ bytes: ArraySlice<UInt8>, quotes: Bool, stopAtNul: Bool, escapeAngles: Bool,
                      hex: HexStrings = .none) -> String {
        // Nothing to escape (most paths): the bytes as they are.
        if hex != .all, printsAsIs(bytes, escapingAngles: escapeAngles) {
            let text = String(decoding: bytes, as: UTF8.self)
            return quotes ? "\"" + text + "\"" : text
        }
        var out: [UInt8] = quotes ? [0x22] : []
        out.reserveCapacity(bytes.count + 2)
        let shown = stopAtNul ? bytes.prefix { $0 != 0 } : bytes
        // -x: a name with a byte that is neither printable nor a blank, all in hex; -xx: all.
        let allHex = hex == .all || hex == .nonASCII && shown.contains { $0 > 0x7e || ($0 < 0x20 && !(0x09 ... 0x0d).contains($0)) }
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == 0 && stopAtNul { break }
            if allHex || hex == .nonASCIIChars && !((0x20 ... 0x7e).contains(c) && !(escapeAngles && (c == 0x3c || c == 0x3e)))
                && !(0x09 ... 0x0d).contains(c) {
                out += Array("\\x".utf8) + Array((c < 16 ? "0" : "").utf8) + Array(String(c, radix: 16).utf8)
                i = bytes.index(after: i)
                continue
            }
            switch c {
            case 0x22, 0x5c: out += [0x5c, c]
            case 0x0c: out += [0x5c, UInt8(ascii: "f")]
            case 0x0a: out += [0x5c, UInt8(ascii: "n")]
            case 0x0d: out += [0x5c, UInt8(ascii: "r")]
            case 0x09: out += [0x5c, UInt8(ascii: "t")]
            case 0x0b: out += [0x5c, UInt8(ascii: "v")]
            case 0x20 ... 0x7e where !(escapeAngles && (c == 0x3c || c == 0x3e)):
                out.append(c)
            default:
                let next = bytes.index(after: i)
                let pad = next < bytes.endIndex && bytes[next] >= 0x30 && bytes[next] <= 0x37
                out.append(0x5c)
                if pad || c >> 6 != 0 { out.append(0x30 + (c >> 6)) }
                if pad || c >> 3 != 0 { out.append(0x30 + ((c >> 3) & 7)) }
                out.append(0x30 + (c & 7))
            }
            i = bytes.index(after: i)
        }
        if quotes { out.append(0x22) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The address fields of /proc/PID/net/{tcp,tcp6,udp,udp6}.
public enum ProcNet {
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
}
