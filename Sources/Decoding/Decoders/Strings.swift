/// Strings, buffers and string arrays, as strace prints them.
enum Strings {
    /// A buffer of `length` bytes: at most -s bytes print, then `...` if there was more.
    /// strace reads one byte more than -s when there is more (printstr_ex), so a buffer whose
    /// 33rd byte cannot be read prints as its address.
    static func buffer(_ c: DecodeContext, address: UInt64, length: UInt64) -> Value {
        guard address != 0 else { return .null }
        let limit = UInt64(max(0, c.options.stringLimit))
        let shown = Int(min(length, limit))
        let fetched = Int(min(length, limit + 1))
        guard let bytes = c.memory.read(address, count: fetched) else { return .pointer(address) }
        return .string(Array(bytes.prefix(shown)), truncated: length > limit)
    }

    /// A NUL-terminated string, cut at `limit` bytes with `...`.
    static func cString(_ c: DecodeContext, address: UInt64, limit: Int) -> Value {
        guard address != 0 else { return .null }
        guard let (bytes, terminated) = c.memory.readCString(address, limit: limit + 1) else { return .pointer(address) }
        if terminated { return .string(bytes, truncated: false) }
        guard bytes.count > limit else { return .pointer(address) }
        return .string(Array(bytes.prefix(limit)), truncated: true)
    }

    /// A NUL-terminated string of at most `bound` bytes, cut at -s (strace's printstr_ex with a
    /// length and QUOTE_0_TERMINATED: memfd_create's name, 250 bytes with its NUL). With -s at
    /// `bound` or more, `bound` bytes are read and a name without a NUL in them prints them all
    /// and `...`.
    static func boundedCString(_ c: DecodeContext, address: UInt64, bound: Int) -> Value {
        let limit = c.options.stringLimit
        guard limit >= bound else { return cString(c, address: address, limit: limit) }
        guard address != 0 else { return .null }
        guard let (bytes, terminated) = c.memory.readCString(address, limit: bound) else { return .pointer(address) }
        // Unreadable memory before a NUL or the bound: strace's umovestr fails, the address.
        guard terminated || bytes.count >= bound else { return .pointer(address) }
        return .string(bytes, truncated: !terminated)
    }

    /// execve's argv: `["ls", "-l"]`, at most -s elements.
    static func stringArray(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        var items: [Value] = []
        var cursor = address
        while true {
            guard let pointer = c.memory.readUInt(cursor, size: 8) else {
                if items.isEmpty { return .pointer(address) }
                // Unterminated: `["a", ... /* 0x7f.. */]`, the address that could not be read.
                items.append(.commented(.verbatim("..."), "0x" + String(cursor, radix: 16)))
                return .array(items, more: false)
            }
            if pointer == 0 { return .array(items, more: false) }
            if items.count >= c.options.arrayLimit { return .array(items, more: true) }
            items.append(cString(c, address: pointer, limit: c.options.stringLimit))
            cursor &+= 8
        }
    }

    /// execve's envp: the pointer and the number of variables, `0x7ffd... /* 20 vars */`,
    /// `/* 2 vars, unterminated */` when unreadable memory cuts the list.
    static func environment(_ c: DecodeContext, address: UInt64) -> Value {
        guard address != 0 else { return .null }
        // -v: the variables themselves, as argv prints.
        if !c.options.abbreviate { return stringArray(c, address: address) }
        var count = 0
        var cursor = address
        var terminated = false
        while let pointer = c.memory.readUInt(cursor, size: 8) {
            if pointer == 0 {
                terminated = true
                break
            }
            count += 1
            cursor &+= 8
            if count > 1_000_000 { break }
        }
        // Unreadable: the address alone; cut by unreadable memory: `/* 2 vars, unterminated */`.
        if count == 0 && !terminated { return .pointer(address) }
        return .commented(.pointer(address), "\(count) var\(count == 1 ? "" : "s")\(terminated ? "" : ", unterminated")")
    }

    /// An extended attribute's value: `size` bytes shown as a string cut at -s, a trailing NUL
    /// left out (`"zz"` for `zz\0`); strace reads one byte past the limit to decide on `...`,
    /// so a NUL there ends the string too. More than 65536 bytes: the address.
    static func xattrValue(_ c: DecodeContext, address: UInt64, size: UInt64) -> Value {
        guard address != 0 else { return .null }
        guard size <= 65536 else { return .pointer(address) }
        let limit = UInt64(max(0, c.options.stringLimit))
        guard var bytes = c.memory.read(address, count: Int(min(size, limit + 1))) else { return .pointer(address) }
        if bytes.last == 0 { bytes.removeLast() }
        if bytes.count > Int(limit) { return .string(Array(bytes.prefix(Int(limit))), truncated: true) }
        return .string(bytes, truncated: false)
    }
}
