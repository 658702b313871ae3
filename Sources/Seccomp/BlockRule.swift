import Decoding

/// `--block [ROLE:]CALL[=ACTION]`: a call that a seccomp filter decides.
public struct BlockRule: Sendable, Equatable, CustomStringConvertible {
    public typealias Action = BlockAction

    public var role: String?
    public var call: String
    public var number: Int
    public var action: Action

    public init(role: String?, call: String, number: Int, action: Action) {
        self.role = role
        self.call = call
        self.number = number
        self.action = action
    }

    public var description: String {
        (role.map { $0 + ":" } ?? "") + call + "=" + action.description
    }

    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Parses `listen`, `server:accept4=kill`, `connect=ECONNREFUSED`.
    public static func parse(_ text: String) throws(Invalid) -> BlockRule {
        var rest = Substring(text)
        var role: String?
        if let colon = rest.firstIndex(of: ":") {
            role = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
            if role!.isEmpty { throw Invalid(description: "--block \(text): the role before ':' is empty; write ROLE:CALL, e.g. server:listen") }
        }
        var actionText = "EPERM"
        if let eq = rest.firstIndex(of: "=") {
            actionText = String(rest[rest.index(after: eq)...])
            rest = rest[..<eq]
        }
        let call = String(rest)
        guard let number = SyscallTable.number(call) else {
            let hint = NearMiss.nearest(call, in: SyscallTable.names.compactMap { $0 }, limit: 2).map { ": did you mean '\($0)'?" } ?? ""
            throw Invalid(description: "--block \(text): unknown call '\(call)'\(hint)")
        }
        let action: Action
        switch actionText.lowercased() {
        case "kill": action = .kill
        case "trap": action = .trap
        case "log": action = .log
        default:
            guard let e = ErrnoTable.number(actionText.uppercased()), e < 4096 else {
                throw Invalid(description: "--block \(text): unknown action '\(actionText)': use an errno name (EPERM, EACCES, ECONNREFUSED, ...), kill, trap or log")
            }
            action = .errno(e)
        }
        return BlockRule(role: role, call: call, number: number, action: action)
    }
}
