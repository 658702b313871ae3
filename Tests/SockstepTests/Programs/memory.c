/* Memory calls with good and bad arguments: brk, mmap, mprotect, munmap, mremap, madvise,
 * msync, mlock, munlock, mlock2. */
#include "decoders.h"

int main(void) {
    long page = 4096;
    void *bad = unreadable_page();
    syscall(SYS_brk, 0);
    char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    mmap(NULL, page, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    mmap(NULL, page, PROT_READ | PROT_WRITE | PROT_EXEC | 0x8 | 0x100,
         MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE | MAP_STACK | MAP_GROWSDOWN, -1, 0);
    mmap((void *)0x10000, page, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE | MAP_ANONYMOUS | MAP_32BIT | MAP_LOCKED, -1, 0);
    /* bad descriptors, types and sizes */
    mmap(NULL, page, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, 99, 0x2000);
    mmap(NULL, page, PROT_READ, 0, -1, 0);
    mmap(NULL, page, PROT_READ, 0xf | MAP_ANONYMOUS, -1, 0);
    mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (21 << MAP_HUGE_SHIFT), -1, 0);
    mmap(NULL, page, PROT_READ, MAP_PRIVATE | 0x200 | (2 << MAP_HUGE_SHIFT), -1, 0);
    syscall(SYS_mmap, 0, -1L, -1L, -1L, -1L, -1L);
    syscall(SYS_mmap, 0, 0, 0x1000000L, 0x2, 3, 0x1000);
    mprotect(p, page, PROT_READ);
    mprotect(p, page, PROT_NONE);
    mprotect(p, page, PROT_READ | PROT_GROWSDOWN);
    syscall(SYS_mprotect, bad, -1L, 0x1000000);
    mprotect(p, page, PROT_READ | PROT_WRITE); /* one mapping again, or mremap fails */
    char *q = mremap(p, 2 * page, 4 * page, MREMAP_MAYMOVE);
    CHECK(q != MAP_FAILED);
    syscall(SYS_mremap, q, page, page, MREMAP_MAYMOVE | MREMAP_FIXED, 0x7000000);
    syscall(SYS_mremap, bad, page, 2 * page, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
    syscall(SYS_mremap, -1L, -1L, -1L, -1L, -1L);
    syscall(SYS_mremap, bad, page, page, 0, 0x12345678);
    madvise(q + page, page, MADV_DONTNEED);
    madvise(q + page, page, MADV_HUGEPAGE);
    madvise(q + page, page, MADV_FREE);
    madvise(q + page, page, 999);
    syscall(SYS_madvise, NULL, -1L, -1L);
    msync(q + page, page, MS_SYNC | MS_INVALIDATE);
    syscall(SYS_msync, NULL, 0, 0x17);
    mlock(q + page, page);
    munlock(q + page, page);
    syscall(SYS_mlock2, q + page, page, 1);
    syscall(SYS_mlock2, NULL, 0, 3);
    munmap(q + page, page);
    syscall(SYS_munmap, 1, -1L);
    syscall(SYS_brk, 1);
    syscall(SYS_brk, -1L);
    return 0;
}
