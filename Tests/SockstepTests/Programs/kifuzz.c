/* Random calls to the decoders of the mount family, protection keys, landlock, keyctl,
 * fanotify, futex_waitv, memfd_secret, process_madvise/mrelease and the file handle calls.
 * None of them runs: a seccomp filter makes every one return 0 at once (pretend_success), so
 * that the decoders see random registers and memory and every exit as a success. Each
 * argument is drawn as in callfuzz.c: zero, -1, small numbers, descriptors that are not open,
 * addresses in a page of random bytes (some so near its end that a structure runs into the
 * unmapped page after it), in that unmapped page, random 64-bit values. A fixed seed and a
 * page at a fixed address: two runs make the same calls.
 * usage: kifuzz SEED COUNT */
#include "decoders.h"
#include "fuzz.h"

int main(int argc, char **argv) {
    long count = fuzz_start(argc, argv);
    char *page = fuzz_page();
    static const int calls[] = {
        SYS_mount, SYS_umount2, SYS_pivot_root, SYS_fsopen, SYS_fsconfig, SYS_fsmount, SYS_fspick, SYS_move_mount,
        SYS_open_tree, SYS_mount_setattr, SYS_pkey_alloc, SYS_pkey_free, SYS_pkey_mprotect, SYS_landlock_create_ruleset,
        SYS_landlock_add_rule, SYS_landlock_restrict_self, SYS_keyctl, SYS_add_key, SYS_request_key, SYS_fanotify_init,
        SYS_fanotify_mark, SYS_futex_waitv, SYS_memfd_secret, SYS_process_madvise, SYS_process_mrelease,
        SYS_name_to_handle_at, SYS_open_by_handle_at,
    };
    const int kinds = sizeof calls / sizeof calls[0];
    pretend_success(calls, 14);
    pretend_success(calls + 14, kinds - 14);
    for (long i = 0; i < count; i++) {
        long nr = calls[rnd() % kinds];
        long a[6];
        for (int k = 0; k < 6; k++) a[k] = fuzz_argument(page, 64);
        /* keyctl's command and fsconfig's mostly known ones */
        if (nr == SYS_keyctl && rnd() % 4) a[0] = (long)(rnd() % 33);
        if (nr == SYS_fsconfig && rnd() % 4) a[1] = (long)(rnd() % 8);
        syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    }
    return 0;
}
