/// A table of named constants, strace's "xlat": one small table per constant set, shared by
/// every decoder that prints such a value.
///
/// `unknown` is what strace writes in the comment after a value the table does not know,
/// for example `0x2c /* AF_??? */`.
public struct Xlat: Sendable {
    public struct Entry: Sendable {
        public let value: UInt64
        public let name: String
    }

    public let entries: [Entry]
    public let unknown: String
    private let byValue: [UInt64: String]

    public init(unknown: String, _ pairs: [(UInt64, String)]) {
        self.unknown = unknown
        self.entries = pairs.map { Entry(value: $0.0, name: $0.1) }
        var map: [UInt64: String] = [:]
        for pair in pairs where map[pair.0] == nil { map[pair.0] = pair.1 }
        self.byValue = map
    }

    /// The name of `value`, if the table has one.
    public func name(_ value: UInt64) -> String? { byValue[value] }

    /// The value named `name`, if the table has it.
    public func value(named name: String) -> UInt64? {
        entries.first { $0.name == name }?.value
    }

    /// A single value: its name, or the number with strace's `/* X_??? */` comment.
    public func symbol(_ value: UInt64, unknownStyle: NumberStyle = .hex) -> Value {
        if let name = byValue[value] { return .symbol(name, raw: value) }
        return .unknownSymbol(raw: value, style: unknownStyle, hint: unknown)
    }

    /// A set of bit flags, in the table's order: `A|B`, unknown bits appended in hex, and
    /// `0x40 /* X_??? */` when no bit is known. Zero prints as the table's zero name or `0`.
    public func flags(_ value: UInt64) -> Value {
        if value == 0 {
            if let zero = byValue[0] { return .flags([zero], rest: 0, raw: 0, hint: unknown) }
            return .flags([], rest: 0, raw: 0, hint: unknown)
        }
        var names: [String] = []
        var rest = value
        for entry in entries where entry.value != 0 && (value & entry.value) == entry.value && (rest & entry.value) != 0 {
            names.append(entry.name)
            rest &= ~entry.value
        }
        return .flags(names, rest: rest, raw: value, hint: unknown)
    }

    /// strace's printflags without a default: as `flags`, but 0 with no zero name prints
    /// nothing and unknown bits alone their hex without a comment (termios words, statx's
    /// AT_* flags after the sync type); with `-X raw`, 0 prints nothing at all.
    public func flagsWithoutDefault(_ value: UInt64) -> Value {
        guard case .flags(let names, let rest, let raw, _) = flags(value) else { return flags(value) }
        return .flags(names, rest: rest, raw: raw, hint: "")
    }
}

/// How a plain number prints.
public enum NumberStyle: Sendable, Equatable {
    case decimal
    case unsigned
    case hex
    case octal
}
