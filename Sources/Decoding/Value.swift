import Glibc

/// A decoded argument or result, as a typed value. The strace text is one rendering of it
/// (`Value.render`); other renderers (JSON, explanations) read the same values.
///
/// Only the cases that hold another value, or a large payload, are `indirect` (kept in a box
/// on the heap): a number, a name, a string or an array is stored in the value itself, so that
/// decoding a call's arguments does not allocate a box for each of them.
public enum Value: Sendable, Equatable {
    /// A plain number.
    case number(Int64, NumberStyle)
    /// `NULL`.
    case null
    /// A pointer printed as its address, for memory that is not decoded or not readable.
    case pointer(UInt64)
    /// A named constant: `AF_INET`.
    case symbol(String, raw: UInt64)
    /// A number that a constant table does not know: `0x2c /* AF_??? */`.
    indirect case unknownSymbol(raw: UInt64, style: NumberStyle, hint: String)
    /// Bit flags: `SOCK_CLOEXEC|SOCK_NONBLOCK`, unknown bits `|0x40`.
    indirect case flags([String], rest: UInt64, raw: UInt64, hint: String)
    /// Bytes shown as a C string literal. `truncated` appends `...` after the closing quote.
    case string([UInt8], truncated: Bool)
    /// Bytes as a string with every byte in hex: `"\x01\x00"`.
    case hexString([UInt8])
    /// A file descriptor, with what `-y`/`-yy` say about it: `3<TCP:[127.0.0.1:8888]>`.
    case fd(Int64, annotation: FDDescription?)
    /// A value behind a pointer: `[1]`.
    indirect case boxed(Value)
    /// An in/out value that the call changed: `128 => 16`.
    indirect case changed(Value, Value)
    /// A structure: `{sa_family=AF_INET, sin_port=htons(8888)}`; a field without a name prints
    /// its value alone.
    case structure([Field])
    /// An array: `[a, b]`, with `...` when cut short.
    case array([Value], more: Bool)
    /// A function-like form: `htons(8888)`.
    case call(String, [Value])
    /// A value followed by a comment: `0x7ffd... /* 20 vars */`.
    indirect case commented(Value, String)
    /// Text written as is (`&sin6_addr`, `...`).
    case verbatim(String)
    /// Two values joined by an operator: `SIGCHLD|CLONE_VM` and the like.
    case joined([Value], separator: String)
    /// A socket address: its family, bytes and meaning; prints as strace's structure.
    indirect case socketAddress(SocketAddress)
    /// A value strace prints in its parts by default and as one number with `-X raw`, the parts
    /// in a comment after it with `-X verbose`: mmap's flags (`MAP_PRIVATE|MAP_ANONYMOUS`, `0x22`,
    /// `0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */`), a file mode (`S_IFREG|0644`, `0100644`), a
    /// resource limit (`8192*1024`, `8388608`), a device number (`makedev(0x1, 0x3)`, `0x103`).
    indirect case composite(Value, raw: Value)
    /// A value strace prints otherwise only with `-X raw` (`-X verbose` prints the value's own
    /// verbose form): FUTEX_WAKE_OP's `FUTEX_OP_SET<<28`, with -X raw `0<<28 /* FUTEX_OP_??? */`
    /// (strace's raw lookup finds no name, so the comment for an unknown one follows).
    indirect case rawForm(Value, raw: Value)
    /// A number strace prints as a macro-like expression of its parts by default, as the number
    /// with `-X raw`, and as the number with the expression (its constants in -X verbose style)
    /// in a comment with `-X verbose`: ioprio_set's `IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)`,
    /// `16388`, `16388 /* IOPRIO_PRIO_VALUE(0x2 /* IOPRIO_CLASS_BE */, 4) */`.
    indirect case expression(Value, raw: Value)

    public struct Field: Sendable, Equatable {
        public let name: String?
        public let value: Value
        public init(_ name: String?, _ value: Value) {
            self.name = name
            self.value = value
        }
    }
}

/// What `-y` and `-yy` say about a descriptor: the text strace writes after its number
/// (`<TCP:[127.0.0.1:8888]>`, `</etc/hosts>`, `</tmp/x>(deleted)`), and what it is made of.
///
/// A value kept behind one reference (it never changes once made): a descriptor without a
/// description, the common case, then costs `Value.fd` no box of its own on the heap.
public struct FDDescription: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// A file or anything else with a path (`/etc/hosts`, `pipe:[678]`, `anon_inode:[eventfd]`).
        case file
        /// A socket: its protocol (`TCP`, `UNIX-STREAM`) and inode, when known.
        case socket
        /// A character or block device (`/dev/null<char 1:3>`).
        case device
        /// A pidfd: the process it refers to.
        case pidfd
    }

    private final class Parts: Sendable {
        let text: String
        let kind: Kind
        let path: [UInt8]?
        let deleted: Bool
        let socketProtocol: String?
        let inode: UInt64?
        let device: String?
        let pid: Int32?

        init(text: String, kind: Kind, path: [UInt8]?, deleted: Bool, socketProtocol: String?, inode: UInt64?,
             device: String?, pid: Int32?) {
            self.text = text
            self.kind = kind
            self.path = path
            self.deleted = deleted
            self.socketProtocol = socketProtocol
            self.inode = inode
            self.device = device
            self.pid = pid
        }
    }

    private let parts: Parts

    /// What strace writes after the number, brackets included.
    public var text: String { parts.text }
    public var kind: Kind { parts.kind }
    /// The link's target in /proc/PID/fd (a file's path), as bytes.
    public var path: [UInt8]? { parts.path }
    /// The file was deleted (strace appends `(deleted)`).
    public var deleted: Bool { parts.deleted }
    /// A socket's protocol (`TCP`, `UDPv6`, `UNIX-STREAM`) and inode.
    public var socketProtocol: String? { parts.socketProtocol }
    public var inode: UInt64? { parts.inode }
    /// A device's numbers: `char 1:3`.
    public var device: String? { parts.device }
    /// A pidfd's process.
    public var pid: Int32? { parts.pid }

    public init(text: String, kind: Kind, path: [UInt8]? = nil, deleted: Bool = false, socketProtocol: String? = nil,
                inode: UInt64? = nil, device: String? = nil, pid: Int32? = nil) {
        parts = Parts(text: text, kind: kind, path: path, deleted: deleted, socketProtocol: socketProtocol, inode: inode,
                      device: device, pid: pid)
    }

    public static func == (a: FDDescription, b: FDDescription) -> Bool {
        a.parts === b.parts
            || (a.text == b.text && a.kind == b.kind && a.path == b.path && a.deleted == b.deleted
                && a.socketProtocol == b.socketProtocol && a.inode == b.inode && a.device == b.device && a.pid == b.pid)
    }
}

extension Value {
    public static func int(_ v: Int64) -> Value { .number(v, .decimal) }
    /// `-Y`'s pid with its process's name: `4242<sleep>` (an empty name adds nothing).
    public static func processID(_ pid: Int64, name: String) -> Value {
        guard !name.isEmpty else { return .int(pid) }
        return .joined([.int(pid), .verbatim("<" + StraceLine.processName(name) + ">")], separator: "")
    }
    public static func uint(_ v: UInt64) -> Value { .number(Int64(bitPattern: v), .unsigned) }
    public static func hex(_ v: UInt64) -> Value { .number(Int64(bitPattern: v), .hex) }
    public static func address(_ v: UInt64) -> Value { v == 0 ? .null : .pointer(v) }

    /// The clock_t unit (sysconf(_SC_CLK_TCK), USER_HZ: 100 on Linux): of times' struct tms
    /// and of si_utime and si_stime.
    public static let clockTicksPerSecond: UInt64 = UInt64(max(0, sysconf(Int32(_SC_CLK_TCK))))

    /// A clock_t as strace's print_clock_t prints it: the ticks, and when there are any, the
    /// seconds in a comment, the fraction as the remainder in as many digits as the tick rate
    /// has zeros (`3 /* 0.03 s */`, `150 /* 1.50 s */`, `0`); `-X raw` the ticks alone.
    /// `perSecond` is sysconf(_SC_CLK_TCK), 100 on Linux.
    public static func clockTicks(_ ticks: UInt64, perSecond: UInt64) -> Value {
        guard perSecond > 0, ticks > 0 else { return .uint(ticks) }
        var width = 0
        var rate = perSecond
        while rate >= 10 && width < 9 {
            rate /= 10
            width += 1
        }
        var fraction = String(ticks % perSecond)
        if fraction.count < width { fraction = String(repeating: "0", count: width - fraction.count) + fraction }
        return .rawForm(.commented(.uint(ticks), "\(ticks / perSecond).\(fraction) s"), raw: .uint(ticks))
    }

    /// Whether the value prints nothing in `style` (a note made to vanish with -X raw).
    func printsNothing(_ style: RenderStyle) -> Bool {
        if case .rawForm(_, raw: .verbatim("")) = self { return style.constants == .raw }
        return false
    }

    /// The strace text of this value.
    public func render() -> String {
        var out = ""
        render(into: &out)
        return out
    }

    public func render(into out: inout String) {
        render(into: &out, style: .standard)
    }

    /// The strace text of this value with `-X` and `-x` applied.
    public func render(style: RenderStyle) -> String {
        var out = ""
        render(into: &out, style: style)
        return out
    }

    public func render(into out: inout String, style: RenderStyle) {
        write(into: &out, style: style)
    }

    /// `render(into:style:)` for either kind of text (specialized for both in this module).
    func write<Out: StraceText>(into out: inout Out, style: RenderStyle) {
        switch self {
        case .number(let v, let style):
            appendNumber(v, style, to: &out)
        case .null:
            out.append(text: "NULL")
        case .pointer(let v):
            appendHex(v, to: &out)
        case .symbol(let name, let raw):
            guard style.constants != .abbrev else {
                out.append(text: name)
                return
            }
            out.append(text: Self.rawConstant(name, raw))
            if style.constants == .verbose { out.append(text: " /* " + name + " */") }
        case .unknownSymbol(let raw, let numberStyle, let hint):
            appendNumber(Int64(bitPattern: raw), numberStyle, to: &out)
            if style.constants != .raw {
                out.append(text: " /* ")
                out.append(text: hint)
                out.append(text: " */")
            }
        case .flags(let names, let rest, let raw, let hint):
            // An empty hint is strace's printflags without a default: 0 with no name prints
            // nothing, unknown bits alone their hex without a comment.
            if style.constants != .abbrev {
                guard raw != 0 || !hint.isEmpty || (style.constants == .verbose && !names.isEmpty) else { return }
                appendHex(raw, to: &out)
                guard style.constants == .verbose, raw != 0 || !names.isEmpty else { return }
                var comment = names.joined(separator: "|")
                if rest != 0 { comment += (names.isEmpty ? "" : "|") + formatHex(rest) }
                if names.isEmpty { comment = hint }
                if !comment.isEmpty { out.append(text: " /* " + comment + " */") }
                return
            }
            if names.isEmpty {
                if rest == 0 {
                    if !hint.isEmpty { out.append(text: "0") }
                } else {
                    appendHex(rest, to: &out)
                    if !hint.isEmpty {
                        out.append(text: " /* ")
                        out.append(text: hint)
                        out.append(text: " */")
                    }
                }
            } else {
                var first = true
                for name in names {
                    if !first { out.append(text: "|") }
                    out.append(text: name)
                    first = false
                }
                if rest != 0 {
                    out.append(text: "|")
                    appendHex(rest, to: &out)
                }
            }
        case .string(let bytes, let truncated):
            appendQuotedCString(bytes, hex: style.hexStrings, to: &out)
            if truncated { out.append(text: "...") }
        case .hexString(let bytes):
            out.append(text: Self.hexQuoted(bytes))
        case .fd(let v, let annotation):
            appendNumber(v, .decimal, to: &out)
            if let annotation { out.append(text: annotation.text) }
        case .boxed(let inner):
            out.append(text: "[")
            inner.write(into: &out, style: style)
            out.append(text: "]")
        case .changed(let before, let after):
            before.write(into: &out, style: style)
            out.append(text: " => ")
            after.write(into: &out, style: style)
        case .structure(let fields):
            out.append(text: "{")
            var first = true
            for field in fields {
                if !first { out.append(text: ", ") }
                first = false
                if style.constants != .abbrev, field.name == nil, let (name, text) = Self.rawAddressField(field.value, style) {
                    out.append(text: name)
                    out.append(text: "=")
                    out.append(text: text)
                    continue
                }
                if let name = field.name {
                    out.append(text: name)
                    out.append(text: "=")
                }
                field.value.write(into: &out, style: style)
            }
            out.append(text: "}")
        case .array(let items, let more):
            out.append(text: "[")
            var first = true
            for item in items {
                if !first { out.append(text: ", ") }
                first = false
                item.write(into: &out, style: style)
            }
            if more { out.append(text: first ? "..." : ", ...") }
            out.append(text: "]")
        case .call(let name, let args):
            if style.constants != .abbrev, let bytes = Self.networkBytes(name, args) {
                out.append(text: Self.hexQuoted(bytes))
                if style.constants == .verbose {
                    out.append(text: " /* ")
                    self.write(into: &out, style: RenderStyle(constants: .abbrev, hexStrings: style.hexStrings))
                    out.append(text: " */")
                }
                return
            }
            out.append(text: name)
            out.append(text: "(")
            var first = true
            for arg in args {
                if !first { out.append(text: ", ") }
                first = false
                arg.write(into: &out, style: style)
            }
            out.append(text: ")")
        case .commented(let inner, let comment):
            inner.write(into: &out, style: style)
            out.append(text: " /* ")
            out.append(text: comment)
            out.append(text: " */")
        case .verbatim(let text):
            out.append(text: text)
        case .joined(let parts, let separator):
            var first = true
            for part in parts {
                if !first { out.append(text: separator) }
                first = false
                part.write(into: &out, style: style)
            }
        case .socketAddress(let address):
            address.structure.write(into: &out, style: style)
        case .composite(let parts, let raw):
            Self.writeParts(parts, raw: raw, into: &out, style: style,
                            comment: RenderStyle(constants: .abbrev, hexStrings: style.hexStrings))
        case .rawForm(let value, let raw):
            (style.constants == .raw ? raw : value).write(into: &out, style: style)
        case .expression(let parts, let raw):
            Self.writeParts(parts, raw: raw, into: &out, style: style, comment: style)
        }
    }

    /// A composite or an expression: its parts, or with -X raw the number, with -X verbose the
    /// number and the parts (in `comment` style) in a comment.
    static func writeParts<Out: StraceText>(_ parts: Value, raw: Value, into out: inout Out, style: RenderStyle,
                                            comment: RenderStyle) {
        guard style.constants != .abbrev else {
            parts.write(into: &out, style: style)
            return
        }
        raw.write(into: &out, style: style)
        if style.constants == .verbose {
            out.append(text: " /* ")
            parts.write(into: &out, style: comment)
            out.append(text: " */")
        }
    }

    /// A named constant as a number for `-X raw` and `-X verbose`: in hex, except what strace
    /// prints in decimal (signal numbers, AT_FDCWD).
    static func rawConstant(_ name: String, _ raw: UInt64) -> String {
        if name == "AT_FDCWD" { return String(Int32(truncatingIfNeeded: raw)) }
        // A signal's number is decimal (not SIG_BLOCK's, nor sigev_notify's SIGEV_SIGNAL's).
        if name.hasPrefix("SIG"), !name.hasPrefix("SIG_"), !name.hasPrefix("SIGEV_"), raw < 256 { return String(raw) }
        return formatHex(raw)
    }

    /// `"\x7f\x00\x00\x01"`.
    static func hexQuoted(_ bytes: [UInt8]) -> String {
        var out = "\""
        for b in bytes {
            let h = String(b, radix: 16)
            out += h.count == 1 ? "\\x0" + h : "\\x" + h
        }
        return out + "\""
    }

    /// The bytes behind `htons(N)`, `htonl(N)` and `inet_addr("A.B.C.D")` (network order), which
    /// `-X raw` prints instead of the call.
    static func networkBytes(_ name: String, _ args: [Value]) -> [UInt8]? {
        guard args.count == 1 else { return nil }
        switch name {
        case "htons":
            guard let v = args[0].integer else { return nil }
            return [UInt8((v >> 8) & 0xff), UInt8(v & 0xff)]
        case "htonl":
            guard let v = args[0].integer else { return nil }
            return [UInt8((v >> 24) & 0xff), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)]
        case "inet_addr":
            guard case .string(let text, false) = args[0] else { return nil }
            let parts = String(decoding: text, as: UTF8.self).split(separator: ".", omittingEmptySubsequences: false)
            let bytes = parts.compactMap { UInt8($0) }
            return parts.count == 4 && bytes.count == 4 ? bytes : nil
        default:
            return nil
        }
    }

    /// `inet_pton(AF_INET6, "::1", &sin6_addr)` (a field without a name) as `-X raw` prints it:
    /// `sin6_addr="\x00..."`, with `-X verbose` the call in a comment (without its third argument).
    static func rawAddressField(_ value: Value, _ style: RenderStyle) -> (String, String)? {
        guard case .call("inet_pton", let args) = value, args.count == 3, case .symbol(let family, let raw) = args[0],
              case .string(let text, false) = args[1], case .verbatim(let target) = args[2], target.hasPrefix("&"),
              let bytes = ipv6Bytes(String(decoding: text, as: UTF8.self)) else { return nil }
        var out = hexQuoted(bytes)
        if style.constants == .verbose {
            let quoted = Value.string(text, truncated: false).render(style: RenderStyle(constants: .abbrev, hexStrings: style.hexStrings))
            out += " /* inet_pton(" + family + ", " + quoted + ") */"
        }
        _ = raw
        return (String(target.dropFirst()), out)
    }

    /// An IPv6 address's 16 bytes (inet_pton).
    static func ipv6Bytes(_ text: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    /// The number a plain value holds (an integer or a named constant).
    var integer: UInt64? {
        switch self {
        case .number(let v, _): return UInt64(bitPattern: v)
        case .symbol(_, let raw): return raw
        case .unknownSymbol(let raw, _, _): return raw
        default: return nil
        }
    }
}

/// `0` or `0x1f`, as strace's `%#lx`.
@inline(__always)
public func formatHex(_ v: UInt64) -> String {
    var out = ""
    appendHex(v, to: &out)
    return out
}

/// `formatHex` appended to `out`: the strace renderer builds each line in one buffer, so that
/// a number costs no string of its own.
@inline(__always)
public func appendHex<Out: StraceText>(_ v: UInt64, to out: inout Out) {
    if v == 0 {
        out.append(text: "0")
    } else {
        out.append(text: "0x")
        appendDigits(v, radix: 16, to: &out)
    }
}

public func formatNumber(_ v: Int64, _ style: NumberStyle) -> String {
    var out = ""
    appendNumber(v, style, to: &out)
    return out
}

/// `formatNumber` appended to `out`.
public func appendNumber<Out: StraceText>(_ v: Int64, _ style: NumberStyle, to out: inout Out) {
    switch style {
    case .decimal: appendDigits(v.magnitude, radix: 10, negative: v < 0, to: &out)
    case .unsigned: appendDigits(UInt64(bitPattern: v), radix: 10, to: &out)
    case .hex: appendHex(UInt64(bitPattern: v), to: &out)
    case .octal:
        out.append(text: "0")
        if v != 0 { appendDigits(UInt64(bitPattern: v), radix: 8, to: &out) }
    }
}

/// The digits of `magnitude` in `radix` (2 to 16, lowercase), after a `-` when `negative`,
/// appended to `out`. Made in a buffer on the stack: `String(v)` and `v.description` went
/// through the standard library's generic formatter (metadata lookups at every number), a
/// good part of the renderer's time. 64 binary digits and the sign fit in the buffer.
public func appendDigits<Out: StraceText>(_ magnitude: UInt64, radix: UInt64, negative: Bool = false, to out: inout Out) {
    precondition((2 ... 16).contains(radix), "radix \(radix)")
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65) { buffer in
        var start = buffer.count
        var rest = magnitude
        repeat {
            let digit = UInt8(truncatingIfNeeded: rest % radix)
            start -= 1
            buffer[start] = digit < 10 ? 0x30 + digit : 0x61 + digit - 10
            rest /= radix
        } while rest != 0
        if negative {
            start -= 1
            buffer[start] = 0x2d
        }
        out.append(utf8: UnsafeBufferPointer(rebasing: buffer[start...]))
    }
}

/// Bytes as strace quotes them: printable ASCII as is, `\"` and `\\`, the C escapes
/// `\t \n \v \f \r`, everything else in octal (`\0`, or `\000` when a digit follows).
public func quoteCString(_ bytes: [UInt8]) -> String {
    quoteCString(bytes, hex: .none)
}

/// `quoteCString(bytes, hex: hex)` appended to `out`. Bytes that need no escape (printable
/// ASCII but `"` and `\`, most strings a program passes) are appended as they are, without the
/// escaping pass and its buffer.
public func appendQuotedCString<Out: StraceText>(_ bytes: [UInt8], hex: HexStrings, to out: inout Out) {
    guard hex != .all, printsAsIs(bytes) else {
        out.append(text: quoteCString(bytes, hex: hex))
        return
    }
    out.append(text: "\"")
    bytes.withUnsafeBufferPointer { out.append(utf8: $0) }
    out.append(text: "\"")
}

/// Whether strace's string_quote writes `bytes` as they are: printable ASCII, no `"` or `\`,
/// and with `escapingAngles` (a `-y` path) no `<` or `>`. Inlinable, so that the tracer's
/// FDDescriber gets a copy made for its byte arrays: called through the generic Sequence it
/// cost about 100 instructions a byte, 4.2 million on `trace -yy python3 -c pass`.
@inlinable
public func printsAsIs<Bytes: Sequence<UInt8>>(_ bytes: Bytes, escapingAngles: Bool = false) -> Bool {
    bytes.allSatisfy { $0 >= 0x20 && $0 <= 0x7e && $0 != 0x22 && $0 != 0x5c && !(escapingAngles && ($0 == 0x3c || $0 == 0x3e)) }
}

/// `quoteCString` with `-x` (a string with a byte that is neither printable nor `\t\n\v\f\r`
/// all in hex), `-xx` (every string in hex) or `--strings-in-hex=non-ascii-chars` (`\x..`
/// instead of octal escapes).
public func quoteCString(_ bytes: [UInt8], hex: HexStrings) -> String {
    switch hex {
    case .none, .nonASCIIChars: break
    case .all: return Value.hexQuoted(bytes)
    case .nonASCII:
        if bytes.contains(where: { $0 > 0x7e || ($0 < 0x20 && !(0x09 ... 0x0d).contains($0)) }) { return Value.hexQuoted(bytes) }
    }
    var out: [UInt8] = [0x22]
    out.reserveCapacity(bytes.count + 2)
    let n = bytes.count
    var i = 0
    while i < n {
        let c = bytes[i]
        switch c {
        case 0x22: out.append(0x5c); out.append(0x22)
        case 0x5c: out.append(0x5c); out.append(0x5c)
        case 0x09: out.append(0x5c); out.append(0x74)
        case 0x0a: out.append(0x5c); out.append(0x6e)
        case 0x0b: out.append(0x5c); out.append(0x76)
        case 0x0c: out.append(0x5c); out.append(0x66)
        case 0x0d: out.append(0x5c); out.append(0x72)
        case 0x20...0x7e: out.append(c)
        default:
            out.append(0x5c)
            if hex == .nonASCIIChars {
                let digits = Array(String(c, radix: 16).utf8)
                out.append(UInt8(ascii: "x"))
                if digits.count == 1 { out.append(0x30) }
                out += digits
                i += 1
                continue
            }
            let nextIsOctalDigit = i + 1 < n && bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x37
            if nextIsOctalDigit || c >= 0o100 {
                out.append(0x30 + (c >> 6))
                out.append(0x30 + ((c >> 3) & 7))
                out.append(0x30 + (c & 7))
            } else if c >= 0o10 {
                out.append(0x30 + ((c >> 3) & 7))
                out.append(0x30 + (c & 7))
            } else {
                out.append(0x30 + c)
            }
        }
        i += 1
    }
    out.append(0x22)
    return String(decoding: out, as: UTF8.self)
}
