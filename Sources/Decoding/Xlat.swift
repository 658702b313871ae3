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
    /// The entries by ascending value, the first of each value only (a value's name is its
    /// first entry's): `entries` itself when it is in that order already, as most tables are.
    /// A sorted array, not a dictionary: cheaper to make (a program's first calls make dozens
    /// of tables) and as quick to search.
    private let byValue: [Entry]

    public init(unknown: String, _ pairs: [(UInt64, String)]) {
        self.unknown = unknown
        let entries = pairs.map { Entry(value: $0.0, name: $0.1) }
        self.entries = entries
        if zip(entries, entries.dropFirst()).allSatisfy({ $0.value < $1.value }) {
            self.byValue = entries
        } else {
            // Ordered by value, then by position: the first entry of a value comes first.
            let order = entries.indices.sorted { a, b in
                entries[a].value != entries[b].value ? entries[a].value < entries[b].value : a < b
            }
            var unique: [Entry] = []
            unique.reserveCapacity(order.count)
            for i in order where unique.last?.value != entries[i].value { unique.append(entries[i]) }
            self.byValue = unique
        }
    }

    /// The name of `value`, if the table has one.
    public func name(_ value: UInt64) -> String? {
        var low = 0
        var high = byValue.count
        while low < high {
            let middle = (low + high) / 2
            let entry = byValue[middle]
            if entry.value == value { return entry.name }
            if entry.value < value { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// The value named `name`, if the table has it.
    public func value(named name: String) -> UInt64? {
        entries.first { $0.name == name }?.value
    }

    /// A single value: its name, or the number with strace's `/* X_??? */` comment.
    public func symbol(_ value: UInt64, unknownStyle: NumberStyle = .hex) -> Value {
        if let name = name(value) { return .symbol(name, raw: value) }
        return .unknownSymbol(raw: value, style: unknownStyle, hint: unknown)
    }

    /// A set of bit flags, in the table's order: `A|B`, unknown bits appended in hex, and
    /// `0x40 /* X_??? */` when no bit is known. Zero prints as the table's zero name or `0`.
    public func flags(_ value: UInt64) -> Value {
        if value == 0 {
            if let zero = name(0) { return .flags([zero], rest: 0, raw: 0, hint: unknown) }
            return .flags([], rest: 0, raw: 0, hint: unknown)
        }
        var names: [String] = []
        let rest = forEachFlag(in: value) { entry in
            // Room for a few at once: appending one by one made the array again for the second.
            if names.isEmpty { names.reserveCapacity(4) }
            names.append(entry.name)
        }
        return .flags(names, rest: rest, raw: value, hint: unknown)
    }

    /// The entries `flags` names for `value`, in the table's order: each whose bits are all in
    /// `value` and not all taken by an earlier one. Returns the bits no entry took.
    @discardableResult
    public func forEachFlag(in value: UInt64, _ body: (Entry) -> Void) -> UInt64 {
        var rest = value
        for entry in entries where entry.value != 0 && (value & entry.value) == entry.value && (rest & entry.value) != 0 {
            body(entry)
            rest &= ~entry.value
        }
        return rest
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
