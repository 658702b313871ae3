import ArgumentParser
import Decoding

/// `-e trace=LIST`: syscall names and strace's classes (%network, %process, %desc, %file, ...),
/// `all`, `none`, and `!` to negate the whole list.
enum CallSelection {
    static func parse(_ text: String) throws -> Set<Int>? {
        var list = Substring(text)
        var negate = false
        if list.hasPrefix("!") {
            negate = true
            list = list.dropFirst()
        }
        var numbers = Set<Int>()
        var all = false
        for item in list.split(separator: ",") {
            let name = String(item)
            if name == "all" {
                all = true
            } else if name == "none" {
                continue
            } else if name.hasPrefix("%") || SyscallClasses.members(name) != nil && SyscallTable.number(name) == nil {
                let className = name.hasPrefix("%") ? String(name.dropFirst()) : name
                guard let members = SyscallClasses.members(className) else {
                    throw ValidationError("unknown syscall class '\(name)' in -e trace=: use %network, %process, %desc, %file, %signal, %ipc, %memory")
                }
                for member in members {
                    if let nr = SyscallTable.number(member) { numbers.insert(nr) }
                }
            } else if let nr = SyscallTable.number(name) {
                numbers.insert(nr)
            } else {
                throw ValidationError("unknown syscall '\(name)' in -e trace=\(suggestion(for: name))")
            }
        }
        let maxNumber = SyscallTable.names.count - 1
        if all { numbers = Set(0 ... maxNumber) }
        if negate { numbers = Set(0 ... maxNumber).subtracting(numbers) }
        if numbers.count == maxNumber + 1 { return nil }
        return numbers
    }

    /// `: did you mean 'listen'?` for a near miss.
    static func suggestion(for name: String) -> String {
        let candidates = SyscallTable.names.compactMap { $0 }
        var best: (String, Int)?
        for candidate in candidates {
            let d = editDistance(name, candidate)
            if d <= 2 && (best == nil || d < best!.1) { best = (candidate, d) }
        }
        return best.map { ": did you mean '\($0.0)'?" } ?? ""
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8), y = Array(b.utf8)
        var previous = Array(0 ... y.count)
        for i in 1 ... max(1, x.count) where !x.isEmpty {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1 ... max(1, y.count) where !y.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return x.isEmpty ? y.count : previous[y.count]
    }
}
