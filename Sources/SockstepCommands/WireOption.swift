import Events
import LessonModel
import Presentation
import Tracing

/// `--wire`'s help, the same on run and step.
let wireHelp = "Show the lesson's TCP segments and UDP datagrams on the loopback interface (tcpdump's lines) and its TCP sockets' states among the calls; needs CAP_NET_RAW (root). With --plain they go to standard error."

/// The ports the wire watches: the lesson's port and every port its calls' addresses name;
/// nil when its calls name no port (UNIX sockets, ICMP: nothing --wire shows).
func wirePorts(_ lesson: Lesson, port: Int) -> [UInt16]? {
    var named = false
    for step in lesson.steps {
        for argument in step.call.arguments {
            if case .address(.inet(_, _, let value)) = argument, value.resolve(port) > 0 { named = true }
        }
    }
    guard named else { return nil }
    var ports: Set<Int> = [port]
    for step in lesson.steps {
        for argument in step.call.arguments {
            guard case .address(.inet(_, _, let value)) = argument else { continue }
            let resolved = value.resolve(port)
            if (1 ... 65535).contains(resolved) { ports.insert(resolved) }
        }
    }
    return ports.map { UInt16($0) }.sorted()
}

/// With `--wire`: the packet socket opened (before anything runs, so that the first SYN is
/// seen) and the tap every event then goes through; without: the outputs themselves.
func wireSend(_ wire: Bool, lesson: Lesson, port: Int, to send: @escaping (RunEvent) -> Void) -> (RunEvent) -> Void {
    guard wire else { return send }
    guard let ports = wirePorts(lesson, port: port) else {
        let why = "no wire view: lesson \(lesson.name) talks over no TCP or UDP port (its sockets are UNIX or raw ones), and --wire shows the TCP segments and UDP datagrams of a lesson's ports on lo; the lesson runs without it"
        return WireTap(.failure(WireCapture.Unavailable(description: why)), send: send).receive
    }
    return WireTap(WireCapture.open(ports: ports), send: send).receive
}
