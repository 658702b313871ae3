import Decoding
import Glibc
import LessonModel

/// What the shells complete (`sockstep --generate-completion-script bash|zsh|fish`): the
/// generated scripts call the binary back for these, so the names are those of the lessons the
/// installed binary finds and of the calls in its syscall table.
enum Completions {
    /// A lesson argument: the names `sockstep lessons` lists.
    @Sendable static func lessonNames(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        Catalog.names().filter { $0.hasPrefix(prefix) }
    }

    /// `--block [ROLE:]CALL[=ACTION]` of a lesson: a call name, after the `ROLE:` typed so far.
    @Sendable static func lessonBlocks(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        forShell(blocks(prefix, roles: true))
    }

    /// zsh's script hands the values to `_describe`, which reads `VALUE:DESCRIPTION`: a colon
    /// of a value (`server:listen`) is escaped for it. The scripts say which shell asks in
    /// `SAP_SHELL`.
    static func forShell(_ values: [String]) -> [String] {
        guard let shell = getenv("SAP_SHELL"), String(cString: shell) == "zsh" else { return values }
        return values.map { $0.replacing(":", with: "\\:") }
    }

    /// The call names of the syscall table that complete `prefix`; once `=` is typed, the actions
    /// (`kill`, `trap`, `log` and the errno names) after it.
    static func blocks(_ prefix: String, roles: Bool) -> [String] {
        if let eq = prefix.firstIndex(of: "=") {
            let head = String(prefix[...eq])
            let actions = ["kill", "trap", "log"] + (1 ..< 4096).compactMap { ErrnoTable.name($0) }
            return actions.map { head + $0 }.filter { $0.hasPrefix(prefix) }
        }
        var role = ""
        if roles, let colon = prefix.firstIndex(of: ":") { role = String(prefix[...colon]) }
        let calls = Set(SyscallTable.names.compactMap { $0 }).sorted()
        return calls.map { role + $0 }.filter { $0.hasPrefix(prefix) }
    }
}
