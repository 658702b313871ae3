import Events
import Seccomp

/// Which role gets which block rules: a rule with a role applies to that role; one without
/// applies to every role that makes the call.
public struct BlockPlan: Sendable {
    public let rules: [BlockRule]
    /// The rules of each role that gets a filter, as typed on the command line.
    public let byRole: [String: [BlockRule]]

    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public init(rules: [BlockRule], lesson: Lesson) throws(Invalid) {
        self.rules = rules
        var byRole: [String: [BlockRule]] = [:]
        for rule in rules {
            if lesson.hasPrograms && (rule.call == "execve" || rule.call == "execveat") {
                throw Invalid(description: "--block \(rule): a role's filter is loaded before its program's \(rule.call), which would fail: the program would never start; block a call the lesson makes (\(Set(lesson.steps.flatMap(\.callNames)).sorted().joined(separator: ", ")))")
            }
            if !lesson.hasPrograms && Actor.ownCalls.contains(rule.call) {
                throw Invalid(description: "--block \(rule): sockstep's roles use \(rule.call) themselves to keep in step; block a call the lesson makes (\(Set(lesson.steps.map(\.call.name)).sorted().joined(separator: ", ")))")
            }
            if let role = rule.role {
                guard lesson.roles.contains(where: { $0.name == role }) else {
                    throw Invalid(description: "--block \(rule): lesson \(lesson.name) has no role '\(role)'; its roles are \(lesson.roles.map(\.name).joined(separator: ", "))")
                }
                byRole[role, default: []].append(rule)
            } else {
                let makers = lesson.roles.filter { role in lesson.steps(of: role.name).contains { $0.callNames.contains(rule.call) } }
                for role in makers { byRole[role.name, default: []].append(rule) }
            }
        }
        self.byRole = byRole
    }

    /// Every rule with its role (`server:listen=EPERM`), for the actors' `--block` arguments:
    /// each actor rebuilds the same plan, so that all agree on the steps.
    public var arguments: [String] {
        byRole.keys.sorted().flatMap { role in
            byRole[role]!.map { rule in
                var qualified = rule
                qualified.role = role
                return qualified.description
            }
        }
    }

    /// The lesson as it runs: the filter-loading steps before each filtered role's first step.
    public func apply(to lesson: Lesson) -> Lesson {
        // A program's filter is loaded before its exec: no step of the lesson loads it.
        guard !byRole.isEmpty, !lesson.hasPrograms else { return lesson }
        let text = rules.map { "--block " + ($0.role.map { $0 + ":" } ?? "") + $0.call }.joined(separator: " ")
        return lesson.withFilterSteps(for: Set(byRole.keys), describing: text)
    }

    /// The rules as the outputs know them.
    public var blockedCalls: [BlockedCall] { rules.map(\.blockedCall) }
}

extension BlockRule {
    /// The rule as the outputs know it (no syscall number, no Seccomp).
    public var blockedCall: BlockedCall { BlockedCall(role: role, call: call, action: action) }
}
