import CPtrace
import Decoding
import Glibc

/// A traced process's memory, read with process_vm_readv (one call per page at most, so that
/// a string that ends before an unreadable page still reads).
public struct ProcessMemory: MemoryReader {
    public let pid: Int32
    static let pageSize: UInt64 = 4096

    public init(pid: Int32) {
        self.pid = pid
    }

    public func read(_ address: UInt64, count: Int) -> [UInt8]? {
        if count == 0 { return [] }
        guard count > 0, count <= 1 << 24 else { return nil }
        // A short read goes through a buffer on the stack: making the array from it takes the
        // specialized copy, where making an uninitialized [UInt8] of the size looked its type
        // up in the runtime each time (some 400 instructions, more than the rest of a read).
        if count <= Self.stringChunk {
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.stringChunk) { chunk in
                guard cp_read_memory(pid, address, chunk.baseAddress, UInt(count)) == count else { return nil }
                return Array(UnsafeBufferPointer(rebasing: chunk[..<count]))
            }
        }
        var got = 0
        let buffer = [UInt8](unsafeUninitializedCapacity: count) { raw, initialized in
            got = cp_read_memory(pid, address, raw.baseAddress, UInt(count))
            initialized = got == count ? count : 0
        }
        return got == count ? buffer : nil
    }

    /// At most this many bytes are read at a time while looking for a string's NUL (most
    /// strings, paths and names, are far shorter than a page), and the most `read` reads
    /// through a buffer on the stack.
    static let stringChunk = 1024

    public func readCString(_ address: UInt64, limit: Int) -> (bytes: [UInt8], terminated: Bool)? {
        var out: [UInt8] = []
        var cursor = address
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.stringChunk) { chunk in
            guard let base = chunk.baseAddress else { return nil }
            while out.count < limit {
                // Never across a page: a string that ends before an unreadable page still reads.
                let toPageEnd = Int(Self.pageSize - (cursor % Self.pageSize))
                let want = min(toPageEnd, limit - out.count, Self.stringChunk)
                guard cp_read_memory(pid, cursor, base, UInt(want)) == want else {
                    return out.isEmpty ? nil : (out, false)
                }
                if let nul = memchr(base, 0, want) {
                    let length = UnsafeRawPointer(nul) - UnsafeRawPointer(base)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<length]))
                    return (out, true)
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<want]))
                cursor &+= UInt64(want)
            }
            return (out, false)
        }
    }
}
