import CPtrace
import Decoding

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
        var buffer = [UInt8](repeating: 0, count: count)
        let got = buffer.withUnsafeMutableBytes { raw in
            cp_read_memory(pid, address, raw.baseAddress, UInt(count))
        }
        return got == count ? buffer : nil
    }

    public func readCString(_ address: UInt64, limit: Int) -> (bytes: [UInt8], terminated: Bool)? {
        var out: [UInt8] = []
        var cursor = address
        while out.count < limit {
            let toPageEnd = Int(Self.pageSize - (cursor % Self.pageSize))
            let want = min(toPageEnd, limit - out.count)
            guard let chunk = read(cursor, count: want) else {
                return out.isEmpty ? nil : (out, false)
            }
            if let nul = chunk.firstIndex(of: 0) {
                out.append(contentsOf: chunk[..<nul])
                return (out, true)
            }
            out.append(contentsOf: chunk)
            cursor &+= UInt64(want)
        }
        return (out, false)
    }
}
