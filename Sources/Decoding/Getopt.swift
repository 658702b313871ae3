/// GNU `getopt_long` as glibc 2.36 runs it for an option string that starts with `+` (the
/// first word that is not an option ends the options; `--` ends them too and is dropped): short
/// options bundle (`-fT`) and take their value attached (`-s2`) or as the next word (`-s 2`);
/// long options take theirs after `=` or as the next word (required values only), and may be
/// shortened to any prefix that names one option (or several that mean the same). The error
/// texts are glibc's, without the leading `PROGRAM: `.
///
/// One option at a time (`next()`), so that a caller can act on each in order and stop at the
/// first bad one, as a C program's `while ((c = getopt_long(...)) != -1)` loop does.
public struct Getopt: Sendable {
    public enum Value: Sendable, Equatable {
        case none
        case required
        /// Only as `--name=VALUE` (a long option; glibc's `optional_argument`).
        case optional
    }

    public struct LongOption: Sendable, Equatable {
        public let name: String
        public let value: Value
        /// What the option means: options with the same key, value and name-kind count as one
        /// when a prefix names several of them (glibc compares has_arg, flag and val).
        public let key: Int
        /// Only the whole name matches (no prefix): sockstep's own long options, kept out of
        /// strace's prefix matching so that every shortened strace option means what it means
        /// to strace.
        public let wholeNameOnly: Bool

        public init(_ name: String, _ value: Value, key: Int, wholeNameOnly: Bool = false) {
            self.name = name
            self.value = value
            self.key = key
            self.wholeNameOnly = wholeNameOnly
        }
    }

    /// An option found: its key (a short option's key is its character), its value, and the
    /// long option's table entry when it was written as a long option.
    public struct Found: Sendable, Equatable {
        public let key: Int
        public let argument: String?
        public let long: LongOption?
        /// A long option as written, without its `--` (`stack` for --stack-traces).
        public var written: String?
    }

    /// What glibc writes on stderr (after `PROGRAM: `) when an option is bad.
    public struct Failure: Error, Sendable, Equatable {
        public let message: String
    }

    /// By character: nil when it is no option, else whether it takes a value (an array, not a
    /// dictionary: nothing to hash for a table of one byte's values).
    let shortOptions: [Bool?]
    let longOptions: [LongOption]
    let arguments: [[UInt8]]
    /// The next word to look at.
    private(set) var index = 0
    /// The rest of a bundle of short options being read (`-fT`: `T` after `f`).
    private var cluster: ArraySlice<UInt8> = []
    private var finished = false

    /// `shortOptions` in getopt's syntax without the leading `+` (`"a:Ab:c"`: a letter, and a
    /// colon after one that takes a value).
    public init(arguments: [String], shortOptions: String, longOptions: [LongOption]) {
        var table = [Bool?](repeating: nil, count: 256)
        let bytes = Array(shortOptions.utf8)
        var i = 0
        while i < bytes.count {
            let takes = i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: ":")
            table[Int(bytes[i])] = takes
            i += takes ? 2 : 1
        }
        self.shortOptions = table
        self.longOptions = longOptions
        self.arguments = arguments.map { Array($0.utf8) }
    }

    /// The words after the options (the command and its arguments), once `next()` said nil.
    public var operands: [String] {
        arguments[min(index, arguments.count)...].map { String(decoding: $0, as: UTF8.self) }
    }

    /// The next option, nil when the options end.
    public mutating func next() throws(Failure) -> Found? {
        if finished { return nil }
        if !cluster.isEmpty { return try shortOption() }
        guard index < arguments.count else {
            finished = true
            return nil
        }
        let word = arguments[index]
        if word == Array("--".utf8) {
            index += 1
            finished = true
            return nil
        }
        guard word.count >= 2, word[0] == UInt8(ascii: "-") else {
            finished = true
            return nil
        }
        if word[1] == UInt8(ascii: "-") {
            return try longOption(word[2...])
        }
        cluster = word[1...]
        return try shortOption()
    }

    private mutating func shortOption() throws(Failure) -> Found {
        let c = cluster.removeFirst()
        if cluster.isEmpty { index += 1 }
        guard let takesValue = shortOptions[Int(c)], c != UInt8(ascii: ":"), c != UInt8(ascii: ";") else {
            throw Failure(message: "invalid option -- '\(Self.character(c))'")
        }
        guard takesValue else { return Found(key: Int(c), argument: nil, long: nil) }
        if !cluster.isEmpty {
            let value = String(decoding: cluster, as: UTF8.self)
            cluster = []
            index += 1
            return Found(key: Int(c), argument: value, long: nil)
        }
        guard index < arguments.count else {
            throw Failure(message: "option requires an argument -- '\(Self.character(c))'")
        }
        let value = String(decoding: arguments[index], as: UTF8.self)
        index += 1
        return Found(key: Int(c), argument: value, long: nil)
    }

    /// The option character as glibc prints it (`%c`; a byte that is not ASCII cannot be shown
    /// alone in a Swift string and becomes U+FFFD).
    static func character(_ c: UInt8) -> String {
        String(decoding: [c], as: UTF8.self)
    }

    private mutating func longOption(_ text: ArraySlice<UInt8>) throws(Failure) -> Found {
        let equals = text.firstIndex(of: UInt8(ascii: "="))
        let name = text[text.startIndex ..< (equals ?? text.endIndex)]
        let typed = "--" + String(decoding: text, as: UTF8.self)
        var found = longOptions.first { Array($0.name.utf8) == Array(name) }
        if found == nil {
            var ambiguous: [LongOption] = []
            for option in longOptions where !option.wholeNameOnly && option.name.utf8.starts(with: name) {
                guard let first = found else {
                    found = option
                    continue
                }
                if first.value != option.value || first.key != option.key {
                    if ambiguous.isEmpty { ambiguous.append(first) }
                    ambiguous.append(option)
                }
            }
            if !ambiguous.isEmpty {
                index += 1
                let names = ambiguous.map { " '--\($0.name)'" }.joined()
                throw Failure(message: "option '\(typed)' is ambiguous; possibilities:" + names)
            }
        }
        index += 1
        guard let option = found else {
            throw Failure(message: "unrecognized option '\(typed)'")
        }
        if let equals {
            guard option.value != .none else {
                throw Failure(message: "option '--\(option.name)' doesn't allow an argument")
            }
            return Found(key: option.key, argument: String(decoding: text[(equals + 1)...], as: UTF8.self), long: option,
                         written: String(decoding: text, as: UTF8.self))
        }
        if option.value == .required {
            guard index < arguments.count else {
                throw Failure(message: "option '--\(option.name)' requires an argument")
            }
            let value = String(decoding: arguments[index], as: UTF8.self)
            index += 1
            return Found(key: option.key, argument: value, long: option, written: String(decoding: text, as: UTF8.self))
        }
        return Found(key: option.key, argument: nil, long: option, written: String(decoding: text, as: UTF8.self))
    }
}
