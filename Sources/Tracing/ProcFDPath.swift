/// `/proc/PID/fd/FD` as a C string in a stack buffer: the tracer asks about a descriptor at
/// many calls (the netlink check at every send and receive, `-y` at every descriptor), and
/// building the path as a String cost more than the system call that reads it.
enum ProcFDPath {
    /// Calls `body` with the NUL-terminated path; nil for a negative pid or descriptor.
    static func with<R>(pid: Int32, fd: Int64, _ body: (UnsafePointer<CChar>) -> R) -> R? {
        guard pid > 0, fd >= 0 else { return nil }
        // "/proc/" + 10 digits + "/fd/" + 19 digits + NUL fits in 40 bytes.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { space in
            var at = 0
            func put(_ text: StaticString) {
                for i in 0 ..< text.utf8CodeUnitCount { space[at + i] = CChar(bitPattern: text.utf8Start[i]) }
                at += text.utf8CodeUnitCount
            }
            func put(_ number: Int64) {
                let start = at
                var rest = number
                repeat {
                    space[at] = CChar(UInt8(ascii: "0") + UInt8(rest % 10))
                    rest /= 10
                    at += 1
                } while rest > 0
                var (low, high) = (start, at - 1)
                while low < high {
                    space.swapAt(low, high)
                    low += 1
                    high -= 1
                }
            }
            put("/proc/")
            put(Int64(pid))
            put("/fd/")
            put(fd)
            space[at] = 0
            return body(UnsafePointer(space.baseAddress!))
        }
    }
}
