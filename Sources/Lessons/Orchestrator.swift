import Decoding
import Events
import Files
import Glibc
import Tracing

/// What the orchestrator tells the lesson's run: the moments the trace alone does not show.
/// The run stamps each and passes it on as a RunEvent.
public enum LessonEvent: Sendable {
    /// The step's call did not return: the process waits in the kernel.
    case blocked(Step, role: String)
    /// sockstep ended a role before a call that passes an address outside loopback (or outside
    /// the run folder): the call was not made. `step` is the lesson's step, when it was one.
    case refused(role: String, step: Step?, reason: String)
    /// sockstep ends these roles (SIGKILL), for this reason; their `killed` lines follow.
    case ended([EndedRole], EndReason)
}

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

/// Keeps the roles in the lesson's order. Each role's process runs freely until it reaches the
/// entry of its next step's call; there it is held until the step is the lesson's current one.
/// A released call that does not return (accept4 before any connect) is declared blocked after
/// a short wait, and the lesson moves on; its exit is printed when it comes, after the call in
/// flight at that moment.
///
/// No lesson hangs: when, for `stallLimit`, no role has made a call and every role left either
/// waits in a call or is held for a later step, nothing can change any more (a held role acts
/// only on its turn). Then the role whose step is next, asleep in an earlier call, is ended (or,
/// with no step left, every waiting role), and the lesson goes on without it. A bind that fails
/// with EADDRINUSE ends the lesson: the address belongs to a socket outside it (unless a bind
/// step of the same run bound it before).
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
    /// Programs: the processes whose steps have just returned, and when. Another role's next step
    /// waits until this one has settled (held at its next step, asleep in the kernel, on its way
    /// out or gone), as it would have in a run without sockstep: a server whose accept4 failed
    /// has closed its listener by the time the client, started after it, connects.
    var settling: [Int32: Double] = [:]
    /// Programs: the descriptor each role's step returned, by the step's `result:` name. A
    /// step on `$name` is only the program's call on that descriptor: C's perror writing to fd 2
    /// after a failed accept4 is not the step "write to the connection".
    var descriptors: [String: [String: Int64]] = [:]
    /// Programs: the `result:` names whose step has returned an error (no descriptor).
    var failedNames: [String: Set<String>] = [:]
    /// When a role last made a call (or a step was released): a stall is counted from there.
    var lastActivity = Tracer.now()
    /// How long the roles may stay stuck (no call made, nothing to release) before sockstep ends one.
    public var stallLimit = 2.0
    /// Processes sockstep has ended (SIGKILL sent, not reaped yet).
    var endedPIDs: Set<Int32> = []
    /// Set when the lesson cannot go on (its address is taken): no step is released any more,
    /// and each role is ended as soon as it is stopped or waits.
    public private(set) var stopReason: EndReason?
    /// The processes whose SO_REUSEADDR step succeeded.
    var reuseAddress: Set<Int32> = []
    /// The addresses bind steps of this run bound: EADDRINUSE there is the lesson's own doing.
    var boundByLesson: Set<String> = []
    let exitGroupNumber = SyscallTable.exitGroup
    var inFlight: Int?
    var inFlightPID: Int32 = 0
    var deadline = 0.0
    /// The next step of the lesson to release.
    public private(set) var cursor = 0
    var goneRoles: Set<String> = []
    var blockedSteps: Set<Int> = []
    /// How often a released call's process is looked at in /proc; found asleep in the call at
    /// two looks this far apart, the call counts as blocking.
    public var patience = 0.003
    var asleepSince: Double?
    /// Stepping: hold each step at its entry and ask `onWaiting` what to do.
    public var waitForPermission = false
    /// Stepping: steps before this index run without waiting (coming back after a restart).
    public var autoUntil = 0
    /// Stepping: asked when the lesson waits at a step's entry; answers what to do.
    public var onWaiting: ((Step, Int32, Tracer) -> StepDecision)?
    /// The user asked to quit or to restart: every role is being ended.
    public private(set) var ending: StepDecision?
    let writevNumber = SyscallTable.writev
    /// The run's folder: the only place a role's UNIX socket paths may be (LoopbackGuard).
    public var runFolder: String?
    /// A lesson with programs: the roles are real programs, not sockstep's player. Each role's
    /// steps are recognized among its calls in order (a step's call or one of its `also:`);
    /// every other call in `traced` (the lesson's trace set, nil: all) is reported, the rest
    /// hidden.
    public var programs: ProgramMode?
    public struct ProgramMode {
        public var traced: Set<Int>?
        /// Each role's calls its seccomp filter fails (errno, kill, trap; not log): such a call
        /// never reaches the kernel's socket code, so it is not held for its turn. It runs when
        /// the program reaches it, as it would without sockstep (a client whose recvfrom is
        /// blocked has failed and gone before the server writes to it, as under strace).
        public var denied: [String: Set<Int>]
        public init(traced: Set<Int>?, denied: [String: Set<Int>] = [:]) { (self.traced, self.denied) = (traced, denied) }
    }
    /// Programs: steps whose denied call ran before their turn.
    var ranEarly: Set<Int> = []
    /// Programs: each role's next step (its position among the role's steps), the process each
    /// role was started as (steps are its calls), the processes whose current call is a step's.
    var nextOfRole: [String: Int] = [:]
    var mainPID: [String: Int32] = [:]
    var stepCallPIDs: Set<Int32> = []
    /// Programs: processes held at a traced call before their role's first step, until the
    /// lesson reaches that step (a runtime's start-up lines come in the lesson's order).
    var startHeld: [Int32] = []
    /// Processes held at exit_group whose exit_group is in the trace set.
    var leavingReported: Set<Int32> = []
    /// Programs: the processes a role's program forked, numbered per role in the order they
    /// first stop (steps with `child: N` are the Nth's calls); the children still there, and
    /// those gone, by track (`server/1`).
    var childNumber: [Int32: Int] = [:]
    var childCount: [String: Int] = [:]
    var liveTracks: Set<String> = []
    var goneTracks: Set<String> = []

    public init(lesson: Lesson, report: @escaping (LessonEvent) -> Void) {
        self.lesson = lesson
        self.report = report
    }

    public func assign(pid: Int32, role: String) {
        roleOfPID[pid] = role
        if mainPID[role] == nil { mainPID[role] = pid }
    }

    /// The role of a process: a process a role's program started (a child, a thread) plays
    /// the same role.
    public func role(of pid: Int32) -> String {
        let (role, learned) = Self.role(of: pid, known: &roleOfPID)
        // A child keeps its number: once it has ended, its zombie may be looked up again.
        if let (parent, thread) = learned, !thread, parent == mainPID[role], childNumber[pid] == nil {
            childCount[role, default: 0] += 1
            childNumber[pid] = childCount[role]
            liveTracks.insert(role + "/" + String(childCount[role]!))
        }
        return role
    }

    /// The role of a process in `known` (pid → role), or else its parent's (or its thread
    /// group leader's), then remembered there; "?" when neither is known. `learned` is that
    /// parent or leader when this lookup is the one that found the role, nil otherwise.
    /// The orchestrator's and check's policies both look roles up so.
    static func role(of pid: Int32, known: inout [Int32: String]) -> (role: String, learned: (parent: Int32, thread: Bool)?) {
        if let role = known[pid] { return (role, nil) }
        guard let (parent, thread) = Self.parent(of: pid), let role = known[parent] else { return ("?", nil) }
        known[pid] = role
        return (role, (parent, thread))
    }

    /// The thread group's leader of a thread (thread: true), or the parent of a process, from /proc.
    static func parent(of pid: Int32) -> (Int32, thread: Bool)? {
        guard let status = Files.readText("/proc/\(pid)/status") else { return nil }
        var tgid: Int32?
        var ppid: Int32?
        for line in status.split(separator: "\n") {
            if line.hasPrefix("Tgid:") { tgid = Int32(String(line.dropFirst(5).filter(\.isNumber))) }
            if line.hasPrefix("PPid:") { ppid = Int32(String(line.dropFirst(5).filter(\.isNumber))) }
        }
        if let tgid, tgid != pid { return (tgid, true) }
        return ppid.map { ($0, false) }
    }

    /// Programs: whose steps a process makes: its role's (the process the role started), or
    /// those of its role's Nth child (`server/1`); nil for any other process of the role.
    func track(of pid: Int32) -> String? {
        let role = role(of: pid)
        if mainPID[role] == pid { return role }
        return childNumber[pid].map { role + "/" + String($0) }
    }

    func track(of step: Step) -> String { step.child.map { step.role + "/" + String($0) } ?? step.role }

    /// Whether the process's current (or last) call is its step's call, not another one made
    /// within the step (a runtime's, in a lesson with programs).
    public func isStepCall(_ pid: Int32) -> Bool { stepCallPIDs.contains(pid) }

    /// The step a process is in (its current or last call).
    public func step(of pid: Int32) -> Step? { stepOfPID[pid].map { lesson.steps[$0] } }

    public func decideEntry(pid: Int32, number: UInt64, arguments: SyscallArguments, memory: any MemoryReader, tracer: Tracer) -> StopDecision {
        lastActivity = Tracer.now()
        stepCallPIDs.remove(pid)
        if refuseOutsideLoopback(pid: pid, number: number, arguments: arguments, memory: memory) { return .hide }
        if programs != nil { return decideProgramEntry(pid: pid, number: number, arguments: arguments) }
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
        stepCallPIDs.insert(pid)
        return .hold
    }

    /// The step `pid` would make with a call `number` now: its role's next step, when the
    /// process is the one the role started and the call is that step's (or an `also:`).
    func expectedStep(pid: Int32, number: UInt64, arguments: SyscallArguments) -> Int? {
        if programs == nil {
            guard let index = armed[pid], SyscallTable.number(lesson.steps[index].call.name).map({ UInt64($0) }) == number else { return nil }
            return index
        }
        let role = role(of: pid)
        guard let track = track(of: pid), let index = nextStep(of: track) else { return nil }
        let numbers = lesson.steps[index].callNames.compactMap { SyscallTable.number($0).map { UInt64($0) } }
        guard numbers.contains(number) else { return nil }
        if case .descriptor(let name)? = lesson.steps[index].call.arguments.first {
            if failedNames[role]?.contains(name) == true { return nil }
            if let fd = descriptors[role]?[name], Int64(Int32(truncatingIfNeeded: arguments.first ?? UInt64.max)) != fd { return nil }
        }
        return index
    }

    /// Programs: the next step of a role's process (its track: the role, or `role/N` for its
    /// Nth child); nil when it has made them all.
    func nextStep(of track: String) -> Int? {
        let position = nextOfRole[track, default: 0]
        var seen = 0
        for step in lesson.steps where self.track(of: step) == track {
            if seen == position { return step.index }
            seen += 1
        }
        return nil
    }

    func isTraced(_ number: UInt64) -> Bool {
        guard let traced = programs?.traced else { return true }
        return number < UInt64(Int.max) && traced.contains(Int(number))
    }

    /// A call of a lesson's program: its role's next step is held until the lesson reaches it;
    /// another call in the trace set is reported (held, before the role's first step, until
    /// the lesson reaches that step); the rest run unseen.
    func decideProgramEntry(pid: Int32, number: UInt64, arguments: SyscallArguments) -> StopDecision {
        let role = role(of: pid)
        if number == exitGroupNumber {
            leaving[pid] = Tracer.now()
            if inFlight != nil && inFlightPID != pid {
                heldLeaving.append(pid)
                if isTraced(number) { leavingReported.insert(pid) }
                return .hold
            }
            return isTraced(number) ? .report : .hide
        }
        if let index = expectedStep(pid: pid, number: number, arguments: arguments) {
            nextOfRole[track(of: lesson.steps[index]), default: 0] += 1
            stepOfPID[pid] = index
            if index > cursor, number < UInt64(Int.max), programs?.denied[role]?.contains(Int(number)) == true {
                ranEarly.insert(index)
                stepCallPIDs.insert(pid)
                return .report
            }
            heldEntry[index] = pid
            stepCallPIDs.insert(pid)
            return .hold
        }
        guard isTraced(number) else { return .hide }
        if let first = lesson.steps.first(where: { $0.role == role }), nextOfRole[role, default: 0] == 0, cursor < first.index {
            startHeld.append(pid)
            return .hold
        }
        return .report
    }

    public func decideExit(pid: Int32, tracer: Tracer) -> StopDecision {
        lastActivity = Tracer.now()
        guard stepCallPIDs.contains(pid), let index = stepOfPID[pid] else { return .report }
        blockedSteps.remove(index)
        if programs != nil { settling[pid] = Tracer.now() }
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
                // Asleep at two looks `patience` apart: the call waits for something (a peer,
                // data); one look could catch a short sleep inside a call that returns anyway.
                let asleep = Self.sleepingInKernel(inFlightPID)
                if asleep, let since = asleepSince, now - since >= patience * 0.9 {
                    asleepSince = nil
                    blockedSteps.insert(step)
                    inFlight = nil
                    lastActivity = now
                    report(.blocked(lesson.steps[step], role: lesson.steps[step].role))
                    advance()
                    continue
                }
                asleepSince = asleep ? (asleepSince ?? now) : nil
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
                tracer.release(pid, reporting: leavingReported.remove(pid) != nil)
                continue
            }
            // Programs: a role's start-up calls go on once the lesson reaches its first step.
            if let index = startHeld.firstIndex(where: { pid in
                lesson.steps.first { $0.role == role(of: pid) }.map { $0.index <= cursor } ?? true
            }) {
                tracer.release(startHeld.remove(at: index))
                continue
            }
            // A role on its way out: its exit line comes before the next step's line.
            let now = Tracer.now()
            leaving = leaving.filter { now - $0.value < 1.0 }
            if !leaving.isEmpty { return now + 0.001 }
            if let stopReason { return endStopped(stopReason) }
            skipStepsThatCannotCome()
            guard cursor < lesson.steps.count, let pid = heldEntry[cursor] else {
                return checkStall(tracer: tracer)
            }
            if ending != nil { return nil }
            if let wait = waitForSettling(before: pid) { return wait }
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
            if let stranger = strangerAhead(pid: pid, tracer: tracer) {
                stop(stranger)
                continue
            }
            heldEntry[cursor] = nil
            inFlight = cursor
            inFlightPID = pid
            asleepSince = nil
            deadline = Tracer.now() + patience
            lastActivity = Tracer.now()
            tracer.release(pid)
        }
    }

    /// Called with each event of the run, after it is reported: a bind step that fails with
    /// EADDRINUSE ends the lesson.
    public func observe(_ event: TraceEvent, step: Step?) {
        guard stopReason == nil, let step, case .exited(let call, _, _) = event else { return }
        if programs != nil, let name = step.resultName, isStepCall(call.pid) {
            if call.failed {
                failedNames[step.role, default: []].insert(name)
            } else {
                descriptors[step.role, default: [:]][name] = call.rawReturn
                failedNames[step.role]?.remove(name)
            }
        }
        if call.name == "setsockopt" && !call.failed && step.call.setsReuseAddress {
            reuseAddress.insert(call.pid)
        }
        if call.name == "bind", !call.failed, call.arguments.count > 1, let address = Sockaddr.text(call.arguments[1]) {
            boundByLesson.insert(address)
        }
        guard call.name == "bind", call.errnoValue == Int(EADDRINUSE), call.arguments.count > 1,
              let address = Sockaddr.text(call.arguments[1]), address.contains(":") else { return }
        // A step of this run bound the address before: its own socket (or the connection it
        // left in TIME_WAIT) holds it, not another program; the lesson goes on (reuseaddr).
        if boundByLesson.contains(address) { return }
        let use = Self.isTCP(pid: call.pid, fd: call.rawArguments.first) ? PortUse.of(address) : .bound
        stop(.addressTaken(role: step.role, step: step, address: address, use: use, reuse: reuseAddress.contains(call.pid)))
    }

    /// Whether descriptor `fd` of the process is a TCP socket (the TCP tables say nothing about
    /// the port of any other kind).
    static func isTCP(pid: Int32, fd: UInt64?) -> Bool {
        guard let fd else { return false }
        let number = Int(Int32(truncatingIfNeeded: fd))
        return KernelState.protocolName(pid: pid, fd: number)?.hasPrefix("TCP") ?? false
    }

    /// The lesson cannot go on: nothing more is released, each role is ended as soon as it is
    /// stopped before a step or waits in a call (a role that runs ends by itself, or stops).
    func stop(_ reason: EndReason) {
        guard stopReason == nil else { return }
        stopReason = reason
    }

    /// Ends, at once, every role still there once each is held before a step or waits in a
    /// call; until then (a role runs on to its next step or to its end) it looks again soon.
    func endStopped(_ reason: EndReason) -> Double? {
        var ended: [(pid: Int32, role: EndedRole)] = []
        for (pid, role) in roleOfPID where !goneRoles.contains(role) && !endedPIDs.contains(pid) {
            if let held = heldEntry.first(where: { $0.value == pid })?.key {
                ended.append((pid, EndedRole(role: role, pid: pid, step: lesson.steps[held], inCall: false)))
            } else if leaving[pid] == nil && Self.sleepingInKernel(pid) {
                ended.append((pid, EndedRole(role: role, pid: pid, step: stepOfPID[pid].map { lesson.steps[$0] }, inCall: stepOfPID[pid] != nil)))
            } else {
                return Tracer.now() + 0.005
            }
        }
        end(ended, reason)
        return nil
    }

    /// Reports the roles and ends them.
    func end(_ roles: [(pid: Int32, role: EndedRole)], _ reason: EndReason) {
        guard !roles.isEmpty else { return }
        report(.ended(roles.map(\.role).sorted { ($0.step?.index ?? -1) < ($1.step?.index ?? -1) }, reason))
        for entry in roles {
            endedPIDs.insert(entry.pid)
            kill(entry.pid, SIGKILL)
        }
        lastActivity = Tracer.now()
    }

    /// Before a connect step: whether its address is one where only a socket outside the lesson
    /// listens (the lesson's own server never got it), so that the role would talk to a stranger.
    func strangerAhead(pid: Int32, tracer: Tracer) -> EndReason? {
        let step = lesson.steps[cursor]
        guard step.call.name == "connect", let call = tracer.preview(pid), call.arguments.count > 1,
              let address = Sockaddr.text(call.arguments[1]), Self.isTCP(pid: pid, fd: call.rawArguments.first) else { return nil }
        let listening = PortUse.listeners(at: address)
        guard !listening.isEmpty else { return nil }
        var ours: Set<UInt64> = []
        for (rolePID, role) in roleOfPID where !goneRoles.contains(role) {
            for socket in KernelState.socketDescriptors(of: rolePID) { ours.insert(socket.inode) }
        }
        return listening.contains(where: ours.contains) ? nil : .strangerListens(role: step.role, step: step, address: address)
    }

    /// Nothing in flight and nothing to release. Every live role that is neither held for a
    /// later step nor asleep in a call is on its way (it runs, or is about to stop): look again
    /// soon. When all of them are held or asleep and no call has been made for `stallLimit`,
    /// nothing can change any more: a held role acts only on its turn, and the turn of the
    /// lesson's next step never comes while its role sleeps in an earlier call.
    func checkStall(tracer: Tracer) -> Double? {
        let live = roleOfPID.filter { !goneRoles.contains($0.value) && !endedPIDs.contains($0.key) }
        guard !live.isEmpty else { return nil }
        let now = Tracer.now()
        var asleep: [(pid: Int32, role: EndedRole)] = []
        for (pid, role) in live where !heldEntry.values.contains(pid) && !startHeld.contains(pid) {
            if programs != nil {
                // A program asleep (S) in any call: in its step's call, or in one of its own.
                guard tracer.heldPhase(pid) == nil, Self.state(pid) == "S" else { return now + 0.05 }
                let inStep = stepCallPIDs.contains(pid)
                asleep.append((pid, EndedRole(role: role, pid: pid, step: inStep ? stepOfPID[pid].map { lesson.steps[$0] } : nil, inCall: inStep)))
                continue
            }
            // Asleep (S) in a step's call: a disk wait (D) or a role between steps is on its way.
            guard tracer.heldPhase(pid) == nil, armed[pid] == nil, Self.state(pid) == "S", let step = stepOfPID[pid],
                  blockedSteps.contains(step) else { return now + 0.05 }
            asleep.append((pid, EndedRole(role: role, pid: pid, step: lesson.steps[step], inCall: true)))
        }
        guard !asleep.isEmpty else { return now + 0.05 }
        guard now - lastActivity >= stallLimit else { return lastActivity + stallLimit }
        if cursor < lesson.steps.count, let owner = asleep.first(where: { $0.role.role == lesson.steps[cursor].role }) {
            end([owner], live.count == 1 ? .othersGone : .ownStepNext(lesson.steps[cursor]))
        } else {
            end(asleep, live.count == 1 && lesson.roles.count > 1 ? .othersGone : .allWaiting)
        }
        return now + 0.05
    }

    /// Ends every role (quit, or restart with a block): SIGKILL; the tracer reaps them.
    func endAll(tracer: Tracer) {
        for pid in tracer.livePIDs { kill(pid, SIGKILL) }
    }

    /// The process of each role still running.
    public var pidsByRole: [String: Int32] {
        var out: [String: Int32] = [:]
        for (role, pid) in mainPID where !goneRoles.contains(role) { out[role] = pid }
        return out
    }

    public func processGone(pid: Int32, tracer: Tracer) {
        lastActivity = Tracer.now()
        guard let role = roleOfPID[pid] else { return }
        guard mainPID[role] == nil || mainPID[role] == pid else {
            // A process the role's program started: the role goes on; the steps of this child
            // that it has not made will not come.
            if let track = track(of: pid), track != role {
                liveTracks.remove(track)
                goneTracks.insert(track)
            }
            if inFlight != nil && inFlightPID == pid {
                inFlight = nil
                advance()
            }
            heldExits.removeAll { $0 == pid }
            stepCallPIDs.remove(pid)
            roleOfPID[pid] = nil
            heldLeaving.removeAll { $0 == pid }
            startHeld.removeAll { $0 == pid }
            leaving[pid] = nil
            return
        }
        goneRoles.insert(role)
        if inFlight != nil && inFlightPID == pid {
            inFlight = nil
            advance()
        }
        heldExits.removeAll { $0 == pid }
        heldLeaving.removeAll { $0 == pid }
        startHeld.removeAll { $0 == pid }
        stepCallPIDs.remove(pid)
        leaving[pid] = nil
    }

    /// Programs: when the process whose step returned last is another role's and still runs
    /// between calls, the time to look again (at most a second: a program that computes for
    /// long does not hold the lesson up).
    func waitForSettling(before pid: Int32) -> Double? {
        let now = Tracer.now()
        for (last, since) in settling {
            let settled = last == pid || role(of: last) == role(of: pid) || now - since > 1.0
                || heldEntry.values.contains(last) || startHeld.contains(last) || heldLeaving.contains(last) || heldExits.contains(last)
                || leaving[last] != nil || goneRoles.contains(role(of: last))
                || { let state = Self.state(last); return state == nil || state == "Z" || Self.isSleeping(state) }()
            if settled { settling[last] = nil }
        }
        return settling.isEmpty ? nil : now + 0.001
    }

    /// Whether every role has finished.
    public func allRolesGone(_ roles: Int) -> Bool { goneRoles.count >= roles }

    func advance() {
        cursor += 1
        skipStepsThatCannotCome()
    }

    /// Steps that will never come: those of a role whose process has ended, and those a role
    /// went past without making their call (it is held at a later step's entry).
    func skipStepsThatCannotCome() {
        while cursor < lesson.steps.count && heldEntry[cursor] == nil {
            let step = lesson.steps[cursor]
            let track = track(of: step)
            // A step of a role's process that went past it (it is held at a later one), or that
            // has ended: the role's own process, or a child that made its steps or died. A child
            // still running makes its steps though its parent has ended.
            let heldLater = heldEntry.contains { $0.key > cursor && roleOfPID[$0.value] != nil && self.track(of: $0.value) == track }
            let gone = step.child == nil ? goneRoles.contains(step.role)
                : goneTracks.contains(track) || (goneRoles.contains(step.role) && !liveTracks.contains(track))
            guard gone || heldLater || ranEarly.contains(cursor) else { return }
            cursor += 1
        }
    }

    /// A process sleeping in a call (state S or D in /proc/PID/stat) is blocked there.
    static func sleepingInKernel(_ pid: Int32) -> Bool {
        isSleeping(state(pid))
    }

    /// S (a wait that a signal ends) or D (one it does not).
    static func isSleeping(_ state: Character?) -> Bool { state == "S" || state == "D" }

    /// The process's state letter in /proc/PID/stat (R, S, D, t, Z, ...), nil when it is gone.
    static func state(_ pid: Int32) -> Character? {
        guard let line = Files.readText("/proc/\(pid)/stat"), let close = line.lastIndex(of: ")") else { return nil }
        return line[line.index(after: close)...].drop { $0 == " " }.first
    }

}
