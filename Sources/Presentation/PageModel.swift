import Decoding
import Events
import LessonModel

/// What the page sink keeps of a run: the events it draws, in the order they came.
enum PageRecord {
    case trace(TraceEvent, LessonContext?)
    /// The lesson's call did not return: its process waits in the kernel.
    case blocked(Step, role: String)
    case snapshot(KernelSnapshot)
    case ended([EndedRole], EndReason)
    case refused(role: String, step: Step?, reason: String)
    /// `--wire`: a segment on the loopback interface, between the records it came between.
    case segment(Segment)
}

/// One thing drawn in a lane: a call (a box, or a span from its entry to its return when it
/// waited), something the kernel did on its own, a signal, a process's end, or sockstep's notice.
struct PageItem {
    enum Kind: String {
        case call, kernel, signal, exit, notice
    }

    var kind: Kind
    var lane: String
    var pid: Int32?
    /// The call as decoded at its entry, and at its exit (nil while it did not return).
    var entry: DecodedCall?
    var exit: DecodedCall?
    /// The records of its entry (or of the item itself) and of its exit.
    var entryOrder: Int
    var exitOrder: Int?
    var step: Step?
    var role: String?
    /// The lesson said the call did not return: its process waits in the kernel.
    var lessonBlocked = false
    /// The seccomp rule that decides this call.
    var rule: BlockedCall?
    /// Why the call waited (`waits: no data yet`), when it did: it is drawn as a span.
    var waits: String?
    /// A signal's delivery, a process's end (the strace line), a notice or the kernel's text.
    var text = ""
    /// A kernel item: what it did, in a few words for its box, and the call it follows (and
    /// whether it follows that call's return rather than its entry).
    var title = ""
    var explanation = ""
    var trigger: (item: Int, atReturn: Bool)?
    /// `--wire`: the kernel item is a segment on the wire (a thin arrow in the kernel's lane).
    var segment: Segment?

    // Layout: the row of its entry (and of its return), its position in the presentation.
    var row = 0
    var returnRow: Int?
    var position = 0
    var returnPosition: Int?

    init(kind: Kind, lane: String, pid: Int32?, entryOrder: Int) {
        self.kind = kind
        self.lane = lane
        self.pid = pid
        self.entryOrder = entryOrder
    }

    /// The call as far as it is known: at its exit, else at its entry.
    var call: DecodedCall? { exit ?? entry }
}

/// A line between two items the trace implies: a connection (from connect, through the
/// kernel's handshake, to accept), data (a send to the receive that got its bytes), the
/// kernel's reply or reset, a child's exit to the parent's wait.
struct PageFlow {
    enum Kind: String {
        case connection, handshake, data, echo, copy, reset, exit
    }

    var kind: Kind
    var from: Int
    var via: Int?
    var to: Int
    var label: String
    /// Shown from this position on (both ends revealed).
    var position = 0
}

/// A run as the page draws it: lanes, items in rows, flows, positions, the lesson's text.
final class PageModel {
    let header: RunHeader?
    var lanes: [String]
    var items: [PageItem] = []
    var flows: [PageFlow] = []
    /// Which item each record made (calls: both their entry and their exit record).
    var itemOfRecord: [Int: Int] = [:]
    let records: [PageRecord]
    let rules: [BlockedCall]
    /// "What happened", for a run with a block.
    var story: [String] = []
    /// A lane's second line: the program a process runs, whose child it is.
    var laneNotes: [String: String] = [:]
    var rowCount = 0
    var positionCount = 0

    init(header: RunHeader?, lanes: [String], records: [PageRecord], rules: [BlockedCall]) {
        self.header = header
        self.lanes = lanes
        self.records = records
        self.rules = rules
        collect()
        analyze()
        markWaits()
        layOut()
    }

    static let kernelLane = "kernel"

    /// The lanes in their order on the page: the kernel's second (between a server and its
    /// client), or last when there is one lane.
    var columns: [String] {
        var out = lanes
        out.insert(Self.kernelLane, at: min(1, out.count))
        return out
    }

    func lane(for context: LessonContext?, pid: Int32) -> String {
        let name = context?.role ?? "pid \(pid)"
        if !lanes.contains(name) { lanes.append(name) }
        return name
    }

    /// Items from the records: one per call (entry and exit), signal, end, notice.
    func collect() {
        var open: [Int32: Int] = [:]
        for (order, record) in records.enumerated() {
            switch record {
            case .trace(let event, let context):
                let laneName = lane(for: context, pid: event.pid)
                switch event {
                case .entered(let call, _):
                    var item = PageItem(kind: .call, lane: laneName, pid: call.pid, entryOrder: order)
                    item.entry = call
                    item.step = context?.step
                    item.role = context?.role
                    item.rule = rules.first { $0.decides(call.name, role: context?.role) }
                    open[call.pid] = items.count
                    itemOfRecord[order] = items.count
                    items.append(item)
                case .exited(let call, _, _):
                    if let index = open.removeValue(forKey: call.pid), items[index].entry?.name == call.name {
                        items[index].exit = call
                        items[index].exitOrder = order
                        itemOfRecord[order] = index
                    } else {
                        var item = PageItem(kind: .call, lane: laneName, pid: call.pid, entryOrder: order)
                        item.exit = call
                        item.exitOrder = order
                        item.step = context?.step
                        item.role = context?.role
                        item.rule = rules.first { $0.decides(call.name, role: context?.role) }
                        itemOfRecord[order] = items.count
                        items.append(item)
                    }
                case .signal(let delivery, _):
                    var item = PageItem(kind: .signal, lane: laneName, pid: delivery.pid, entryOrder: order)
                    item.text = StraceLine.signal(delivery)
                    item.role = context?.role
                    itemOfRecord[order] = items.count
                    items.append(item)
                case .exitedNormally(let pid, let status, _):
                    var item = PageItem(kind: .exit, lane: laneName, pid: pid, entryOrder: order)
                    item.text = StraceLine.exited(status: status)
                    item.role = context?.role
                    itemOfRecord[order] = items.count
                    items.append(item)
                case .killed(let pid, let signal, let core, _):
                    var item = PageItem(kind: .exit, lane: laneName, pid: pid, entryOrder: order)
                    item.text = StraceLine.killed(signal: signal, coreDumped: core)
                    item.role = context?.role
                    itemOfRecord[order] = items.count
                    items.append(item)
                default:
                    break
                }
            case .blocked(let step, let role):
                if let index = items.lastIndex(where: { $0.kind == .call && $0.role == role && $0.step?.index == step.index }) {
                    items[index].lessonBlocked = true
                }
            case .snapshot:
                break
            case .segment(let segment):
                addSegment(segment, order: order)
            case .ended(let roles, let reason):
                guard let first = roles.first else { break }
                let laneName = lane(for: LessonContext(role: first.role, step: nil), pid: first.pid)
                var item = PageItem(kind: .notice, lane: laneName, pid: first.pid, entryOrder: order)
                item.text = "sockstep ends " + roles.map(\.role).joined(separator: ", ")
                item.explanation = reason.explanation(for: roles) + (reason.advice.map { " " + $0 } ?? "")
                item.role = first.role
                itemOfRecord[order] = items.count
                items.append(item)
            case .refused(let role, let step, let reason):
                let laneName = lane(for: LessonContext(role: role, step: step), pid: 0)
                var item = PageItem(kind: .notice, lane: laneName, pid: nil, entryOrder: order)
                item.text = "sockstep refused \(role)'s call"
                item.explanation = "sockstep refused \(role)'s \(reason). It ends \(role): a lesson talks only on 127.0.0.0/8, ::1 and in its run folder."
                item.role = role
                item.step = step
                itemOfRecord[order] = items.count
                items.append(item)
            }
        }
    }

    /// The order of the record an item counts from when it causes a wait: its entry (a kernel
    /// item: its trigger's).
    func causeOrder(_ index: Int) -> Int {
        let item = items[index]
        if item.kind == .kernel, let trigger = item.trigger {
            return trigger.atReturn ? (items[trigger.item].exitOrder ?? items[trigger.item].entryOrder) : items[trigger.item].entryOrder
        }
        return item.entryOrder
    }

    /// A call waits when the lesson says it blocked, or when what ended it (a connection, data,
    /// a child's exit) started after the call did. A call that returned at once is one box.
    func markWaits() {
        for flow in flows where flow.kind != .reset {
            let target = flow.to
            guard items[target].kind == .call, items[target].waits == nil else { continue }
            let source = flow.via ?? flow.from
            if causeOrder(source) > items[target].entryOrder && (items[target].exitOrder ?? Int.max) > causeOrder(source) {
                items[target].waits = Self.waitReason(items[target].call?.name ?? "")
            }
        }
        for index in items.indices where items[index].lessonBlocked && items[index].waits == nil {
            items[index].waits = Self.waitReason(items[index].call?.name ?? "")
        }
    }

    /// What a waiting call waits for, to follow "waits" or "waited".
    static func waitReason(_ name: String) -> String {
        switch name {
        case "accept", "accept4": return ": no connection in the queue yet"
        case "recvfrom", "recv", "recvmsg", "recvmmsg", "read", "readv": return ": no data yet"
        case "connect": return " for the handshake"
        case "wait4", "waitid": return " for a child process to end"
        case "poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait": return " for a descriptor to be ready"
        default: return " in the kernel"
        }
    }

    /// Rows and positions, in the order things happened: an item's entry takes a row and a
    /// position; a waiting call's return takes another; the kernel's items come right after
    /// what they follow, in its row when the kernel's lane is free there.
    func layOut() {
        var moments: [(order: Int, item: Int, isReturn: Bool)] = []
        for (index, item) in items.enumerated() where item.kind != .kernel {
            moments.append((item.entryOrder, index, false))
            if item.waits != nil { moments.append((item.exitOrder ?? Int.max, index, true)) }
        }
        moments.sort { $0.order != $1.order ? $0.order < $1.order : ($0.isReturn ? 1 : 0) < ($1.isReturn ? 1 : 0) }
        var triggered: [Int: [Int]] = [:] // key: item * 2 + (return ? 1 : 0)
        for (index, item) in items.enumerated() where item.kind == .kernel {
            // A trigger's return counts only when the call waited (else it is one box, at its entry).
            if let trigger = item.trigger {
                let atReturn = trigger.atReturn && items[trigger.item].waits != nil
                triggered[trigger.item * 2 + (atReturn ? 1 : 0), default: []].append(index)
            }
        }
        var row = 0
        var position = 0
        for moment in moments {
            position += 1
            if moment.isReturn {
                items[moment.item].returnRow = row
                items[moment.item].returnPosition = position
            } else {
                items[moment.item].row = row
                items[moment.item].position = position
            }
            var kernelRowFree = true
            let momentRow = row
            row += 1
            for kernel in triggered[moment.item * 2 + (moment.isReturn ? 1 : 0)] ?? [] {
                position += 1
                if kernelRowFree {
                    items[kernel].row = momentRow
                    kernelRowFree = false
                } else {
                    items[kernel].row = row
                    row += 1
                }
                items[kernel].position = position
            }
        }
        rowCount = row
        positionCount = position
        for index in flows.indices {
            let flow = flows[index]
            var shown = [part(flow.from, arriving: false), part(flow.to, arriving: true)]
            if let via = flow.via { shown.append(items[via].position) }
            flows[index].position = shown.max() ?? 0
        }
    }

    /// The position where an item's end of a flow shows: a waiting call's return when the flow
    /// arrives there (or leaves from there), else its entry.
    func part(_ index: Int, arriving: Bool) -> Int {
        let item = items[index]
        if let returnPosition = item.returnPosition, arriving || item.kind == .call { return returnPosition }
        return item.position
    }

    /// The step's code in the run's language.
    func code(for step: Step) -> String? {
        let code = step.code[header?.language ?? .rust]
        return code.flatMap { $0.isEmpty ? nil : $0 }
    }
}
