/// Where strace text is appended: a String (the outputs that keep text), or bytes (the strace
/// renderer's line, written out as it is). The renderers are written once, generic over this;
/// appending to bytes is a copy, to a String a good deal more work (its bookkeeping at every
/// append was much of a line's cost).
public protocol StraceText {
    mutating func append(text: String)
    mutating func append(utf8: UnsafeBufferPointer<UInt8>)
}

extension String: StraceText {
    @inline(__always)
    public mutating func append(text: String) { self += text }
    public mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>) { self += String(decoding: bytes, as: UTF8.self) }
}

extension Array: StraceText where Element == UInt8 {
    @inline(__always)
    public mutating func append(text: String) {
        // A native string's bytes are copied in one block; a bridged one's, byte by byte.
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { append(contentsOf: $0) }
        if copied == nil { append(contentsOf: text.utf8) }
    }
    public mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}
