import Decoding
import Events
import LessonModel

/// What `strace -e trace=SET` would print of a lesson with programs: a sink in front of another
/// (the strace lines, compare's collector) that drops the calls outside the lesson's trace set.
/// The engine reports a step's call even when the set leaves it out (the unix lesson's write and
/// read are no %network calls), so that the explained view can show every step; real strace run
/// with the lesson's set would not print it, and neither do these outputs.
public final class TraceSetFilter: EventSink {
    let inner: any EventSink
    let traced: Set<Int>

    /// nil when the lesson has no programs, or its set is every call: nothing to filter.
    public static func wrapping(_ sink: any EventSink, lesson: Lesson?) -> any EventSink {
        guard let set = lesson?.programs?.trace, let traced = try? TraceSelection.parse(set) else { return sink }
        return TraceSetFilter(inner: sink, traced: traced)
    }

    init(inner: any EventSink, traced: Set<Int>) {
        self.inner = inner
        self.traced = traced
    }

    public var wantsSnapshots: Bool { inner.wantsSnapshots }
    public var readsTimes: Bool { inner.readsTimes }

    /// Whether a call of this number is in the set (strace prints every call it has no name for).
    public func shows(_ number: UInt64) -> Bool {
        !SyscallTable.isKnown(number) || (number < UInt64(Int.max) && traced.contains(Int(number)))
    }

    public func receive(_ event: RunEvent) {
        switch event {
        case .trace(.entered(let call, _), _), .trace(.exited(let call, _, _), _):
            guard shows(call.number) else { return }
        default:
            break
        }
        inner.receive(event)
    }

    public func finish() throws(SinkFailure) { try inner.finish() }
}
