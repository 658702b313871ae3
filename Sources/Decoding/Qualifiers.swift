import Glibc

/// The sets strace's `-e NAME=SET` expressions select, parsed as strace 6.1 parses them: a
/// comma-separated list, `all`, `none`, and any number of leading `!` (each inverts the rest).
/// Each expression replaces what an earlier one of the same name selected.

/// A bad expression, in strace's words (`invalid system call 'lisen'`); `tryHelp` when strace
/// adds its `Try 'strace -h' for more information.` line.
public struct QualifierError: Error, Sendable, Equatable {
    public let message: String
    public let tryHelp: Bool

    public init(_ message: String, tryHelp: Bool = false) {
        self.message = message
        self.tryHelp = tryHelp
    }
}

/// Numbers as strace's number sets hold them: what is listed, and whether the set is the
/// inverse of the list (`!` or `all`).
public struct NumberSet: Sendable, Equatable {
    public var listed: Set<Int>
    public var inverted: Bool

    public init(listed: Set<Int> = [], inverted: Bool = false) {
        self.listed = listed
        self.inverted = inverted
    }

    public static let all = NumberSet(inverted: true)
    public static let none = NumberSet()

    public func contains(_ n: Int) -> Bool { listed.contains(n) != inverted }
    /// Whether nothing can be in it (strace's number_set_array_is_empty).
    public var isEmpty: Bool { listed.isEmpty && !inverted }
    public var isAll: Bool { listed.isEmpty && inverted }

    /// `-e read=`, `-e signal=`, `-e status=`, ...: `name` is the word strace's error says
    /// (`invalid descriptor 'x'`), `number` turns a token into its number (nil: invalid).
    public static func parse(_ text: String, name: String, number: (Substring) -> Int?) throws(QualifierError) -> NumberSet {
        var set = NumberSet()
        var rest = Substring(text)
        while rest.first == "!" {
            set.inverted.toggle()
            rest = rest.dropFirst()
        }
        if rest == "none" { return set }
        if rest == "all" {
            set.inverted.toggle()
            return set
        }
        var any = false
        for token in rest.split(separator: ",", omittingEmptySubsequences: true) {
            guard let n = number(token) else { throw QualifierError("invalid \(name) '\(token)'") }
            set.listed.insert(n)
            any = true
        }
        if !any { throw QualifierError("invalid \(name) '\(text)'") }
        return set
    }
}

/// strace's `string_to_uint_ex`: a decimal number as `strtoll` reads it (leading blanks and a
/// sign allowed), at most `max`, ending at the end of the text or at one of `endings`. Returns
/// the number and where it stopped.
public func cUnsigned(_ text: Substring, max: Int64 = Int64(Int32.max), endings: String = "") -> (value: Int64, rest: Substring)? {
    var s = text.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\u{0B}" || $0 == "\u{0C}" || $0 == "\r" }
    var negative = false
    if let sign = s.first, sign == "+" || sign == "-" {
        negative = sign == "-"
        s = s.dropFirst()
    }
    let digits = s.prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty else { return nil }
    var value: Int64 = 0
    for d in digits.utf8 {
        let (times, o1) = value.multipliedReportingOverflow(by: 10)
        let (plus, o2) = times.addingReportingOverflow(Int64(d - 0x30))
        if o1 || o2 { return nil }
        value = plus
    }
    if negative { value = -value }
    guard value >= 0, value <= max else { return nil }
    let rest = s[digits.endIndex...]
    if let c = rest.first, !endings.contains(c) { return nil }
    return (value, rest)
}

/// A whole-text unsigned number (strace's `string_to_uint_upto`).
public func cUnsignedWhole(_ text: Substring, max: Int64 = Int64(Int32.max)) -> Int? {
    guard let (value, rest) = cUnsigned(text, max: max), rest.isEmpty else { return nil }
    return Int(value)
}

/// Syscalls selected by `-e trace=`, `-e abbrev=`, `-e verbose=`, `-e raw=` and the set part of
/// `-e inject=`, for each table a process can call with: 64-bit, 32-bit (i386) and x32.
public struct SyscallSet: Sendable, Equatable {
    /// Each table's numbers as bits (`all` is made at every start: a bit array is 24 words,
    /// where sets of Ints were 1,450 hashed inserts).
    private var x86_64Bits = NumberBits()
    private var i386Bits = NumberBits()
    private var x32Bits = NumberBits()

    /// x86_64 numbers.
    public var x86_64: Set<Int> { x86_64Bits.members }
    /// i386 numbers.
    public var i386: Set<Int> { i386Bits.members }
    /// x32 numbers without the x32 bit (512 and up: the x32-only calls).
    public var x32: Set<Int> { x32Bits.members }

    public init(x86_64: Set<Int> = [], i386: Set<Int> = [], x32: Set<Int> = []) {
        for n in x86_64 { x86_64Bits.insert(n) }
        for n in i386 { i386Bits.insert(n) }
        for n in x32 { x32Bits.insert(n) }
    }

    static let x86_64Count = SyscallTable.names.count
    static let i386Count = I386SyscallTable.names.count
    static let x32Count = 512 + SyscallTable.x32High.count

    public static let all: SyscallSet = {
        var all = SyscallSet()
        all.invert()
        return all
    }()

    public var isAll: Bool { self == Self.all }
    public var isEmpty: Bool { x86_64Bits.isEmpty && i386Bits.isEmpty && x32Bits.isEmpty }

    /// Whether call `number` of a process in `personality` is in the set (`number` as the
    /// kernel reports it: an x32 number has its x32 bit).
    public func contains(_ number: UInt64, personality: Personality) -> Bool {
        guard number < 0x1_0000_0000 else { return false }
        switch personality {
        case .x86_64: return x86_64Bits.contains(Int(number))
        case .i386: return i386Bits.contains(Int(number))
        case .x32: return x32Bits.contains(Int(number & ~UInt64(0x4000_0000)))
        }
    }

    /// The names of the calls in one table, index = number (nil: no name).
    static func names(_ personality: Personality) -> [String?] {
        switch personality {
        case .x86_64: return SyscallTable.names
        case .i386: return I386SyscallTable.names
        case .x32: return (0 ..< x32Count).map { SyscallTable.x32Name($0) }
        }
    }

    static let tables: [(Personality, String)] = [(.x86_64, "64"), (.i386, "32"), (.x32, "x32")]

    private mutating func insert(_ n: Int, _ personality: Personality) {
        switch personality {
        case .x86_64: x86_64Bits.insert(n)
        case .i386: i386Bits.insert(n)
        case .x32: x32Bits.insert(n)
        }
    }

    private mutating func invert() {
        x86_64Bits.invert(below: Self.x86_64Count)
        i386Bits.invert(below: Self.i386Count)
        x32Bits.invert(below: Self.x32Count)
    }

    /// strace's qualify_syscall_tokens: `[!]...` then `none`, `all`, or tokens
    /// `[?]{NAME|NUMBER|%CLASS|CLASS|/REGEX}[@64|@32|@x32]`.
    public static func parse(_ text: String) throws(QualifierError) -> SyscallSet {
        var set = SyscallSet()
        var rest = Substring(text)
        var inverted = false
        while rest.first == "!" {
            inverted.toggle()
            rest = rest.dropFirst()
        }
        if rest == "all" { inverted.toggle() }
        if rest != "none" && rest != "all" {
            var done = false
            for token in rest.split(separator: ",", omittingEmptySubsequences: true) {
                done = try set.add(token)
                if !done { throw QualifierError("invalid system call '\(token)'") }
            }
            if !done { throw QualifierError("invalid system call '\(text)'") }
        }
        if inverted { set.invert() }
        return set
    }

    /// One token; false when it names nothing (and is not optional).
    private mutating func add(_ whole: Substring) throws(QualifierError) -> Bool {
        var token = whole
        var found = false
        while token.first == "?" {
            token = token.dropFirst()
            found = true
        }
        if let at = token.lastIndex(of: "@") {
            let designator = token[token.index(after: at)...]
            guard let table = Self.tables.first(where: { $0.1 == designator }) else {
                throw QualifierError("incorrect personality designator '\(designator)' in qualification '\(token)'", tryHelp: true)
            }
            return try add(token[..<at], table.0) || found
        }
        for (personality, _) in Self.tables {
            if try add(token, personality) { found = true }
        }
        return found
    }

    private mutating func add(_ token: Substring, _ personality: Personality) throws(QualifierError) -> Bool {
        let count = Self.count(personality)
        if let first = token.first, first.isASCII, first.isNumber {
            guard let n = cUnsignedWhole(token), n < count, Self.isNamed(n, personality) else { return false }
            insert(n, personality)
            return true
        }
        if token.first == "/" {
            let matches = try Self.regexMatches(String(token.dropFirst()), Self.names(personality))
            for n in matches { insert(n, personality) }
            return !matches.isEmpty
        }
        // Classes and names by number: no name is built or hashed (a filtered trace parses
        // this at every start).
        if let selection = Self.classSelection(token) {
            for n in 0 ..< count where Self.isNamed(n, personality) {
                switch selection {
                case .all: insert(n, personality)
                case .bits(let bits): if SyscallClasses.mask(n, personality) & bits != 0 { insert(n, personality) }
                }
            }
            return true
        }
        var found = false
        for n in 0 ..< count where Self.name(n, personality, is: token) {
            insert(n, personality)
            found = true
        }
        return found
    }

    /// How many numbers the table of `personality` has (x32: without the x32 bit).
    static func count(_ personality: Personality) -> Int {
        switch personality {
        case .x86_64: return x86_64Count
        case .i386: return i386Count
        case .x32: return x32Count
        }
    }

    /// Whether strace has a name for call `n` of `personality`.
    static func isNamed(_ n: Int, _ personality: Personality) -> Bool {
        switch personality {
        case .x86_64: return SyscallTable.names[n] != nil
        case .i386: return I386SyscallTable.names[n] != nil
        case .x32: return n < 512 ? n < SyscallTable.names.count && SyscallTable.names[n] != nil : SyscallTable.x32High[n - 512] != nil
        }
    }

    /// Whether call `n` of `personality` is called `token` (as `names` spells it: an x32 number
    /// below 512 that the x32 ABI lacks is `NAME#64`).
    static func name(_ n: Int, _ personality: Personality, is token: Substring) -> Bool {
        switch personality {
        case .x86_64:
            return SyscallTable.names[n].map { token == $0 } ?? false
        case .i386:
            return I386SyscallTable.names[n].map { token == $0 } ?? false
        case .x32:
            guard n < 512 else { return SyscallTable.x32High[n - 512].map { token == $0 } ?? false }
            guard n < SyscallTable.names.count, let base = SyscallTable.names[n] else { return false }
            if SyscallTable.x32Missing.contains(n) { return token.hasSuffix("#64") && token.dropLast(3) == base }
            return token == base
        }
    }

    enum ClassSelection {
        /// `all`: every call.
        case all
        /// The calls whose class bits (SyscallClasses.mask) meet these.
        case bits(UInt32)
    }

    /// The classes strace 6.1 knows: `%desc` ... and the old names without `%`; `all` as a
    /// token is every call. Membership comes from the x86_64 table (a 32-bit or x32 call is in
    /// a class when the x86_64 call of its name is: SyscallClasses.mask).
    static func classSelection(_ token: Substring) -> ClassSelection? {
        if token == "all" { return .all }
        let name: Substring
        if token.hasPrefix("%") {
            name = token.dropFirst()
        } else {
            switch token {
            case "desc", "file", "memory", "process", "signal", "ipc", "network": name = token
            default: return nil
            }
        }
        return SyscallClasses.bit(name).map { .bits($0) }
    }

    /// Numbers of the names a POSIX extended regular expression matches anywhere (regcomp with
    /// REG_EXTENDED | REG_NOSUB, as strace).
    static func regexMatches(_ pattern: String, _ names: [String?]) throws(QualifierError) -> [Int] {
        var regex = regex_t()
        let rc = regcomp(&regex, pattern, REG_EXTENDED | REG_NOSUB)
        if rc != 0 {
            var buffer = [CChar](repeating: 0, count: 512)
            regerror(rc, &regex, &buffer, buffer.count)
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw QualifierError("regcomp: \(pattern): \(text)")
        }
        defer { regfree(&regex) }
        var out: [Int] = []
        for (n, name) in names.enumerated() {
            guard let name else { continue }
            if regexec(&regex, name, 0, nil, 0) == 0 { out.append(n) }
        }
        return out
    }
}

/// Small non-negative numbers as bits, 64 to a word; the words past the last are all zero
/// (equal sets are equal whatever their word counts).
struct NumberBits: Sendable, Equatable {
    private var words: [UInt64] = []

    func contains(_ n: Int) -> Bool {
        let word = n >> 6
        return n >= 0 && word < words.count && words[word] & (1 << UInt64(n & 63)) != 0
    }

    mutating func insert(_ n: Int) {
        precondition(n >= 0, "a set of non-negative numbers")
        let word = n >> 6
        if word >= words.count { words += Array(repeating: 0, count: word + 1 - words.count) }
        words[word] |= 1 << UInt64(n & 63)
    }

    /// The numbers below `count` that are not in it, and none from `count` on.
    mutating func invert(below count: Int) {
        let needed = (count + 63) / 64
        if words.count < needed { words += Array(repeating: 0, count: needed - words.count) }
        for word in words.indices {
            let low = word * 64
            let mask: UInt64 = count >= low + 64 ? ~0 : count <= low ? 0 : (1 << UInt64(count - low)) - 1
            words[word] = ~words[word] & mask
        }
    }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    var members: Set<Int> {
        var members = Set<Int>()
        for (word, bits) in words.enumerated() where bits != 0 {
            for bit in 0 ..< 64 where bits & (1 << UInt64(bit)) != 0 { members.insert(word * 64 + bit) }
        }
        return members
    }

    static func == (a: NumberBits, b: NumberBits) -> Bool {
        for word in 0 ..< max(a.words.count, b.words.count) {
            let x = word < a.words.count ? a.words[word] : 0
            let y = word < b.words.count ? b.words[word] : 0
            if x != y { return false }
        }
        return true
    }
}

extension SyscallTable {
    /// The name strace prints for x32 call `index` (the number without the x32 bit).
    static func x32Name(_ index: Int) -> String? {
        let name = displayName(UInt64(index) | 0x4000_0000)
        return name.hasPrefix("syscall_0x") ? nil : name
    }
}
