import Decoding
import Events

/// `-c`: calls, errors and time per syscall, printed as strace's summary table at the end. Time
/// is the time from entry to exit of each call.
public final class SummaryTable: EventSink {
    struct Row {
        var calls = 0
        var errors = 0
        var seconds = 0.0
    }

    private var rows: [String: Row] = [:]
    private let out: OutputSink

    public init(output: OutputSink) {
        out = output
    }

    public func receive(_ event: RunEvent) {
        // A call is counted when it returns: exit_group never does (strace leaves it out too).
        guard case .trace(.exited(let call, let stamp, let entry), _) = event, call.result != .unknown else { return }
        var row = rows[call.name] ?? Row()
        row.calls += 1
        if call.failed { row.errors += 1 }
        row.seconds += max(0, stamp.monotonic - entry.monotonic)
        rows[call.name] = row
    }

    public func finish() throws(SinkFailure) {
        out.write(render())
        out.flush()
        if let failure = out.failure { throw SinkFailure(failure) }
    }

    public func render() -> String {
        let total = rows.values.reduce(0.0) { $0 + $1.seconds }
        let separator = "------ ----------- ----------- --------- --------- ----------------\n"
        var out = "% time     seconds  usecs/call     calls    errors syscall\n" + separator
        let sorted = rows.sorted { a, b in
            a.value.seconds != b.value.seconds ? a.value.seconds > b.value.seconds : a.key < b.key
        }
        var calls = 0, errors = 0
        for (name, row) in sorted {
            calls += row.calls
            errors += row.errors
            out += line(percent: total > 0 ? row.seconds * 100 / total : 0, seconds: row.seconds,
                        usecsPerCall: row.calls > 0 ? Int(row.seconds * 1e6) / row.calls : 0,
                        calls: row.calls, errors: row.errors, name: name)
        }
        out += separator
        out += line(percent: 100, seconds: total, usecsPerCall: calls > 0 ? Int(total * 1e6) / calls : 0,
                    calls: calls, errors: errors, name: "total")
        return out
    }

    func line(percent: Double, seconds: Double, usecsPerCall: Int, calls: Int, errors: Int, name: String) -> String {
        pad(fixed(percent, 2), 6) + " " + pad(fixed(seconds, 6), 11) + " " + pad(String(usecsPerCall), 11) + " "
            + pad(String(calls), 9) + " " + pad(errors == 0 ? "" : String(errors), 9) + " " + name + "\n"
    }

    func pad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }

    func fixed(_ v: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0 ..< digits { scale *= 10 }
        let rounded = Int((v * scale).rounded())
        let whole = rounded / Int(scale)
        let frac = String(rounded % Int(scale))
        return "\(whole)." + String(repeating: "0", count: digits - frac.count) + frac
    }
}
