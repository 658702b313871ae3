import Decoding
import Events
import LessonModel

/// `--html FILE`, a sink: one self-contained page (no network, no external scripts or fonts) with the
/// sequence diagram of a run: a lane per role (or pid) and one for the kernel, the calls in time
/// order, blocking calls as spans from entry to exit, connection and data arrows between roles,
/// failed calls in red, calls a seccomp filter decided marked; each call's strace line and
/// explanation on hover and on click.
public final class SequenceDiagram: EventSink {
    struct Item {
        var lane: String
        var call: DecodedCall?
        var text: String
        var meaning: String
        var entryRow: Int
        var exitRow: Int
        var failed: Bool
        var seccomp: Bool
        var kind: String // call, signal, exit
        var stepTitle: String?
    }

    let title: String
    var lanes: [String] = []
    var items: [Item] = []
    var open: [Int32: Int] = [:]
    var row = 0
    /// Calls a seccomp filter decides.
    public var filtered: [BlockedCall] = []
    /// Where the page goes when the run is over.
    let file: OutputFile?
    /// Write the page after Ctrl-C too (a trace's page shows what was traced; a lesson's page
    /// is of a whole lesson).
    let writeWhenInterrupted: Bool
    var interrupted = false
    /// Set when the page must not be written by this run (a lesson that restarts with a block:
    /// the next run writes it).
    public var skip = false

    public init(title: String, lanes: [String] = [], file: OutputFile? = nil, writeWhenInterrupted: Bool = true) {
        self.title = title
        self.lanes = lanes
        self.file = file
        self.writeWhenInterrupted = writeWhenInterrupted
    }

    public func receive(_ event: RunEvent) {
        switch event {
        case .trace(let traceEvent, let context): handle(traceEvent, role: context?.role, step: context?.step)
        case .finished(let end): interrupted = end.interruptSignal != 0
        default: break
        }
    }

    /// Writes the page (or, when it is not to be written, leaves the file as it was).
    public func finish() throws(SinkFailure) {
        guard let file, !skip else { return }
        guard writeWhenInterrupted || !interrupted else {
            file.abandon()
            return
        }
        try file.replace(with: render())
    }

    func lane(_ name: String) -> String {
        if !lanes.contains(name) { lanes.append(name) }
        return name
    }

    func handle(_ event: TraceEvent, role: String? = nil, step: Step? = nil) {
        let laneName = lane(role ?? "pid \(event.pid)")
        switch event {
        case .entered(let call, _):
            items.append(Item(lane: laneName, call: call, text: StraceLine.entry(call), meaning: "", entryRow: row, exitRow: row,
                              failed: false, seccomp: false, kind: "call", stepTitle: step.map { "\($0.role) · step \($0.numberInRole) · \($0.title)" }))
            open[call.pid] = items.count - 1
            row += 1
        case .exited(let call, _, _):
            let text = StraceLine.call(call, column: 0)
            let decided = filtered.contains { $0.decides(call.name, role: role) }
            if let index = open.removeValue(forKey: call.pid) {
                items[index].call = call
                items[index].text = text
                items[index].exitRow = max(items[index].entryRow, row - 1)
                if items[index].exitRow > items[index].entryRow { items[index].exitRow = row; row += 1 }
                items[index].failed = call.failed
                items[index].seccomp = decided
                items[index].meaning = Explainer.meaning(call) ?? ""
            }
        case .signal(let delivery, _):
            items.append(Item(lane: laneName, call: nil, text: StraceLine.signal(delivery),
                              meaning: "a signal", entryRow: row, exitRow: row, failed: true, seccomp: delivery.signal == 31, kind: "signal", stepTitle: nil))
            row += 1
        case .exitedNormally(_, let status, _):
            items.append(Item(lane: laneName, call: nil, text: StraceLine.exited(status: status), meaning: status == 0 ? "the process ended" : "the process ended with an error status",
                              entryRow: row, exitRow: row, failed: status != 0, seccomp: false, kind: "exit", stepTitle: nil))
            row += 1
        case .killed(_, let signal, let core, _):
            items.append(Item(lane: laneName, call: nil, text: StraceLine.killed(signal: signal, coreDumped: core), meaning: "the process was killed",
                              entryRow: row, exitRow: row, failed: true, seccomp: false, kind: "exit", stepTitle: nil))
            row += 1
        default:
            break
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Arrows between roles: connect ↔ accept, send → receive (by data).
    func arrows() -> [(from: Int, to: Int, label: String)] {
        var out: [(Int, Int, String)] = []
        let calls = items.enumerated().filter { $0.element.call != nil && !$0.element.failed }
        for (i, item) in calls where item.call!.name == "connect" {
            if let (j, _) = calls.first(where: { ($0.element.call!.name == "accept4" || $0.element.call!.name == "accept") && $0.element.lane != item.lane }) {
                out.append((i, j, "handshake"))
            }
        }
        for (i, item) in calls where ["sendto", "write", "sendmsg"].contains(item.call!.name) {
            let data = item.call!.arguments.count > 1 ? item.call!.arguments[1] : nil
            if let (j, _) = calls.first(where: { ["recvfrom", "read", "recvmsg"].contains($0.element.call!.name) && $0.element.lane != item.lane
                && $0.offset > i && ($0.element.call!.arguments.count > 1 && $0.element.call!.arguments[1] == data) }) {
                out.append((i, j, data?.render() ?? "data"))
            }
        }
        return out
    }

    public func render() -> String {
        let laneWidth = 330, left = 20, top = 70, rowHeight = 38
        var columns = lanes
        let kernelIndex = columns.count >= 2 ? 1 : columns.count
        columns.insert("kernel", at: kernelIndex)
        func x(_ lane: String) -> Int { left + (columns.firstIndex(of: lane) ?? 0) * laneWidth }
        let width = left * 2 + columns.count * laneWidth
        let height = top + (row + 1) * rowHeight + 20
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"sequence diagram\">\n"
        svg += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n"
        for lane in columns {
            let cx = x(lane) + laneWidth / 2
            svg += "<text class=\"lane\" x=\"\(cx)\" y=\"30\" text-anchor=\"middle\">\(Self.escape(lane))</text>\n"
            svg += "<line class=\"\(lane == "kernel" ? "kernel-line" : "life")\" x1=\"\(cx)\" y1=\"42\" x2=\"\(cx)\" y2=\"\(height - 10)\"/>\n"
        }
        let kernelX = x("kernel") + laneWidth / 2
        for (index, item) in items.enumerated() {
            let y = top + item.entryRow * rowHeight
            let boxX = x(item.lane) + 10, boxWidth = laneWidth - 20
            let spanHeight = (item.exitRow - item.entryRow) * rowHeight + rowHeight - 8
            var classes = [item.kind]
            if item.failed { classes.append("failed") }
            if item.seccomp { classes.append("seccomp") }
            if item.exitRow > item.entryRow { classes.append("blocking") }
            let name = item.call?.name ?? item.text
            let detail = [item.stepTitle, item.text, item.meaning.isEmpty ? nil : item.meaning, item.seccomp ? "decided by the seccomp filter" : nil]
                .compactMap { $0 }.joined(separator: "\n")
            svg += "<g class=\"\(classes.joined(separator: " "))\" data-call=\"\(index)\" data-detail=\"\(Self.escape(detail))\" tabindex=\"0\">"
            svg += "<title>\(Self.escape(detail))</title>"
            if item.kind == "call" {
                let cx = x(item.lane) + laneWidth / 2
                svg += "<line class=\"syscall\" x1=\"\(cx)\" y1=\"\(y + 14)\" x2=\"\(kernelX)\" y2=\"\(y + 14)\" marker-end=\"url(#arrow)\"/>"
            }
            svg += "<rect x=\"\(boxX)\" y=\"\(y)\" width=\"\(boxWidth)\" height=\"\(spanHeight)\" rx=\"6\"/>"
            let label = item.kind == "call" ? (item.call.map { call in
                let result = StraceLine.result(call.result)
                let first = call.arguments.first.map { $0.render() } ?? ""
                let head = call.name + "(" + (first.count > 12 ? String(first.prefix(12)) + "…" : first) + (call.arguments.count > 1 ? ", …)" : ")")
                let text = head + " = " + result
                return text.count > 42 ? String(text.prefix(42)) + "…" : text
            } ?? name) : (item.text.count > 40 ? String(item.text.prefix(40)) + "…" : item.text)
            svg += "<text x=\"\(boxX + 8)\" y=\"\(y + 19)\">\(Self.escape(label))</text>"
            if item.seccomp { svg += "<text class=\"badge\" x=\"\(boxX + boxWidth - 8)\" y=\"\(y + 19)\" text-anchor=\"end\">seccomp</text>" }
            if item.exitRow > item.entryRow {
                svg += "<text class=\"note\" x=\"\(boxX + 8)\" y=\"\(y + spanHeight - 8)\">waits in the kernel until another role acts</text>"
            }
            svg += "</g>\n"
        }
        for arrow in arrows() {
            let a = items[arrow.from], b = items[arrow.to]
            let y1 = top + a.exitRow * rowHeight + 15, y2 = top + b.exitRow * rowHeight + 15
            // From the edge of one box to the facing edge of the other.
            let rightward = x(a.lane) < x(b.lane)
            let x1 = x(a.lane) + (rightward ? laneWidth - 10 : 10)
            let x2 = x(b.lane) + (rightward ? 10 : laneWidth - 10)
            svg += "<g class=\"flow\"><line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" marker-end=\"url(#arrow)\"/>"
            svg += "<text x=\"\((x1 + x2) / 2)\" y=\"\((y1 + y2) / 2 - 4)\" text-anchor=\"middle\">\(Self.escape(arrow.label))</text></g>\n"
        }
        svg += "</svg>"
        let calls = items.filter { $0.kind == "call" }.count
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 24px; color: #111; }
        h1 { font-size: 20px; margin: 0 0 4px; }
        p.sub { color: #555; margin: 0 0 16px; }
        svg { font-family: ui-monospace, monospace; font-size: 13px; }
        .lane { font: bold 16px system-ui, sans-serif; }
        .life { stroke: #888; stroke-dasharray: 4 4; }
        .kernel-line { stroke: #444; stroke-width: 6; opacity: .25; }
        g.call rect { fill: #eef5ff; stroke: #2b6cb0; }
        g.call.blocking rect { fill: #fff7e0; stroke: #b7791f; }
        g.failed rect { fill: #fde8e8; stroke: #c53030; stroke-width: 2; }
        g.failed text { fill: #9b2c2c; }
        g.seccomp rect { stroke-dasharray: 5 3; }
        g.signal rect, g.exit rect { fill: #f4f4f4; stroke: #777; }
        .syscall { stroke: #999; }
        .badge { fill: #c53030; font-weight: bold; font-size: 11px; }
        .note { fill: #8a5a00; font-size: 11px; }
        g.flow line { stroke: #2f855a; stroke-width: 2; }
        g.flow text { fill: #2f855a; font-size: 12px; }
        g[data-call] { cursor: pointer; }
        g[data-call]:hover rect, g[data-call]:focus rect { stroke-width: 3; }
        #detail { white-space: pre-wrap; font-family: ui-monospace, monospace; background: #f7f7f7; border: 1px solid #ddd; padding: 10px; min-height: 3em; margin-top: 12px; }
        @media print { #detail { display: none; } body { margin: 0; } }
        </style></head>
        <body data-calls="\(calls)">
        <h1>\(Self.escape(title))</h1>
        <p class="sub">Each box is a system call, in time order; tall amber boxes blocked in the kernel; red ones failed; dashed ones were decided by a seccomp filter; green arrows are the connection and the data between roles. Click a call for its strace line and what it means.</p>
        \(svg)
        <div id="detail">Click a call.</div>
        <script>
        window.addEventListener('error', function () {
          document.body.setAttribute('data-errors', String(Number(document.body.getAttribute('data-errors') || 0) + 1));
        });
        (function () {
          var detail = document.getElementById('detail');
          var nodes = document.querySelectorAll('g[data-call]');
          nodes.forEach(function (g) {
            function show() { detail.textContent = g.getAttribute('data-detail'); }
            g.addEventListener('click', show);
            g.addEventListener('keydown', function (e) { if (e.key === 'Enter') show(); });
          });
          document.body.setAttribute('data-ready', String(nodes.length));
        })();
        </script>
        </body></html>

        """
    }
}
