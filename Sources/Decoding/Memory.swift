/// Reads a traced process's memory. The tracer's reader uses process_vm_readv; tests use a
/// dictionary of fake pages. Every read may fail: the decoders then print the pointer.
public protocol MemoryReader {
    /// Exactly `count` bytes at `address`, or nil when any of them cannot be read.
    func read(_ address: UInt64, count: Int) -> [UInt8]?
    /// Up to `limit` bytes at `address`, stopping after the first NUL (which is not returned).
    /// `terminated` is false when no NUL came within `limit` bytes. Nil when the first byte
    /// cannot be read.
    func readCString(_ address: UInt64, limit: Int) -> (bytes: [UInt8], terminated: Bool)?
}

extension MemoryReader {
    /// A little-endian integer of `size` bytes (1, 2, 4 or 8), zero-extended.
    public func readUInt(_ address: UInt64, size: Int) -> UInt64? {
        guard let bytes = read(address, count: size) else { return nil }
        return bytes.littleEndianUInt(at: 0, size: size)
    }

    public func readInt32(_ address: UInt64) -> Int32? {
        readUInt(address, size: 4).map { Int32(truncatingIfNeeded: $0) }
    }
}

/// Memory that can never be read, for decoding without a process.
public struct NoMemory: MemoryReader {
    public init() {}
    public func read(_ address: UInt64, count: Int) -> [UInt8]? { count == 0 ? [] : nil }
    public func readCString(_ address: UInt64, limit: Int) -> (bytes: [UInt8], terminated: Bool)? { nil }
}

/// A fake address space made of byte regions, for tests and recorded traces.
public struct RecordedMemory: MemoryReader {
    public var regions: [(start: UInt64, bytes: [UInt8])]

    public init(_ regions: [(UInt64, [UInt8])] = []) {
        self.regions = regions.map { (start: $0.0, bytes: $0.1) }
    }

    public func read(_ address: UInt64, count: Int) -> [UInt8]? {
        if count == 0 { return [] }
        guard count > 0 else { return nil }
        for region in regions where address >= region.start {
            let offset = address - region.start
            guard offset < UInt64(region.bytes.count) else { continue }
            let start = Int(offset)
            guard region.bytes.count - start >= count else { return nil }
            return Array(region.bytes[start ..< start + count])
        }
        return nil
    }

    public func readCString(_ address: UInt64, limit: Int) -> (bytes: [UInt8], terminated: Bool)? {
        for region in regions where address >= region.start {
            let offset = address - region.start
            guard offset < UInt64(region.bytes.count) else { continue }
            var out: [UInt8] = []
            var i = Int(offset)
            while out.count < limit && i < region.bytes.count {
                let b = region.bytes[i]
                if b == 0 { return (out, true) }
                out.append(b)
                i += 1
            }
            return (out, false)
        }
        return nil
    }
}

extension Array where Element == UInt8 {
    /// Little-endian unsigned integer of `size` bytes at `offset`; 0 past the end.
    public func littleEndianUInt(at offset: Int, size: Int) -> UInt64 {
        var v: UInt64 = 0
        var i = size - 1
        while i >= 0 {
            v <<= 8
            if offset + i < count && offset + i >= 0 { v |= UInt64(self[offset + i]) }
            i -= 1
        }
        return v
    }

    public func int32(at offset: Int) -> Int32 { Int32(truncatingIfNeeded: littleEndianUInt(at: offset, size: 4)) }
    public func uint16(at offset: Int) -> UInt16 { UInt16(truncatingIfNeeded: littleEndianUInt(at: offset, size: 2)) }
    public func uint32(at offset: Int) -> UInt32 { UInt32(truncatingIfNeeded: littleEndianUInt(at: offset, size: 4)) }
    public func uint64(at offset: Int) -> UInt64 { littleEndianUInt(at: offset, size: 8) }
    public func int64(at offset: Int) -> Int64 { Int64(bitPattern: littleEndianUInt(at: offset, size: 8)) }
}
