/// A map from process id to a value, kept as two sorted arrays and searched by halves.
///
/// The tracer and the renderer key their state by pid. A Swift `Dictionary` or `Set` of a key
/// type costs, the first time one is made in a process, a scan of every protocol conformance
/// record in the binary (hundreds of thousands of instructions): more than a short traced
/// command's whole decoding. A traced run has a handful of processes, so sorted arrays are as
/// fast and start at once.
public struct PIDMap<Value> {
    @usableFromInline var ids: [Int32] = []
    @usableFromInline var values: [Value] = []

    @inlinable public init() {}

    /// Where `pid` is, or where it would go to keep `ids` sorted.
    @inlinable func slot(_ pid: Int32) -> (index: Int, found: Bool) {
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if ids[mid] < pid { low = mid + 1 } else { high = mid }
        }
        return (low, low < ids.count && ids[low] == pid)
    }

    @inlinable public subscript(pid: Int32) -> Value? {
        get {
            let (index, found) = slot(pid)
            return found ? values[index] : nil
        }
        set {
            let (index, found) = slot(pid)
            switch (found, newValue) {
            case (true, let value?): values[index] = value
            case (true, nil): ids.remove(at: index); values.remove(at: index)
            case (false, let value?): ids.insert(pid, at: index); values.insert(value, at: index)
            case (false, nil): break
            }
        }
    }

    /// Removes `pid` and returns what it had, if anything.
    @inlinable @discardableResult public mutating func removeValue(forKey pid: Int32) -> Value? {
        let (index, found) = slot(pid)
        guard found else { return nil }
        ids.remove(at: index)
        return values.remove(at: index)
    }

    @inlinable public var isEmpty: Bool { ids.isEmpty }
    /// The pids, lowest first.
    @inlinable public var keys: [Int32] { ids }
    @inlinable public mutating func removeAll() {
        ids.removeAll()
        values.removeAll()
    }
}

/// A set of process ids, kept sorted (see `PIDMap` for why not `Set<Int32>`).
public struct PIDSet: Sequence {
    @usableFromInline var map = PIDMap<Void>()

    @inlinable public init() {}

    @inlinable public func contains(_ pid: Int32) -> Bool { map.slot(pid).found }
    /// Adds `pid`; true when it was not there yet.
    @inlinable @discardableResult public mutating func insert(_ pid: Int32) -> Bool {
        guard !contains(pid) else { return false }
        map[pid] = ()
        return true
    }

    /// Removes `pid`; returns it when it was there (as `Set.remove` does).
    @inlinable @discardableResult public mutating func remove(_ pid: Int32) -> Int32? {
        map.removeValue(forKey: pid) == nil ? nil : pid
    }

    @inlinable public var isEmpty: Bool { map.isEmpty }
    @inlinable public mutating func removeAll() { map.removeAll() }
    @inlinable public func makeIterator() -> IndexingIterator<[Int32]> { map.ids.makeIterator() }
}
