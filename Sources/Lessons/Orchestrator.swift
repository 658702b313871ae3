import Decoding
import Glibc
import Tracing

/// What the lesson view needs beyond the trace: which role and step each event belongs to,
/// and the moments the trace alone does not show (a call that blocks).
public enum LessonEvent: Sendable {
    /// A trace event, with the role of its process and the step it belongs to (nil for exits
    /// and signals outside a step).
    case trace(TraceEvent, role: String, step: Step?)
    /// The step's call did not return: the process waits in the kernel.
    case blocked(Step, role: String)
    /// Every role still running waits in a call that nothing can end any more (its peer is
    /// gone): sockstep ends them.
    case stalled([(role: String, step: Step)])
}

/// Keeps the roles in the lesson's order. Each role's process runs freely until it reaches the
/// entry of its next step's call; there it is held until the step is the lesson's current one.
/// A released call that does not return (accept4 before any connect) is declared blocked after
/// a short wait, and the lesson moves on; its exit is printed when it comes, after the call in
/// flight at that moment.
/// What the user chose at a step.
public enum StepDecision: Sendable, Equatable {
    /// Make the call.
    case proceed
    /// Run to the end without asking again.
    case runToEnd
    /// End every role now.
    case quit
    /// Restart the lesson with this step's call blocked (for its role).
    case block
}

public final class Orchestrator: TracePolicy {
    public let lesson: Lesson
    let report: (LessonEvent) -> Void
    var roleOfPID: [Int32: String] = [:]
    var armed: [Int32: Int] = [:]
    var stepOfPID: [Int32: Int] = [:]
    var heldEntry: [Int: Int32] = [:]
    var heldExits: [Int32] = []
    /// Processes held at their exit_group entry while another role's step is in flight, so that
    /// a role's `+++ exited` line does not cut a step's line in two.
    var heldLeaving: [Int32] = []
    /// Processes in exit_group: the next step waits until their exit line is out.
    var leaving: [Int32: Double] = [:]
    var stalledSince: Double?
    /// How long every remaining role may wait with nothing left to happen before sockstep ends them.
    public var stallLimit = 2.0
    let exitGroupNumber = SyscallTable.exitGroup
    var inFlight: Int?
    var inFlightPID: Int32 = 0
    var deadline = 0.0
    /// The next step of the lesson to release.
    public private(set) var cursor = 0
    var goneRoles: Set<String> = []
    var blockedSteps: Set<Int> = []
    /// How long a released call may take before it counts as blocking (then /proc tells).
    public var patience = 0.03
    /// Stepping: hold each step at its entry and ask `onWaiting` what to do.
    public var waitForPermission = false
    /// Stepping: steps before this index run without waiting (coming back after a restart).
    public var autoUntil = 0
    /// Stepping: asked when the lesson waits at a step's entry; answers what to do.
    public var onWaiting: ((Step, Int32, Tracer) -> StepDecision)?
    /// The user asked to quit or to restart: every role is being ended.
    public private(set) var ending: StepDecision?
    let writevNumber = SyscallTable.writev

    public init(lesson: Lesson, report: @escaping (LessonEvent) -> Void) {
        self.lesson = lesson
        self.report = report
    }

    public func assign(pid: Int32, role: String) {
        roleOfPID[pid] = role
    }

    public func role(of pid: Int32) -> String { roleOfPID[pid] ?? "?" }

    /// The step a process is in (its current or last call).
    public func step(of pid: Int32) -> Step? { stepOfPID[pid].map { lesson.steps[$0] } }

    public func decideEntry(pid: Int32, number: UInt64, arguments: [UInt64], memory: any MemoryReader, tracer: Tracer) -> StopDecision {
        if number == writevNumber, Int32(truncatingIfNeeded: arguments[0]) == Actor.markerFD {
            // One iovec: {base, length}.
            if let iov = memory.read(arguments[1], count: 16),
               let bytes = memory.read(iov.uint64(at: 0), count: Int(min(iov.uint64(at: 8), 64))) {
                let text = String(decoding: bytes, as: UTF8.self)
                if text.hasPrefix(Actor.markerPrefix), let index = Int(text.dropFirst(Actor.markerPrefix.count).prefix { $0 != "\n" }),
                   index >= 0, index < lesson.steps.count {
                    armed[pid] = index
                }
            }
            return .hide
        }
        if number == exitGroupNumber {
            leaving[pid] = Tracer.now()
            if inFlight != nil && inFlightPID != pid {
                heldLeaving.append(pid)
                return .hold
            }
            return .hide
        }
        guard let index = armed[pid], let expected = SyscallTable.number(lesson.steps[index].call.name),
              UInt64(expected) == number else {
            return .hide
        }
        armed[pid] = nil
        stepOfPID[pid] = index
        heldEntry[index] = pid
        return .hold
    }

    public func decideExit(pid: Int32, tracer: Tracer) -> StopDecision {
        guard let index = stepOfPID[pid] else { return .report }
        if index == inFlight {
            inFlight = nil
            advance()
            return .report
        }
        // A call that blocked has returned: after the call in flight, if there is one.
        if inFlight != nil {
            heldExits.append(pid)
            return .hold
        }
        return .report
    }

    public func tick(tracer: Tracer) -> Double? {
        while true {
            if let step = inFlight {
                let now = Tracer.now()
                guard now >= deadline else { return deadline }
                if Self.sleepingInKernel(inFlightPID) {
                    blockedSteps.insert(step)
                    inFlight = nil
                    report(.blocked(lesson.steps[step], role: lesson.steps[step].role))
                    advance()
                    continue
                }
                deadline = now + patience
                return deadline
            }
            if !heldExits.isEmpty {
                let pid = heldExits.removeFirst()
                tracer.release(pid)
                continue
            }
            if !heldLeaving.isEmpty {
                let pid = heldLeaving.removeFirst()
                tracer.release(pid, reporting: false)
                continue
            }
            // A role on its way out: its exit line comes before the next step's line.
            let now = Tracer.now()
            leaving = leaving.filter { now - $0.value < 1.0 }
            if !leaving.isEmpty { return now + 0.001 }
            skipGoneRoles()
            guard cursor < lesson.steps.count, let pid = heldEntry[cursor] else {
                return checkStall(tracer: tracer)
            }
            stalledSince = nil
            if ending != nil { return nil }
            if waitForPermission && cursor >= autoUntil {
                guard let onWaiting else { return nil }
                let decision = onWaiting(lesson.steps[cursor], pid, tracer)
                switch decision {
                case .proceed:
                    break
                case .runToEnd:
                    waitForPermission = false
                case .quit, .block:
                    ending = decision
                    endAll(tracer: tracer)
                    return nil
                }
            }
            heldEntry[cursor] = nil
            inFlight = cursor
            inFlightPID = pid
            deadline = Tracer.now() + patience
            tracer.release(pid)
        }
    }

    /// Nothing in flight and nothing to release: if every live role sleeps in a blocked step, and
    /// stays so for `stallLimit`, nothing can wake them (the roles that could have are gone).
    func checkStall(tracer: Tracer) -> Double? {
        let live = roleOfPID.filter { !goneRoles.contains($0.value) }
        guard !live.isEmpty else { return nil }
        let blockedLive = live.compactMap { pid, role -> (Int32, String, Int)? in
            guard let step = stepOfPID[pid], blockedSteps.contains(step), armed[pid] == nil,
                  tracer.heldPhase(pid) == nil, Self.sleepingInKernel(pid) else { return nil }
            return (pid, role, step)
        }
        guard blockedLive.count == live.count else {
            stalledSince = nil
            return nil
        }
        let now = Tracer.now()
        guard let since = stalledSince else {
            stalledSince = now
            return now + stallLimit
        }
        guard now - since >= stallLimit else { return since + stallLimit }
        stalledSince = nil
        report(.stalled(blockedLive.sorted { $0.2 < $1.2 }.map { (role: $0.1, step: lesson.steps[$0.2]) }))
        for entry in blockedLive { kill(entry.0, SIGKILL) }
        return nil
    }

    /// Ends every role (quit, or restart with a block): SIGKILL; the tracer reaps them.
    func endAll(tracer: Tracer) {
        for pid in tracer.livePIDs { kill(pid, SIGKILL) }
    }

    /// The process of each role still running.
    public var pidsByRole: [String: Int32] {
        var out: [String: Int32] = [:]
        for (pid, role) in roleOfPID where !goneRoles.contains(role) { out[role] = pid }
        return out
    }

    public func processGone(pid: Int32, tracer: Tracer) {
        guard let role = roleOfPID[pid] else { return }
        goneRoles.insert(role)
        if let step = inFlight, lesson.steps[step].role == role {
            inFlight = nil
            advance()
        }
        heldExits.removeAll { $0 == pid }
        heldLeaving.removeAll { $0 == pid }
        leaving[pid] = nil
    }

    /// Whether every role has finished.
    public func allRolesGone(_ roles: Int) -> Bool { goneRoles.count >= roles }

    func advance() {
        cursor += 1
        skipGoneRoles()
    }

    /// Steps of a role whose process has ended will never come.
    func skipGoneRoles() {
        while cursor < lesson.steps.count && goneRoles.contains(lesson.steps[cursor].role) && heldEntry[cursor] == nil {
            cursor += 1
        }
    }

    /// A process sleeping in a call (state S or D in /proc/PID/stat) is blocked there.
    static func sleepingInKernel(_ pid: Int32) -> Bool {
        guard let line = ProcNet.readFile("/proc/\(pid)/stat"), let close = line.lastIndex(of: ")") else { return false }
        let rest = line[line.index(after: close)...].drop { $0 == " " }
        return rest.first == "S" || rest.first == "D"
    }

}
