import Decoding
import Events

/// The wire's lines as the text outputs show them: `wire: IP 127.0.0.1.39802 > ...` (tcpdump's
/// line for the segment, without its time), `state: 127.0.0.1.39802 > 127.0.0.1.8888:
/// SYN_SENT -> ESTABLISHED`, and the one line saying why there is no wire view.
public enum WireText {
    public static func line(_ event: WireEvent) -> String {
        switch event {
        case .segment(let segment, _): return "wire: " + segment.tcpdumpText
        case .tcpState(let change, _): return "state: " + change.text
        case .unavailable(let reason, _): return reason
        }
    }
}

/// `--wire` with `--plain`: strace's lines stay alone on standard output; the wire's go to
/// their own output (standard error). A wire line waits until strace's line is whole (a call's
/// entry writes half a line, its exit the rest), then is written after what standard output
/// holds, so that on one terminal it falls in place under the call that sent the segment.
public final class WireLines: EventSink {
    let out: OutputSink
    let before: OutputSink?
    var pending: [String] = []

    public init(output: OutputSink, flushing before: OutputSink?) {
        self.out = output
        self.before = before
    }

    public func receive(_ event: RunEvent) {
        switch event {
        case .wire(let wire):
            pending.append(WireText.line(wire))
            if case .unavailable = wire { write() }
        case .trace(.entered, _):
            break
        case .trace, .finished:
            write()
        default:
            break
        }
    }

    func write() {
        guard !pending.isEmpty else { return }
        before?.flush()
        for line in pending { out.write(line + "\n") }
        pending.removeAll()
        out.flush()
    }

    public func finish() throws(SinkFailure) {
        write()
        out.flush()
        if let failure = out.failure { throw SinkFailure(failure) }
    }
}

extension LessonView {
    /// A wire event: the line waits until the call it follows is written (a segment is stamped
    /// before the exit of the call that sent it), unless it says there is no wire view. The
    /// first one comes after a note on what the lines are.
    func wire(_ event: WireEvent) {
        if case .unavailable = event {
            out.write(style.yellow(WireText.line(event)) + "\n\n")
            out.flush()
            return
        }
        if !wireNoted {
            wireNoted = true
            pendingWire.append("(--wire: each segment as tcpdump -i lo -n -S prints it, under the first call that returned after it was sent, which for most is the call that sent it; each TCP state as the kernel listed it at the tracer's stops: a state that comes and goes between two stops, SYN_SENT while connect waits, is not seen)")
        }
        pendingWire.append(WireText.line(event))
    }

    /// The wire's lines that wait, dim, under the line just written.
    func writeWire() {
        guard held == nil, !pendingWire.isEmpty else { return }
        for line in pendingWire {
            for (i, piece) in Self.breakLine(line, width: width - 4).enumerated() { out.write((i == 0 ? "  " : "    ") + style.dim(piece) + "\n") }
        }
        pendingWire.removeAll()
    }
}

extension PageModel {
    /// `--wire`: a segment becomes a thin arrow in the kernel's lane, after the item of the
    /// record before it (the call during which it was sent, or the last one that returned):
    /// `◀ [S.] 8888 → 40680, 0 bytes` toward the lane whose port it goes to.
    func addSegment(_ segment: Segment, order: Int) {
        guard let before = (0 ..< order).reversed().first(where: { itemOfRecord[$0].map { items[$0].kind != .kernel } ?? false }),
              let trigger = itemOfRecord[before] else { return }
        var item = PageItem(kind: .kernel, lane: Self.kernelLane, pid: nil, entryOrder: order)
        item.trigger = (trigger, items[trigger].exitOrder == before)
        item.segment = segment
        let flags: String
        if case .tcp(let header) = segment.transport { flags = "[\(Segment.flagText(header.flags))] " } else { flags = "UDP " }
        // The lesson's port is its first role's (the server's, left of the kernel's lane).
        let arrow = header?.port.map { UInt16(truncatingIfNeeded: $0) == segment.destinationPort ? "◀ " : "▶ " } ?? ""
        item.title = arrow + flags + "\(segment.sourcePort) → \(segment.destinationPort), \(segment.payloadLength) bytes"
        item.explanation = "On the wire (--wire), as tcpdump -i lo -n -S prints it: " + segment.tcpdumpText
        itemOfRecord[order] = items.count
        items.append(item)
    }
}
