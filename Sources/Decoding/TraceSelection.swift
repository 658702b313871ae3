/// strace's `-e trace=LIST`: syscall names and classes (%network, %process, %desc, %file, ...),
/// `all`, `none`, and `!` to negate the whole list. Used by `trace -e` and by a lesson's
/// `trace:` key (the calls its `--plain` output shows).
public enum TraceSelection {
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The syscall numbers the list selects; nil when it selects every call.
    public static func parse(_ text: String) throws(Invalid) -> Set<Int>? {
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
            } else if name.hasPrefix("%") || SyscallClasses.bit(name) != nil && SyscallTable.number(name) == nil {
                let className = name.hasPrefix("%") ? name.dropFirst() : Substring(name)
                guard let bits = SyscallClasses.bit(className) else {
                    throw Invalid(description: "unknown syscall class '\(name)' in -e trace=: use %network, %process, %desc, %file, %signal, %ipc, %memory")
                }
                numbers.formUnion(SyscallClasses.numbers(bits))
            } else if let nr = SyscallTable.number(name) {
                numbers.insert(nr)
            } else {
                throw Invalid(description: "unknown syscall '\(name)' in -e trace=\(suggestion(for: name))")
            }
        }
        let maxNumber = SyscallTable.names.count - 1
        if all { numbers = Set(0 ... maxNumber) }
        if negate { numbers = Set(0 ... maxNumber).subtracting(numbers) }
        if numbers.count == maxNumber + 1 { return nil }
        return numbers
    }

    /// `: did you mean 'listen'?` for a near miss.
    public static func suggestion(for name: String) -> String {
        NearMiss.nearest(name, in: SyscallTable.names.compactMap { $0 }, limit: 2).map { ": did you mean '\($0)'?" } ?? ""
    }
}
