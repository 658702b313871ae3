// Constant tables of the memory calls (mmap, mprotect, mremap, madvise, msync, mlock2), written
// from the kernel headers (asm-generic/mman.h, asm-generic/mman-common.h, asm/mman.h); the
// ORDER of each flag table is the order strace 6.1 prints the names in (observed by calling
// each call with every bit set). Tables that are the headers' lists as they stand are generated
// (Generated/HeaderTables.swift).

extension Tables {
    /// mmap's mapping type, `flags & 0xf`: `MAP_PRIVATE`, `MAP_FILE` for 0 (strace's name for
    /// "no type"), `0xf /* MAP_??? */` for a type the kernel does not define.
    public static let mmapTypes = Xlat(unknown: "MAP_???", [
        (0x0, "MAP_FILE"),
        (0x1, "MAP_SHARED"),
        (0x2, "MAP_PRIVATE"),
        (0x3, "MAP_SHARED_VALIDATE"),
    ])

    /// mmap's flags besides the type and the huge page size, in strace's order (not the
    /// values'): `MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE`, `MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE`.
    /// 0x4000000 and up are the huge page size (`21<<MAP_HUGE_SHIFT`).
    public static let mmapFlags = Xlat(unknown: "MAP_???", [
        (0x10, "MAP_FIXED"),
        (0x20, "MAP_ANONYMOUS"),
        (0x40, "MAP_32BIT"),
        (0x4000, "MAP_NORESERVE"),
        (0x8000, "MAP_POPULATE"),
        (0x10000, "MAP_NONBLOCK"),
        (0x100, "MAP_GROWSDOWN"),
        (0x800, "MAP_DENYWRITE"),
        (0x1000, "MAP_EXECUTABLE"),
        (0x2000, "MAP_LOCKED"),
        (0x20000, "MAP_STACK"),
        (0x40000, "MAP_HUGETLB"),
        (0x80000, "MAP_SYNC"),
        (0x100000, "MAP_FIXED_NOREPLACE"),
    ])

    /// msync's flags: `MS_SYNC|MS_ASYNC|MS_INVALIDATE` (MS_SYNC first), `0x8 /* MS_??? */`.
    public static let msyncFlags = Xlat(unknown: "MS_???", [
        (0x4, "MS_SYNC"),
        (0x1, "MS_ASYNC"),
        (0x2, "MS_INVALIDATE"),
    ])

    /// mlock2's flags: `MLOCK_ONFAULT`, `MLOCK_ONFAULT|0x2`, `0`.
    public static let mlockFlags = Xlat(unknown: "MLOCK_???", [
        (0x1, "MLOCK_ONFAULT"),
    ])
}
