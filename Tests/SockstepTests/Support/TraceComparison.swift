// Normalizing strace-format output so that two runs of the same program can be compared line
// by line, and a unified diff for failure messages.
//
// Only what truly varies between runs is normalized:
//   - pids: `[pid N] ` prefixes (stderr with -f) and `%-5u ` prefixes (-o FILE with -f) become
//     role labels (P1, P2, ...) of the same width; `si_pid=N`, `Process N attached` and the pid
//     of SCM_CREDENTIALS become the label (or <PID> when the pid is not a traced process);
//   - ephemeral ports: `htons(N)` and `ADDR:N` in -yy annotations, for any N other than 0 and
//     the ports the test chose, become <PORT>;
//   - socket inode numbers in -yy annotations become I1, I2, ... in order of first appearance;
//   - pointers: `0x` followed by 6 or more hex digits become 0x<PTR>;
//   - timings: -T `<0.000123>`, -tt `HH:MM:SS.micro` and -r stamps (digits become #),
//     si_utime/si_stime of SIGCHLD (with the seconds' comment strace adds when they are not 0);
//   - the tracer's name at the start of its own messages (`strace: ` / `sockstep: `);
//   - with `pidNumbers`, pids where calls take or return them: the results of the calls that
//     return a pid (getpid, gettid, set_tid_address, setsid, getpgrp, getsid, getpgid, wait4,
//     the fork family), the pid arguments of wait4, kill, tkill, tgkill, getsid, getpgid,
//     setpgid, prlimit64, sched_{get,set}affinity, rt_sigqueueinfo, rt_tgsigqueueinfo,
//     pidfd_open and waitid (P_PID), `parent_tid=[N]`, and the value a
//     FUTEX_WAIT waits on (a thread's id, when a thread is joined): the pid of a traced
//     process, or one such a call returned, becomes its label (other numbers, sizes say, stay);
//   - with `varying`, the data of real programs that differs from run to run (VaryingData).
// And, because the interleaving of processes under -f is up to the scheduler, lines are grouped
// per process (compared process by process) and an `<unfinished ...>` line is merged with its
// `<... NAME resumed>` line into the line strace prints when nothing comes between (the ` = `
// re-aligned at column 40).

import Foundation

/// Maps a process to a stable label by the calls it makes: the first pid whose line contains
/// `marker` gets `label`.
struct Role: Sendable, Hashable {
    var marker: String
    var label: String
}

struct TraceNormalizer: Sendable {
    /// Ports the test chose: these stay as they are; every other non-zero port is ephemeral.
    var chosenPorts: Set<Int>
    /// `-o FILE` together with `-f`: every line starts with `%-5u ` (the pid).
    var columnPrefix: Bool = false
    /// Labels by role (markers); the first process (the one the tracer started) is `rootLabel`.
    var roles: [Role] = []
    var rootLabel: String = "P1"
    /// Pids in the lines' text, not only in prefixes (the decoder-family and whole-program tests).
    var pidNumbers = false
    /// What a real program reads or gets that changes from run to run.
    var varying: Set<VaryingData> = []

    // MARK: Lines

    private enum Kind { case call, unfinished, resumed(String), exit, signal, tracer }

    private struct Entry {
        var pid: Int?
        var pidField: Int        // width of the pid field in the prefix (5 or more)
        var prefixLength: Int    // characters of the original pid prefix
        var stamp: String        // -tt / -r timestamp, with its trailing space
        var body: String
        var kind: Kind
        var isBracket: Bool { prefixLength == "[pid ] ".count + pidField }
    }

    /// Normalized lines, grouped per process, groups in label order.
    func normalize(_ text: String) -> [(label: String, lines: [String])] {
        var raw = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if raw.last == "" { raw.removeLast() }
        raw = Self.unsplice(raw)

        // 1. Split each line into pid prefix, timestamp, body.
        let entries: [Entry] = raw.map(parse)

        // 2. Labels by role markers, then the rest by pid number.
        var labelOfPid: [Int: String] = [:]
        var used = Set<String>()
        if columnPrefix, let first = entries.first(where: { $0.pid != nil })?.pid {
            labelOfPid[first] = rootLabel
            used.insert(rootLabel)
        }
        for role in roles where !used.contains(role.label) {
            if let hit = entries.first(where: { $0.pid != nil && labelOfPid[$0.pid!] == nil && $0.body.contains(role.marker) }) {
                labelOfPid[hit.pid!] = role.label
                used.insert(role.label)
            }
        }
        // The first process is the one strace never announces as attached. It may never show in
        // a prefix: strace prefixes only while it traces more than one process, and a parent
        // that waits for its only thread prints again after the thread is gone. Its label then
        // stays for the unprefixed lines, whatever the pid numbers' order.
        let announced = Set(entries.compactMap { entry -> Int? in
            guard case .tracer = entry.kind, entry.body.hasSuffix(" attached") else { return nil }
            return Self.attachedPid(entry.body)
        })
        let prefixed = Set(entries.compactMap(\.pid)).sorted()
        if !used.contains(rootLabel), !announced.isEmpty {
            if let root = prefixed.first(where: { labelOfPid[$0] == nil && !announced.contains($0) }) {
                labelOfPid[root] = rootLabel
            }
            used.insert(rootLabel)
        }
        var next = 1
        for pid in prefixed where labelOfPid[pid] == nil {
            while used.contains("P\(next)") { next += 1 }
            labelOfPid[pid] = "P\(next)"
            used.insert("P\(next)")
        }
        // "Process N attached" names a pid before any of its lines (never the first process).
        used.insert(rootLabel)
        for i in entries.indices where entries[i].pid == nil {
            if case .tracer = entries[i].kind, let n = Self.attachedPid(entries[i].body), labelOfPid[n] == nil {
                while used.contains("P\(next)") { next += 1 }
                labelOfPid[n] = "P\(next)"
                used.insert("P\(next)")
            }
        }

        // 2b. Pids that calls return: a process's own (getpid, set_tid_address, ...) and its
        // children's (clone, fork, vfork).
        var labelOfNumber = labelOfPid
        if pidNumbers {
            for entry in entries {
                guard let m = entry.body.wholeMatch(of: Self.pidResult), let n = Int(m.2) else { continue }
                if Self.ownPidCalls.contains(String(m.1)) {
                    labelOfNumber[n] = labelOfNumber[n] ?? entry.pid.flatMap { labelOfPid[$0] } ?? rootLabel
                } else {
                    labelOfNumber[n] = labelOfNumber[n] ?? "<PID>"
                }
            }
        }

        // 3. Attribute every line to a process; merge unfinished/resumed pairs.
        var groups: [String: [Entry]] = [:]
        var pending: [String: Int] = [:]     // label -> index of its open <unfinished ...> entry
        var live: Set<String> = [rootLabel]
        var sawOtherProcess = false
        for entry in entries {
            let label: String
            if let pid = entry.pid {
                label = labelOfPid[pid]!
                sawOtherProcess = true
            } else if case .tracer = entry.kind {
                if let n = Self.attachedPid(entry.body) {
                    label = labelOfPid[n]!
                    sawOtherProcess = true
                } else {
                    label = "TRACER"
                }
            } else if !sawOtherProcess {
                label = rootLabel
            } else if live.count == 1 {
                label = live.first!
            } else {
                label = rootLabel
            }
            if label != "TRACER" { live.insert(label) }

            switch entry.kind {
            case .unfinished:
                groups[label, default: []].append(entry)
                pending[label] = groups[label]!.count - 1
            case .resumed(let name):
                if let at = pending.removeValue(forKey: label), var open = groups[label]?[at],
                   Self.callName(open.body) == name {
                    open.body = merge(open, entry)
                    open.kind = .call
                    groups[label]![at] = open
                } else {
                    groups[label, default: []].append(entry)
                }
            case .exit:
                pending[label] = nil
                groups[label, default: []].append(entry)
                live.remove(label)
            default:
                pending[label] = nil
                groups[label, default: []].append(entry)
            }
        }

        // 4. Text normalization, groups in label order (TRACER last).
        let order = groups.keys.sorted { a, b in
            if a == "TRACER" { return false }
            if b == "TRACER" { return true }
            return a.count != b.count ? a.count < b.count : a < b
        }
        // With -f on stderr, whether a line right after a fork has a `[pid N] ` prefix depends on
        // whether strace has seen the new process yet (it prefixes only while it traces more than
        // one): when several processes printed, every call line is shown with a `[pid LABEL] `
        // prefix of the usual width and its ` = ` re-aligned for it.
        let canonicalPrefix = !columnPrefix && groups.keys.filter { $0 != "TRACER" }.count > 1
        var inodes: [String: String] = [:]
        return order.map { label in
            let lines = groups[label]!.map { entry -> String in
                var entry = entry
                var line: String
                let isMessage: Bool
                if case .tracer = entry.kind { isMessage = true } else { isMessage = false }
                if canonicalPrefix && !isMessage {
                    line = "[pid " + String(repeating: " ", count: max(0, 5 - label.count)) + label + "] "
                    entry.body = Self.realign(entry.body, leadWidth: line.count + entry.stamp.utf8.count)
                } else {
                    line = prefixToken(entry, label: label)
                }
                line += entry.stamp.map { $0.isNumber ? "#" : $0 }.map(String.init).joined()
                let body = Self.numberInodes(normalizeBody(entry.body, labelOfPid: labelOfPid, labelOfNumber: labelOfNumber), &inodes)
                // A placeholder is not as wide as what it replaces: align ` = ` as strace would
                // have for the placeholder (both sides get the same treatment).
                return line + (body == entry.body ? body : Self.realign(body, leadWidth: line.utf8.count))
            }
            let trimmed = varying.contains(.arenaTrim) ? VaryingData.oneArenaTrim(lines) : lines
            return (label, varying.contains(.childSignal) ? VaryingData.childSignalAfterWait(trimmed) : trimmed)
        }
    }

    /// Normalized text: one `### LABEL` header per process, then its lines.
    func normalizedText(_ text: String) -> [String] {
        let groups = normalize(text)
        if groups.count == 1 { return groups[0].lines }
        return groups.flatMap { ["### process \($0.label)"] + $0.lines }
    }

    // MARK: Parsing

    private func parse(_ line: String) -> Entry {
        var rest = Substring(line)
        var pid: Int?
        var field = 0
        var prefixLength = 0
        if let m = rest.prefixMatch(of: #/\[pid +(\d+)\] /#) {
            pid = Int(m.1)
            field = m.output.0.count - "[pid ] ".count
            prefixLength = m.output.0.count
            rest = rest[m.range.upperBound...]
        } else if columnPrefix, let m = rest.prefixMatch(of: #/\d+/#) {
            // "%-5u ": the pid, left-aligned in 5 columns, then a space.
            let width = max(5, m.output.count)
            let after = rest[m.range.upperBound...]
            let padding = width - m.output.count + 1
            if after.prefix(padding).allSatisfy({ $0 == " " }) && after.count >= padding {
                pid = Int(m.output)
                field = width
                prefixLength = width + 1
                rest = after.dropFirst(padding)
            }
        }
        var stamp = ""
        if let m = rest.prefixMatch(of: #/\d\d:\d\d:\d\d\.\d{6} | *\d+\.\d{6} /#) {
            stamp = String(m.output)
            rest = rest[m.range.upperBound...]
        }
        let body = String(rest)
        let kind: Kind
        if let m = body.prefixMatch(of: #/<\.\.\. ([A-Za-z0-9_]+) resumed>/#) {
            kind = .resumed(String(m.1))
        } else if body.hasSuffix(" <unfinished ...>") {
            kind = .unfinished
        } else if body.hasPrefix("+++ ") {
            kind = .exit
        } else if body.hasPrefix("--- ") {
            kind = .signal
        } else if pid == nil, Self.tracerMessage(body) != nil {
            kind = .tracer
        } else {
            kind = .call
        }
        return Entry(pid: pid, pidField: field, prefixLength: prefixLength, stamp: stamp, body: body, kind: kind)
    }

    /// The tracer's own messages share stderr with the trace, and strace writes
    /// `strace: Process N attached` the moment it sees a new process, even in the middle of a
    /// line it has begun: `[pid 7] accept4(3, /usr/bin/strace: Process 8 attached` + newline +
    /// ` <unfinished ...>`. Put the message on a line of its own after the line it cut in two.
    private static func unsplice(_ lines: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if let m = line.firstMatch(of: #/(?:(?:/[A-Za-z0-9._+-]+)+/)?(?:strace|sockstep): Process \d+ (?:attached|detached)$/#),
               m.range.lowerBound != line.startIndex {
                let rest = i + 1 < lines.count ? lines[i + 1] : ""
                out.append(String(line[..<m.range.lowerBound]) + rest)
                out.append(String(line[m.range]))
                i += 2
            } else {
                out.append(line)
                i += 1
            }
        }
        return out
    }

    /// `strace: ...`, `/usr/bin/strace: ...`, `sockstep: ...`: the message after the name.
    private static func tracerMessage(_ body: String) -> Substring? {
        guard let m = body.prefixMatch(of: #/(?:\S*/)?(?:strace|sockstep): /#) else { return nil }
        return body[m.range.upperBound...]
    }

    private static func attachedPid(_ body: String) -> Int? {
        guard let m = body.firstMatch(of: #/Process (\d+) (attached|detached)/#) else { return nil }
        return Int(m.1)
    }

    private static func callName(_ body: String) -> String {
        String(body.prefix { $0 != "(" })
    }

    // MARK: Merging an unfinished call with its resumption

    /// `accept4(3,  <unfinished ...>` + `<... accept4 resumed>{...}, [16], 0) = 4` gives
    /// `accept4(3, {...}, [16], 0) = 4`, padded as strace pads a line printed in one go:
    /// `) `, then spaces up to column 40 (counting the prefix), then `= `.
    private func merge(_ open: Entry, _ resumed: Entry) -> String {
        let head = String(open.body.dropLast(" <unfinished ...>".count))
        guard let close = resumed.body.firstIndex(of: ">") else { return open.body }
        let tail = String(resumed.body[resumed.body.index(after: close)...])
        return Self.realign(head + tail, leadWidth: open.prefixLength + open.stamp.utf8.count)
    }

    /// `call(args)<spaces>= result` with the spaces strace prints after `leadWidth` characters
    /// of prefix: `) `, then up to column 40, then `= `. Lines without ` = ` stay as they are.
    private static func realign(_ call: String, leadWidth: Int) -> String {
        guard let eq = call.ranges(of: #/\) +=( |$)/#).last,
              let equals = call[eq].firstIndex(of: "=") else { return call }
        let args = String(call[..<call.index(after: eq.lowerBound)])     // through ")"
        let result = String(call[equals...])                             // "= ..."
        var line = args + " "
        let pad = 40 - leadWidth - line.utf8.count
        if pad > 0 { line += String(repeating: " ", count: pad) }
        return line + result
    }

    private func prefixToken(_ e: Entry, label: String) -> String {
        guard e.pid != nil else { return "" }
        if !e.isBracket {
            return label.padding(toLength: max(e.pidField, label.count), withPad: " ", startingAt: 0) + " "
        }
        let padded = String(repeating: " ", count: max(0, e.pidField - label.count)) + label
        return "[pid " + padded + "] "
    }

    // MARK: Body normalization

    /// A call whose result is a pid: its own (`getpid() = 1234`) or a child's (`clone(...) = 1235`).
    private static var pidResult: Regex<(Substring, Substring, Substring)> {
        #/(?:<\.\.\. )?(getpid|gettid|set_tid_address|setsid|clone|clone3|fork|vfork)[( ].*\) += (\d+)/#
    }
    private static let ownPidCalls: Set<String> = ["getpid", "gettid", "set_tid_address", "setsid"]

    private func normalizeBody(_ body: String, labelOfPid: [Int: String], labelOfNumber: [Int: String] = [:]) -> String {
        var s = body
        func pidName(_ digits: Substring) -> String { Int(digits).flatMap { labelOfPid[$0] } ?? "<PID>" }

        if let message = Self.tracerMessage(s) { s = "TRACER: " + message }
        s = s.replacing(#/Process (\d+) (attached|detached)/#) { m in "Process \(pidName(m.1)) \(m.2)" }
        // -T
        s = s.replacing(#/ <\d+\.\d{6}>$/#) { _ in " <#.######>" }
        // pointers
        s = s.replacing(#/0x[0-9a-f]{6,}/#) { _ in "0x<PTR>" }
        // ports
        s = s.replacing(#/htons\((\d+)\)/#) { m in "htons(\(portName(m.1)))" }
        s = s.replacing(#/((?:\d{1,3}\.){3}\d{1,3}|\]):(\d+)/#) { m in "\(m.1):\(portName(m.2))" }
        // pids and CPU times in siginfo, pids in SCM_CREDENTIALS
        s = s.replacing(#/si_pid=(\d+)/#) { m in "si_pid=\(pidName(m.1))" }
        // (a CPU time that is not 0 has its seconds in a comment: `si_stime=1 /* 0.01 s */`)
        s = s.replacing(#/(si_[us]time)=\d+(?: \/\* \d+\.\d+ s \*\/)?/#) { m in "\(m.1)=#" }
        s = s.replacing(#/\{pid=(\d+), uid=/#) { m in "{pid=\(pidName(m.1)), uid=" }
        if pidNumbers {
            func label(_ digits: Substring) -> String { Int(digits).flatMap { labelOfNumber[$0] } ?? String(digits) }
            // Results of the calls that return a pid.
            s = s.replacing(#/^((?:<\.\.\. )?(?:getpid|gettid|set_tid_address|setsid|getpgrp|getsid|getpgid|wait4|clone3?|v?fork)[( ].*\) += )(\d+)$/#) { m in
                m.1 + label(m.2)
            }
            // Pid arguments: the first (and tgkill's, rt_tgsigqueueinfo's, setpgid's and kcmp's second).
            s = s.replacing(#/^(wait4|kill|tkill|tgkill|getsid|getpgid|setpgid|prlimit64|sched_getaffinity|sched_setaffinity|rt_sigqueueinfo|rt_tgsigqueueinfo|pidfd_open|get_robust_list|process_vm_readv|process_vm_writev|kcmp)\((-?\d+)(, (-?\d+))?/#) { m in
                let second = m.3.map { _ in ", " + (m.4.map(label) ?? "") } ?? ""
                let two = m.1 == "tgkill" || m.1 == "setpgid" || m.1 == "rt_tgsigqueueinfo" || m.1 == "kcmp"
                return m.1 + "(" + label(m.2) + (two ? second : (m.3.map(String.init) ?? ""))
            }
            s = s.replacing(#/^(waitid\((?:P_PID|0x1|0x1 \/\* P_PID \*\/), )(\d+)/#) { m in m.1 + label(m.2) }
            s = s.replacing(#/parent_tid=\[(\d+)\]/#) { m in "parent_tid=[" + label(m.1) + "]" }
            s = s.replacing(#/^(futex\(0x<PTR>, FUTEX_WAIT[A-Z_|]*, )(\d+)/#) { m in m.1 + label(m.2) }
        }
        for data in varying.sorted() { s = data.normalize(s) }
        return s
    }

    private func portName(_ digits: Substring) -> String {
        guard let n = Int(digits) else { return String(digits) }
        return n == 0 || chosenPorts.contains(n) ? String(digits) : "<PORT>"
    }

    /// Socket inodes in -yy annotations (`<TCP:[12345]>`, `<UNIX-STREAM:[12345->12346,...]>`,
    /// `socket:[12345]`) become I1, I2, ... in order of first appearance.
    private static func numberInodes(_ line: String, _ table: inout [String: String]) -> String {
        func name(_ digits: Substring) -> String {
            let key = String(digits)
            if let known = table[key] { return known }
            let fresh = "I\(table.count + 1)"
            table[key] = fresh
            return fresh
        }
        var s = line.replacing(#/socket:\[(\d+)\]/#) { m in "socket:[\(name(m.1))]" }
        s = s.replacing(#/<([A-Za-z][A-Za-z0-9-]*):\[(\d+)(?:->(\d+))?(?=[\],])/#) { m in
            var out = "<\(m.1):[\(name(m.2))"
            if let peer = m.3 { out += "->\(name(peer))" }
            return out
        }
        return s
    }

    // MARK: -c summaries

    /// A -c summary table reduced to what does not depend on timing: the header, and per
    /// syscall its calls and errors (sorted by name, since the table is sorted by time), then
    /// the total. Lines outside the table are normalized like trace lines.
    func normalizeSummary(_ text: String) -> [String] {
        var other: [String] = []
        var frame: [String] = []
        var rows: [String] = []
        var total: [String] = []
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("% time") || line.hasPrefix("------") {
                frame.append(line)
                continue
            }
            let tokens = line.split(separator: " ")
            if tokens.count >= 5, Double(tokens[0]) != nil, Double(tokens[1]) != nil {
                let name = String(tokens.last!)
                let calls = tokens[3]
                let errors = tokens.count == 6 ? String(tokens[4]) : "0"
                let row = "\(name) calls=\(calls) errors=\(errors)"
                if name == "total" { total.append(row) } else { rows.append(row) }
                continue
            }
            other.append(line)
        }
        return normalizedText(other.joined(separator: "\n")) + frame + rows.sorted() + total
    }
}

/// What a real program reads or gets that changes from one run to the next, whichever tracer
/// runs it. Each is replaced by a placeholder in both traces, nothing else.
enum VaryingData: Int, Sendable, Hashable, Comparable {
    /// getrandom's bytes: `getrandom("\x3f\x2a...", 8, GRND_NONBLOCK)` becomes
    /// `getrandom("<RANDOM>", 8, GRND_NONBLOCK)`.
    case randomBytes
    /// sysinfo's uptime, loads, free and shared memory, buffers, free swap and process count.
    case systemLoad
    /// poll's timeout when a program computes it from the clock (curl: the time left of its
    /// 200 ms step, `199` in one run, `198` in the next): a non-zero timeout becomes `<MS>`.
    case pollTimeout
    /// Addresses in the text of /proc/self/maps, which glibc reads for a thread's stack bounds
    /// (pthread_getattr_np, a Rust program's start): hex runs in read()'s data become `<HEX>`.
    case mapsText
    /// glibc's malloc arena for a new thread: it maps 128 MiB and unmaps what lies outside a
    /// 64 MiB-aligned block, before and after it; how much on each side depends on where
    /// address randomization put the mapping, and a mapping that is aligned already loses
    /// only the 64 MiB after it (one munmap, not two). `munmap(0x..., N)` of a whole number
    /// of MiB up to 64 MiB becomes `munmap(0x<PTR>, <MiB>)`, and a run of those lines one line.
    case arenaTrim
    /// A child's SIGCHLD and its parent's wait4: the parent gets the signal between any two of
    /// its calls after the child ends, before the wait4 that reaps it or after it. A
    /// `--- SIGCHLD ... ---` line before a wait4 line goes just after that wait4.
    case childSignal
    /// Key serial numbers (add_key's and request_key's results, the ids keyctl gets and
    /// returns), random in each run: in those calls' lines a decimal number of 5 digits or
    /// more becomes `<KEY>` (a serial below 10000 is one chance in 200,000).
    case keySerials

    static func < (a: VaryingData, b: VaryingData) -> Bool { a.rawValue < b.rawValue }

    func normalize(_ line: String) -> String {
        switch self {
        case .randomBytes:
            return line.replacing(#/^getrandom\("(?:\\x[0-9a-f]{2})*"(\.\.\.)?, /#) { m in "getrandom(\"<RANDOM>\"\(m.1 ?? ""), " }
        case .systemLoad:
            guard line.hasPrefix("sysinfo({") else { return line }
            return line.replacing(#/(uptime|freeram|sharedram|bufferram|freeswap|procs)=\d+|loads=\[\d+, \d+, \d+\]/#) { m in
                (m.1.map(String.init) ?? "loads") + "=#"
            }
        case .pollTimeout:
            return line.replacing(#/^(poll\(.*\], \d+, )([1-9]\d*)\)/#) { m in "\(m.1)<MS>)" }
        case .mapsText:
            guard line.hasPrefix("read(") else { return line }
            return line.replacing(#/[0-9a-f]{5,}/#) { _ in "<HEX>" }
        case .childSignal:
            return line
        case .keySerials:
            guard line.hasPrefix("add_key(") || line.hasPrefix("request_key(") || line.hasPrefix("keyctl(") else { return line }
            return line.replacing(#/([(, =])\d{5,}(?=[,)]|$)/#) { m in m.1 + "<KEY>" }
        case .arenaTrim:
            return line.replacing(#/^munmap\(0x<PTR>, (\d+)\)/#) { m in
                guard let n = Int(m.1), n % (1 << 20) == 0, n <= 64 << 20 else { return String(m.output.0) }
                return "munmap(0x<PTR>, <MiB>)"
            }
        }
    }

    /// A process's lines with each SIGCHLD line that comes before a wait4 line just after the
    /// first wait4 that follows it (several in their order); one after the last wait4 stays.
    static func childSignalAfterWait(_ lines: [String]) -> [String] {
        var place = lines.indices.map { Double($0) }
        for (i, line) in lines.enumerated() where line.contains("--- SIGCHLD {") {
            if let wait = lines[(i + 1)...].firstIndex(where: { $0.contains("wait4(") }) {
                place[i] = Double(wait) + 0.5 + Double(i) / Double(lines.count + 1) / 2
            }
        }
        return lines.indices.sorted { place[$0] < place[$1] }.map { lines[$0] }
    }

    /// A process's lines with each run of arena trims (`munmap(0x<PTR>, <MiB>)`) as one line.
    static func oneArenaTrim(_ lines: [String]) -> [String] {
        var kept: [String] = []
        for line in lines {
            if line.contains("munmap(0x<PTR>, <MiB>)"), kept.last == line { continue }
            kept.append(line)
        }
        return kept
    }
}

// MARK: - Diff

enum LineDiff {
    /// A unified diff (3 lines of context) of `a` against `b`; empty when they are equal.
    static func unified(_ a: [String], _ b: [String], aName: String, bName: String, context: Int = 3) -> String {
        if a == b { return "" }
        // LCS table, suffix form.
        let n = a.count, m = b.count
        var lcs = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
        }
        enum Op { case same(Int, Int), del(Int), ins(Int) }
        var ops: [Op] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] { ops.append(.same(i, j)); i += 1; j += 1 }
            else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] { ops.append(.del(i)); i += 1 }
            else { ops.append(.ins(j)); j += 1 }
        }
        // Hunks: runs of changes less than 2*context equal lines apart, with `context` equal
        // lines around them.
        func isChange(_ op: Op) -> Bool { if case .same = op { return false } else { return true } }
        var out = ["--- \(aName)", "+++ \(bName)"]
        var k = 0
        while let first = ops[k...].firstIndex(where: isChange) {
            var last = first
            var idx = first + 1
            while idx < ops.count, idx - last <= 2 * context {
                if isChange(ops[idx]) { last = idx }
                idx += 1
            }
            let start = max(k, first - context)
            let end = min(ops.count, last + context + 1)
            var aFirst: Int?, bFirst: Int?
            var aLen = 0, bLen = 0
            var body: [String] = []
            for op in ops[start..<end] {
                switch op {
                case .same(let x, let y):
                    aFirst = aFirst ?? x; bFirst = bFirst ?? y
                    aLen += 1; bLen += 1
                    body.append(" " + a[x])
                case .del(let x):
                    aFirst = aFirst ?? x
                    aLen += 1
                    body.append("-" + a[x])
                case .ins(let y):
                    bFirst = bFirst ?? y
                    bLen += 1
                    body.append("+" + b[y])
                }
            }
            // Line numbers are 1-based; an empty side names the line before it.
            let aStart = aLen > 0 ? aFirst! + 1 : (aFirst ?? 0)
            let bStart = bLen > 0 ? bFirst! + 1 : (bFirst ?? 0)
            out.append("@@ -\(aStart),\(aLen) +\(bStart),\(bLen) @@")
            out.append(contentsOf: body)
            k = end
            if k >= ops.count { break }
        }
        return out.joined(separator: "\n")
    }
}
