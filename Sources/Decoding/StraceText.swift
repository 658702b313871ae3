/// Where strace text is appended: a String (the outputs that keep text), bytes (an output's
/// buffer), or a LineBuffer (the strace renderer's line, written out as it is). The renderers
/// are written once, generic over this; appending bytes is a copy, to a String a good deal
/// more work (its bookkeeping at every append was much of a line's cost).
public protocol StraceText {
    mutating func append(text: String)
    mutating func append(utf8: UnsafeBufferPointer<UInt8>)
}

extension String: StraceText {
    @inline(__always)
    public mutating func append(text: String) { self += text }
    public mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>) { self += String(decoding: bytes, as: UTF8.self) }
}

/// `text`'s UTF-8 bytes handed to `body` in one block, for the texts that are bytes: a native
/// string's where they are, another's once made native.
@inline(__always)
func withUTF8Bytes(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    if text.utf8.withContiguousStorageIfAvailable(body) == nil {
        var native = text
        native.withUTF8(body)
    }
}

extension Array: StraceText where Element == UInt8 {
    @inline(__always)
    public mutating func append(text: String) { withUTF8Bytes(of: text) { append(contentsOf: $0) } }
    public mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// The strace renderer's line: bytes in a buffer that only grows, where appending a piece is a
/// capacity check and a copy (an Array's `append(contentsOf:)` was ~90 instructions a piece,
/// and a line has ~20 pieces). One owner on one thread: a class for the `inout` of the
/// generic writers, not Sendable.
public final class LineBuffer: StraceText {
    public private(set) var count = 0
    private var capacity: Int
    private var storage: UnsafeMutablePointer<UInt8>

    public init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        storage = .allocate(capacity: self.capacity)
    }

    deinit {
        storage.deallocate()
    }

    public var isEmpty: Bool { count == 0 }

    /// The bytes so far; valid until the next change.
    public var contents: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    /// A copy of the bytes so far.
    public var bytes: [UInt8] { Array(contents) }

    /// Empty again, keeping the capacity.
    public func removeAll() {
        count = 0
    }

    @inline(__always)
    public func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        storage[count] = byte
        count += 1
    }

    @inline(__always)
    public func append(utf8 piece: UnsafeBufferPointer<UInt8>) {
        guard let source = piece.baseAddress, piece.count > 0 else { return }
        if count + piece.count > capacity { grow(to: count + piece.count) }
        (storage + count).update(from: source, count: piece.count)
        count += piece.count
    }

    @inline(__always)
    public func append(text: String) {
        withUTF8Bytes(of: text) { append(utf8: $0) }
    }

    /// `byte`, `count` times (the spaces before a result's column).
    public func append(_ byte: UInt8, repeated count: Int) {
        guard count > 0 else { return }
        if self.count + count > capacity { grow(to: self.count + count) }
        (storage + self.count).initialize(repeating: byte, count: count)
        self.count += count
    }

    public func append(contentsOf piece: [UInt8]) {
        piece.withUnsafeBufferPointer { append(utf8: $0) }
    }

    private func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: storage, count: count)
        storage.deallocate()
        storage = moved
        capacity = larger
    }
}
