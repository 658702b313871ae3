// Speed must not change what the program sees (issue 12, item 4). By default a traced program
// is told the CPUs it was given, as under strace: it shares the tracer's CPU, which is faster,
// and the tracer writes the mask it was given into its sched_getaffinity buffer; without -f
// its children and threads (not traced) are given the CPUs back as they start. `--pin-cpu`
// (one CPU, and the program is told so) and `--no-pin-cpu` (every CPU, really) are asked for
// explicitly.

import Foundation
import Testing

@Suite("the traced program sees the CPUs it would see under strace", .serialized)
struct AffinityTests {
    /// The CPUs in the sched_getaffinity line of a trace.
    func cpus(in trace: String) -> [String]? {
        for line in trace.split(separator: "\n") {
            if let m = String(line).wholeMatch(of: #/sched_getaffinity\(0, 128, \[([0-9 ]*)\]\) += (\d+)/#) {
                return m.1.split(separator: " ").map(String.init)
            }
        }
        return nil
    }

    @Test("by default: the same mask, line and output as under strace", .timeLimit(.minutes(1)))
    func sameAsStrace() throws {
        let program = try Harness.compileC("affinity")
        let reference = try Harness.strace(["-e", "trace=sched_getaffinity", "--", program])
        let ours = try Harness.sockstep(["trace", "-e", "trace=sched_getaffinity", "--", program])
        #expect(reference.termination == .exited(0), "strace:\n\(reference)")
        #expect(ours.termination == .exited(0), "sockstep:\n\(ours)")
        let theirs = try #require(cpus(in: reference.stderr), "no sched_getaffinity line under strace:\n\(reference)")
        let mine = try #require(cpus(in: ours.stderr), "no sched_getaffinity line under sockstep:\n\(ours)")
        #expect(mine == theirs, "CPUs: strace \(theirs), sockstep \(mine)")
        #expect(ours.stdout == reference.stdout, "the program printed \(ours.stdout) under sockstep, \(reference.stdout) under strace")
        #expect(ours.stderr == reference.stderr)
    }

    /// How many CPUs a `Cpus_allowed_list` of /proc/PID/status names ("0-1", "1", "0,2-3").
    func count(inAllowedList status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }),
              let list = line.split(separator: "\t").last else { return nil }
        return list.trimmingCharacters(in: .whitespaces).split(separator: ",").reduce(0) { total, range in
            let ends = range.split(separator: "-").compactMap { Int($0) }
            return total + (ends.count == 2 ? ends[1] - ends[0] + 1 : 1)
        }
    }

    /// The CPUs this test process may run on (what a traced program is given).
    func givenCount() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        return try #require(count(inAllowedList: status))
    }

    /// The CPUs a program really may run on under `sockstep trace OPTIONS`: the
    /// `Cpus_allowed_list` of a `cat /proc/self/status` it runs (`inChild`: a child of the
    /// traced shell runs it).
    func reallyAllowed(_ options: [String], inChild: Bool = false) throws -> Int {
        let command = inChild ? ["/bin/sh", "-c", "/usr/bin/cat /proc/self/status; exit 0"] : ["/usr/bin/cat", "/proc/self/status"]
        let run = try Harness.sockstep(["trace"] + options + ["-e", "trace=none", "--"] + command)
        return try #require(count(inAllowedList: run.stdout), "no Cpus_allowed_list:\n\(run)")
    }

    @Test("-f by default: one CPU shared, and every process and thread is told what strace tells it",
          .timeLimit(.minutes(1)))
    func followedProcessesToldTheirCPUs() throws {
        let program = try Harness.compileC("affinity_forks", extraFlags: ["-pthread"])
        let options = ["-f", "-e", "trace=sched_getaffinity,sched_setaffinity"]
        let reference = try Harness.strace(options + ["--", program])
        let ours = try Harness.sockstep(["trace"] + options + ["--", program])
        #expect(reference.termination == .exited(0), "strace:\n\(reference)")
        #expect(ours.termination == .exited(0), "sockstep:\n\(ours)")
        // Told: the program's own counts, in each process and thread, before and after it
        // chose one CPU itself and took them all back.
        #expect(ours.stdout == reference.stdout)
        #expect(reference.stdout.contains("chosen child: 1"), "the program did not run as planned:\n\(reference.stdout)")
        let normalizer = TraceNormalizer(chosenPorts: [], pidNumbers: true)
        let theirs = normalizer.normalizedText(reference.stderr)
        let mine = normalizer.normalizedText(ours.stderr)
        #expect(mine == theirs, "\(LineDiff.unified(theirs, mine, aName: "strace", bName: "sockstep"))")
        // Really: on one CPU (when it was given more than one).
        let given = try givenCount()
        #expect(given > 0)
        #expect(try reallyAllowed(["-f"]) == min(given, 1))
    }

    @Test("-f -e trace=%network (the seccomp prefilter): still told its CPUs, the mask calls not shown",
          .timeLimit(.minutes(1)))
    func prefilteredProcessesToldTheirCPUs() throws {
        let program = try Harness.compileC("affinity_forks", extraFlags: ["-pthread"])
        let reference = try Harness.strace(["-f", "--seccomp-bpf", "-e", "trace=%network", "--", program])
        let ours = try Harness.sockstep(["trace", "-f", "-e", "trace=%network", "--", program])
        #expect(ours.termination == .exited(0), "sockstep:\n\(ours)")
        #expect(ours.stdout == reference.stdout)
        #expect(!ours.stderr.contains("affinity"), "a mask call the trace did not ask for was shown:\n\(ours.stderr)")
    }

    @Test("without -f: the command shares one CPU and is told its own; its children and threads get theirs back",
          .timeLimit(.minutes(1)))
    func untracedChildrenGetTheirCPUs() throws {
        let program = try Harness.compileC("affinity_forks", extraFlags: ["-pthread"])
        // (Not clone3: its parent_tid=[N] is the thread's id or 0, as the thread has or has
        // not ended when the tracer reads it, under strace as under sockstep.)
        let options = ["-e", "trace=sched_getaffinity,sched_setaffinity,clone"]
        let reference = try Harness.strace(options + ["--", program])
        let ours = try Harness.sockstep(["trace"] + options + ["--", program])
        #expect(ours.termination == .exited(0), "sockstep:\n\(ours)")
        #expect(ours.stdout == reference.stdout)
        let normalizer = TraceNormalizer(chosenPorts: [], pidNumbers: true)
        let theirs = normalizer.normalizedText(reference.stderr)
        let mine = normalizer.normalizedText(ours.stderr)
        #expect(mine == theirs, "\(LineDiff.unified(theirs, mine, aName: "strace", bName: "sockstep"))")
        let given = try givenCount()
        #expect(try reallyAllowed([]) == min(given, 1))
        #expect(try reallyAllowed([], inChild: true) == given, "an untraced child keeps the command's CPUs")
    }

    @Test("traces one after another in one process (a check and its reference run): each program told its CPUs",
          .timeLimit(.minutes(1)))
    func tracesOneAfterAnother() throws {
        // cpu-probe runs the tracers in a process of its own (one in this test process would
        // collect other tests' children with its waitpid(-1)).
        let probe = (try Harness.sockstepBinary() as NSString).deletingLastPathComponent + "/cpu-probe"
        guard access(probe, X_OK) == 0 else { throw HarnessError("cpu-probe is not built next to sockstep: \(probe) (swift build)") }
        let given = try givenCount()
        let run = try Harness.run(probe, ["default", "default", "pin-cpu", "every-cpu", "default"], timeout: 30)
        // The second default trace starts pinned by the first; every-cpu after pin-cpu unpins.
        #expect(run.stdout == "default: \(given)\ndefault: \(given)\npin-cpu: 1\nevery-cpu: \(given)\ndefault: \(given)\n", "\(run)")
    }

    @Test("--no-pin-cpu: every CPU, really", .timeLimit(.minutes(1)))
    func notPinned() throws {
        let given = try givenCount()
        #expect(try reallyAllowed(["-f", "--no-pin-cpu"]) == given)
        #expect(try reallyAllowed(["--no-pin-cpu"]) == given)
    }

    @Test("--pin-cpu: one CPU, and the program is told so", .timeLimit(.minutes(1)))
    func pinnedShowsOneCPU() throws {
        let program = try Harness.compileC("affinity")
        let ours = try Harness.sockstep(["trace", "--pin-cpu", "-e", "trace=sched_getaffinity", "--", program])
        #expect(ours.termination == .exited(0), "sockstep:\n\(ours)")
        let mine = try #require(cpus(in: ours.stderr), "no sched_getaffinity line:\n\(ours)")
        #expect(mine.count == 1, "--pin-cpu should leave the program one CPU, it has \(mine)")
        #expect(ours.stdout == "1: \(mine.joined())\n", "the program's own count: \(ours.stdout)")
    }
}
