// guard-probe RUN_FOLDER PROGRAM [ARGS...]: runs PROGRAM under the lesson orchestrator as a role
// with no steps, so that only its loopback guard acts; prints each refusal as
// `refused: ROLE: REASON` and then `outcome: exited N` or `outcome: killed N`.
//
// A test support program: a tracer must not run inside the test process, whose waitpid(-1)
// would collect the children of every other test running beside it.
import Glibc
import Lessons
import Tracing

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: guard-probe RUN_FOLDER PROGRAM [ARGS...]")
    exit(2)
}
let lesson = Lesson(name: "probe", title: "probe", summary: "", path: "probe.yaml", defaultPort: 8888,
                    roles: [Role(name: "program", about: "")], steps: [])
let orchestrator = Orchestrator(lesson: lesson) { event in
    if case .refused(let role, _, let reason) = event { print("refused: \(role): \(reason)") }
}
orchestrator.runFolder = arguments[1]
var configuration = TraceConfiguration()
configuration.cpus = .asGiven
let tracer = Tracer(configuration: configuration) { _ in }
tracer.policy = orchestrator
do {
    try tracer.spawn(path: arguments[2], arguments: Array(arguments[2...]), environment: ["PATH=/usr/bin:/bin"])
} catch {
    print("spawn: \(error)")
    exit(1)
}
if let pid = tracer.spawned.last { orchestrator.assign(pid: pid, role: "program") }
switch tracer.run() {
case .exited(let code): print("outcome: exited \(code)")
case .killed(let signal): print("outcome: killed \(signal)")
default: print("outcome: other")
}
