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
        NearMiss.nearest(name, in: SyscallTable.names.compactMap { $0 }, limit: 2).map { ": did you mean '\($0)'?" } ?? ""
    }
}
