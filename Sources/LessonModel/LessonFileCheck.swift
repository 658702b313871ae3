import CYAML
import Files
import Glibc

/// The checks a lesson file passes before anything is built from it. A lesson file is untrusted
/// input, so the file is read with a size limit, its bytes must be plain UTF-8 text, and the
/// YAML parser's events (libyaml's) are checked one by one as the tree is composed from them:
/// no anchors or aliases (an alias bomb is refused before anything expands it), no tags, no
/// duplicate keys, no deep nesting, a bounded number of values. Each check stops at the first
/// problem and reports it with its line.
enum LessonFileCheck {
    static func problem(_ path: String, _ line: Int, _ message: String) -> LessonProblems {
        LessonProblems(problems: [LessonProblem(file: path, line: line, message: message)])
    }

    /// The bytes of a regular file, at most `LessonLimits.fileBytes` of them.
    static func read(path: String) throws(LessonProblems) -> [UInt8] {
        switch Files.readRegularFile(path, limit: LessonLimits.fileBytes) {
        case .success(let bytes): return bytes
        case .failure(.tooLarge(let size)): throw tooLarge(path, size)
        case .failure(let failure): throw problem(path, 0, "cannot read the lesson file: \(failure.message)")
        }
    }

    static func tooLarge(_ path: String, _ size: Int) -> LessonProblems {
        problem(path, 1, "the file has \(size) bytes; a lesson file has at most \(LessonLimits.fileBytes) (1 MiB)")
    }

    // MARK: - Text

    /// Plain UTF-8 text: no NUL, no control characters but newlines (and CR before a newline),
    /// no tabs, no invisible text-direction characters, lines of at most 4096 bytes.
    static func checkText(_ bytes: [UInt8], path: String) throws(LessonProblems) {
        var line = 1
        var lineStart = 0
        var i = 0
        func lineTooLong(_ end: Int) -> LessonProblems? {
            guard end - lineStart > LessonLimits.lineBytes else { return nil }
            return problem(path, line, "the line has \(end - lineStart) bytes; a lesson's lines have at most \(LessonLimits.lineBytes) (break long text over several lines: YAML joins them)")
        }
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x0a {
                if let tooLong = lineTooLong(i) { throw tooLong }
                line += 1
                lineStart = i + 1
                i += 1
                continue
            }
            if byte == 0x0d && i + 1 < bytes.count && bytes[i + 1] == 0x0a {
                i += 1
                continue
            }
            guard let (scalar, length) = decodeUTF8(bytes, at: i) else {
                throw problem(path, line, "not UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)) at column \(i - lineStart + 1)): a lesson is a UTF-8 text file")
            }
            if let (what, advice) = forbidden(scalar) {
                throw problem(path, line, "\(what) at column \(i - lineStart + 1): \(advice)")
            }
            i += length
        }
        if let tooLong = lineTooLong(bytes.count) { throw tooLong }
    }

    /// What a character a lesson may not have is, and what to do (nil: it may have it).
    static func forbidden(_ scalar: UInt32) -> (String, String)? {
        switch scalar {
        case 0: return ("a NUL byte", "this is a binary file, not a lesson (YAML text)")
        case 0x09: return ("a tab", "YAML indents with spaces, and a lesson's text has no tabs; use spaces")
        case 0x0a: return nil
        case 0 ..< 0x20, 0x7f ... 0x9f:
            return ("a control character (U+\(hex4(scalar)))", "a lesson is plain text, with no escape sequences")
        case 0x200e, 0x200f, 0x2028, 0x2029, 0x202a ... 0x202e, 0x2066 ... 0x2069:
            return ("an invisible text-direction or line-separator character (U+\(hex4(scalar)))",
                    "it can make a line read differently than it runs; remove it")
        default: return nil
        }
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// One UTF-8 character at `i` (shortest form, no surrogates, at most U+10FFFF) and its length.
    static func decodeUTF8(_ bytes: [UInt8], at i: Int) -> (UInt32, Int)? {
        let lead = bytes[i]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xbf
        switch lead {
        case 0xc2 ... 0xdf: length = 2
        case 0xe0: length = 3; low = 0xa0
        case 0xed: length = 3; high = 0x9f
        case 0xe1 ... 0xef: length = 3
        case 0xf0: length = 4; low = 0x90
        case 0xf4: length = 4; high = 0x8f
        case 0xf1 ... 0xf3: length = 4
        default: return nil
        }
        guard i + length <= bytes.count else { return nil }
        var value = UInt32(lead) & (length == 2 ? 0x1f : length == 3 ? 0x0f : 0x07)
        for k in 1 ..< length {
            let byte = bytes[i + k]
            guard byte >= (k == 1 ? low : 0x80) && byte <= (k == 1 ? high : 0xbf) else { return nil }
            value = value << 6 | UInt32(byte & 0x3f)
        }
        return (value, length)
    }

    // MARK: - YAML events

    /// A list or mapping the checker is in. A mapping waits for a key or for its value (the
    /// key it had last is `key`); the keys it has had, with their lines, are in `keys` (one
    /// entry per frame, so that adding one copies nothing). The lesson's `roles` and `steps`
    /// lists count their entries against their limits.
    struct Frame {
        var isMapping: Bool
        var wantKey = true
        var key = ""
        var entries = 0
        var limit: (what: String, most: Int)?
    }
    
    /// Goes through libyaml's events, checking each, and composes the document from them: its
    /// tree, or nil when the file has no document (nothing but comments and blank lines).
    static func compose(_ bytes: [UInt8], path: String) throws(LessonProblems) -> YAMLNode? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw problem(path, 1, "cannot start the YAML parser (out of memory)") }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var composer = YAMLComposer()
        let failure: LessonProblem? = bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var stack: [Frame] = []
            var keys: [[String: Int]] = []
            var values = 0
            var documents = 0
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return syntaxProblem(&parser, path: path) }
                defer { yaml_event_delete(&event) }
                let line = event.start_mark.line + 1
                func refuse(_ message: String) -> LessonProblem { LessonProblem(file: path, line: line, message: message) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 { return refuse("a second YAML document: a lesson file holds one lesson (remove the `---` that starts it)") }
                    continue
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    stack.removeLast()
                    keys.removeLast()
                    composer.end()
                    continue
                case YAML_ALIAS_EVENT:
                    return refuse("an alias (*\(CallSyntax.shown(text(event.data.alias.anchor)))): lessons use no anchors (&) or aliases (*); write each value out")
                case YAML_SCALAR_EVENT, YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    break
                default:
                    continue
                }
                values += 1
                if values > LessonLimits.yamlValues {
                    return refuse("the file has more than \(LessonLimits.yamlValues) YAML values; a lesson is far smaller (at most \(LessonLimits.steps) steps)")
                }
                let (anchor, tag): (UnsafeMutablePointer<yaml_char_t>?, UnsafeMutablePointer<yaml_char_t>?)
                switch event.type {
                case YAML_SCALAR_EVENT: (anchor, tag) = (event.data.scalar.anchor, event.data.scalar.tag)
                case YAML_SEQUENCE_START_EVENT: (anchor, tag) = (event.data.sequence_start.anchor, event.data.sequence_start.tag)
                default: (anchor, tag) = (event.data.mapping_start.anchor, event.data.mapping_start.tag)
                }
                if let anchor { return refuse("an anchor (&\(CallSyntax.shown(text(anchor)))): lessons use no anchors (&) or aliases (*); write each value out") }
                if let tag { return refuse("a YAML tag (\(CallSyntax.shown(text(tag)))): lessons use no tags; remove it") }
                var isKey = false
                if let parent = stack.last, parent.isMapping {
                    isKey = parent.wantKey
                    if isKey {
                        guard event.type == YAML_SCALAR_EVENT else { return refuse("a key must be a plain name, not a list or a mapping") }
                        let key = String(decoding: UnsafeBufferPointer(start: event.data.scalar.value, count: event.data.scalar.length), as: UTF8.self)
                        if let first = keys[keys.count - 1][key] {
                            return refuse("'\(CallSyntax.shown(key))' is given twice in one mapping (first on line \(first)); keep one")
                        }
                        keys[keys.count - 1][key] = line
                        stack[stack.count - 1].key = key
                    }
                    stack[stack.count - 1].wantKey = !isKey
                } else if let parent = stack.last, let limit = parent.limit {
                    stack[stack.count - 1].entries += 1
                    if parent.entries + 1 > limit.most {
                        return refuse("the lesson has more than \(limit.most) \(limit.what); a lesson has at most \(limit.most)\(limit.what == "steps" ? " (split it into several lessons)" : "")")
                    }
                }
                switch event.type {
                case YAML_SCALAR_EVENT:
                    // Bytes and a length, not a C string: `"\0"` makes a NUL (refused here).
                    let value = Array(UnsafeBufferPointer(start: event.data.scalar.value, count: event.data.scalar.length))
                    if let message = scalarProblem(value, isKey: isKey) { return refuse(message) }
                    composer.scalar(String(decoding: value, as: UTF8.self), line: line)
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    var frame = Frame(isMapping: event.type == YAML_MAPPING_START_EVENT)
                    if !frame.isMapping && stack.count == 1 && stack[0].isMapping {
                        if stack[0].key == "steps" { frame.limit = ("steps", LessonLimits.steps) }
                        if stack[0].key == "roles" { frame.limit = ("roles", LessonLimits.roles) }
                    }
                    stack.append(frame)
                    keys.append([:])
                    if stack.count > LessonLimits.yamlDepth {
                        return refuse("lists and mappings nest deeper than \(LessonLimits.yamlDepth) levels; a lesson is a mapping with a list of steps")
                    }
                    composer.start(mapping: frame.isMapping, line: line)
                default:
                    break
                }
            }
        }
        if let failure { throw LessonProblems(problems: [failure]) }
        return composer.root
    }

    /// A scalar's text may come from escapes (`"\e"` in a quoted string): the same characters
    /// as in the file are refused; a key is one line.
    static func scalarProblem(_ value: [UInt8], isKey: Bool) -> String? {
        var i = 0
        while i < value.count {
            guard let (scalar, length) = decodeUTF8(value, at: i) else { return "a value is not UTF-8 text" }
            if scalar == 0x0a && isKey { return "a key must be on one line" }
            if let (what, advice) = forbidden(scalar) { return "the text has \(what): \(advice)" }
            i += length
        }
        return nil
    }

    static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        guard let pointer else { return "" }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    /// libyaml's complaint as one line: `not valid YAML: CONTEXT: PROBLEM (hint)`.
    static func syntaxProblem(_ parser: inout yaml_parser_t, path: String) -> LessonProblem {
        let problem = parser.problem.map { String(cString: $0) } ?? "the YAML parser failed"
        let context = parser.context.map { String(cString: $0) }
        // "while scanning a quoted scalar" points at where the trouble starts.
        let mark = context != nil ? parser.context_mark : parser.problem_mark
        var message = "not valid YAML: " + (context.map { $0 + ": " } ?? "") + problem
        if problem.contains("mapping values are not allowed") { message += " (a value containing ': ' must be in quotes)" }
        if problem.contains("did not find expected") { message += " (check the indentation)" }
        return LessonProblem(file: path, line: mark.line + 1, message: message)
    }
}
