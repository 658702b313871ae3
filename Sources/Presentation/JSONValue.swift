/// A JSON value as read, numbers kept as their text so that 64-bit integers come back exact.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var int64: Int64? {
        if case .number(let text) = self { return Int64(text) }
        return nil
    }

    public var uint64: UInt64? {
        if case .number(let text) = self { return UInt64(text) }
        return nil
    }

    public var int: Int? { int64.flatMap { Int(exactly: $0) } }

    public var array: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// Parses one JSON text (RFC 8259); when it is not JSON, where (the byte offset) and why.
    public static func parse(_ text: String) -> Result<JSONValue, JSONSyntaxError> {
        var parser = Parser(bytes: Array(text.utf8))
        do throws(JSONSyntaxError) {
            parser.skipSpace()
            let value = try parser.value(depth: 0)
            parser.skipSpace()
            guard parser.i == parser.bytes.count else { throw JSONSyntaxError(offset: parser.i, message: "text after the value") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0a || bytes[i] == 0x0d || bytes[i] == 0x09 { i += 1 }
        }

        func fail(_ message: String) -> JSONSyntaxError { JSONSyntaxError(offset: i, message: message) }

        mutating func literal(_ word: String, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i ..< i + w.count]) == w else { throw fail("not a JSON value") }
            i += w.count
            return value
        }

        mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard depth < 64 else { throw fail("nested too deeply") }
            guard i < bytes.count else { throw fail("the text ends where a value should be") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var fields: [String: JSONValue] = [:]
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("a key (a string) was expected") }
                    let key = try string()
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("':' was expected") }
                    i += 1
                    skipSpace()
                    guard fields[key] == nil else { throw fail("the key '\(key)' comes twice") }
                    fields[key] = try value(depth: depth + 1)
                    skipSpace()
                    guard i < bytes.count else { throw fail("the object is not closed") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(fields) }
                    throw fail("',' or '}' was expected")
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [JSONValue] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < bytes.count else { throw fail("the array is not closed") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    throw fail("',' or ']' was expected")
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default:
                return try number()
            }
        }

        mutating func number() throws(JSONSyntaxError) -> JSONValue {
            let start = i
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
            func digits(_ p: inout Int) -> Int {
                let s = p
                while p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 { p += 1 }
                return p - s
            }
            guard digits(&i) > 0 else { throw fail("not a JSON value") }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digits(&i) > 0 else { throw fail("a digit was expected after '.'") }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits(&i) > 0 else { throw fail("a digit was expected in the exponent") }
            }
            return .number(String(decoding: bytes[start ..< i], as: UTF8.self))
        }

        mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
            guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i ..< i + 4], as: UTF8.self), radix: 16) else {
                throw fail("\\u needs four hex digits")
            }
            i += 4
            return v
        }

        mutating func string() throws(JSONSyntaxError) -> String {
            i += 1 // the opening quote
            var out: [UInt8] = []
            while true {
                guard i < bytes.count else { throw fail("the string is not closed") }
                let c = bytes[i]
                if c == UInt8(ascii: "\"") { i += 1; break }
                guard c >= 0x20 else { throw fail("a control character in a string") }
                if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
                i += 1
                guard i < bytes.count else { throw fail("the string is not closed") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xd800 && scalar < 0xdc00 {
                        guard i + 2 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw fail("a lone surrogate in \\u")
                        }
                        i += 2
                        let low = try hex4()
                        guard low >= 0xdc00 && low < 0xe000 else { throw fail("a lone surrogate in \\u") }
                        scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail("not a character: \\u") }
                    out += Array(String(Character(u)).utf8)
                default:
                    throw fail("an unknown escape in a string")
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// Why a text is not JSON: where (a byte offset) and what.
public struct JSONSyntaxError: Error, Sendable {
    public let offset: Int
    public let message: String
}
