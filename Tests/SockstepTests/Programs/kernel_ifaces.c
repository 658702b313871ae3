/* The mount family, protection keys and landlock with good and bad arguments. No mount call
 * ever runs: mount, umount2, pivot_root, fsopen, fsconfig, fsmount, fspick, move_mount,
 * open_tree and mount_setattr are made to return 0 without running (pretend_success) before
 * the first of them. pkey_alloc/pkey_free/pkey_mprotect run on the program's own memory;
 * landlock_create_ruleset runs (a ruleset fd, closed), landlock_add_rule and
 * landlock_restrict_self only with bad fds or arguments. */
#include "decoders.h"
#include <fcntl.h>
#include <stdint.h>
#include <linux/landlock.h>
#include <linux/mount.h>

#ifndef MOUNT_ATTR_SIZE_VER0
#define MOUNT_ATTR_SIZE_VER0 32
#endif

static char long_data[] = "errors=remount-ro,commit=30,data=ordered,barrier=1,user_xattr";
static unsigned long long big_attr[1024];

int main(void) {
    void *bad = unreadable_page();

    /* pkey_alloc, pkey_mprotect, pkey_free */
    long key = syscall(SYS_pkey_alloc, 0, 0);
    syscall(SYS_pkey_alloc, 0, 1);
    syscall(SYS_pkey_alloc, 0, 3);
    syscall(SYS_pkey_alloc, 0x10, 4);
    syscall(SYS_pkey_alloc, 0, 0xfffffffffffffff8ULL);
    syscall(SYS_pkey_alloc, 0xffffffffffffffffULL, 0xffffffffffffffffULL);
    char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(page != MAP_FAILED);
    syscall(SYS_pkey_mprotect, page, 4096, PROT_READ | PROT_WRITE, key < 0 ? 0 : key);
    syscall(SYS_pkey_mprotect, page, 4096, PROT_READ, -1);
    syscall(SYS_pkey_mprotect, page, 4096, 0x12345678, 99);
    syscall(SYS_pkey_mprotect, NULL, 0, PROT_NONE, 0xffffffff00000001ULL);
    if (key >= 0) syscall(SYS_pkey_free, key);
    syscall(SYS_pkey_free, -1);
    syscall(SYS_pkey_free, 0xffffffff00000005ULL);

    /* landlock_create_ruleset: the version query, a real ruleset, bad sizes and pointers */
    syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    struct landlock_ruleset_attr attr = { .handled_access_fs = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE };
    long rs = syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
    struct { uint64_t fs, net, scoped, more; } wide = { ~0ULL, ~0ULL, ~0ULL, 7 };
    syscall(SYS_landlock_create_ruleset, &wide, 8, 0);
    syscall(SYS_landlock_create_ruleset, &wide, 16, 0);
    syscall(SYS_landlock_create_ruleset, &wide, 24, 0);
    syscall(SYS_landlock_create_ruleset, &wide, 32, 0);
    syscall(SYS_landlock_create_ruleset, &wide, 7, 0);
    syscall(SYS_landlock_create_ruleset, bad, 8, 0);
    syscall(SYS_landlock_create_ruleset, NULL, 8, 0);
    syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0xfffffffe);
    syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0xffffffff);
    /* landlock_add_rule: path-beneath and net-port rules, an unknown type, bad fds */
    struct landlock_path_beneath_attr beneath = { .allowed_access = LANDLOCK_ACCESS_FS_READ_FILE, .parent_fd = -1 };
    syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0);
    beneath.allowed_access = ~0ULL;
    beneath.parent_fd = 99;
    syscall(SYS_landlock_add_rule, -1, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0x10);
    syscall(SYS_landlock_add_rule, -1, LANDLOCK_RULE_PATH_BENEATH, bad, 0);
    syscall(SYS_landlock_add_rule, -1, LANDLOCK_RULE_PATH_BENEATH, NULL, 0);
    uint64_t port[2] = { 3, 8080 };
    syscall(SYS_landlock_add_rule, -1, 2, port, 0);
    syscall(SYS_landlock_add_rule, -1, 3, port, 0xffffffff);
    syscall(SYS_landlock_add_rule, -1, 0, port, 0);
    /* landlock_restrict_self: only bad fds and flags */
    syscall(SYS_landlock_restrict_self, -1, 0);
    syscall(SYS_landlock_restrict_self, 99, 0xffffffffffffffffULL);
    if (rs >= 0) {
        syscall(SYS_landlock_restrict_self, rs, 0x80000000);
        close(rs);
    }

    /* The mount family: never run. */
    int faked[] = { SYS_mount, SYS_umount2, SYS_pivot_root, SYS_fsopen, SYS_fsconfig, SYS_fsmount,
                    SYS_fspick, SYS_move_mount, SYS_open_tree, SYS_mount_setattr };
    pretend_success(faked, 10);

    /* mount: the type as an address with MS_REMOUNT, type and data as addresses with a
     * bind, move or propagation change; MS_MGC_VAL's magic in the high bits. */
    syscall(SYS_mount, "/dev/sda1", "/mnt", "ext4", MS_RDONLY | MS_NOSUID | MS_NODEV, "data=ordered");
    syscall(SYS_mount, "none", "/mnt", "tmpfs", 0, NULL);
    syscall(SYS_mount, "none", "/mnt", "tmpfs", MS_MGC_VAL, "size=1m");
    syscall(SYS_mount, "none", "/mnt", "tmpfs", MS_MGC_VAL | MS_RDONLY | MS_NOEXEC, long_data);
    syscall(SYS_mount, "none", "/mnt", "tmpfs", MS_REMOUNT | MS_RDONLY, "size=2m");
    syscall(SYS_mount, "/a", "/b", "ignored", MS_BIND | MS_REC, "ignored");
    syscall(SYS_mount, "/a", "/b", "ignored", MS_MGC_VAL | MS_MOVE, "ignored");
    syscall(SYS_mount, NULL, "/b", NULL, MS_PRIVATE | MS_REC, NULL);
    syscall(SYS_mount, NULL, "/b", NULL, MS_SHARED, NULL);
    syscall(SYS_mount, NULL, "/b", NULL, MS_SLAVE | MS_SILENT, NULL);
    syscall(SYS_mount, NULL, "/b", NULL, MS_UNBINDABLE, NULL);
    syscall(SYS_mount, bad, bad, bad, 0x200, bad);
    syscall(SYS_mount, NULL, NULL, NULL, 0xffffffffffffffffULL, NULL);
    syscall(SYS_mount, NULL, NULL, NULL, 0xfffffffff0000000ULL, NULL);
    syscall(SYS_mount, NULL, NULL, NULL, 0xc0ec0000, NULL);
    syscall(SYS_mount, NULL, NULL, "x", 0x1c0ed0000ULL, NULL);
    syscall(SYS_mount, "a", "b", "c", MS_MGC_VAL | MS_REMOUNT, "d");
    syscall(SYS_mount, "a", "b", "c", MS_REMOUNT | MS_BIND, "d");

    /* umount2, pivot_root */
    syscall(SYS_umount2, "/mnt", 0);
    syscall(SYS_umount2, "/mnt", 1 | 2 /* MNT_FORCE|MNT_DETACH */);
    syscall(SYS_umount2, "/mnt", 4 | 8 | 0x30 /* MNT_EXPIRE|UMOUNT_NOFOLLOW */);
    syscall(SYS_umount2, bad, 0x10);
    syscall(SYS_umount2, NULL, 0xffffffff);
    syscall(SYS_pivot_root, "/new", "/new/old");
    syscall(SYS_pivot_root, NULL, bad);

    /* fsopen, fsconfig (the key and value by command), fsmount, fspick */
    syscall(SYS_fsopen, "ext4", FSOPEN_CLOEXEC);
    syscall(SYS_fsopen, "tmpfs", 0);
    syscall(SYS_fsopen, bad, 0xfffffffe);
    syscall(SYS_fsopen, NULL, 0xffffffff);
    unsigned char blob[5] = { 1, 2, 'a', 0, 0xff };
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_FLAG, "ro", NULL, 0);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_FLAG, "ro", "value", 5);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_STRING, "source", "/dev/sda1", 0);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_STRING, long_data, long_data, -1);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_BINARY, "blob", blob, sizeof blob);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_BINARY, "blob", blob, 0);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_BINARY, "blob", blob, -1);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_BINARY, "blob", blob, 1024 * 1024 + 1);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_BINARY, "blob", bad, 4);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_PATH, "source", "/dev/sda1", AT_FDCWD);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_PATH, "source", "dev", 5);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_PATH_EMPTY, "source", "", -1);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_FD, "fd", NULL, 0);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_FD, "fd", "x", -1);
    syscall(SYS_fsconfig, 3, FSCONFIG_CMD_CREATE, NULL, NULL, 0);
    syscall(SYS_fsconfig, -1, FSCONFIG_CMD_RECONFIGURE, "k", "v", 7);
    syscall(SYS_fsconfig, 3, 8, "k", "v", 7);
    syscall(SYS_fsconfig, 3, 0xffffffff, "k", "v", -1);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_STRING, bad, bad, 0);
    syscall(SYS_fsconfig, 3, FSCONFIG_SET_STRING, NULL, NULL, 0);
    syscall(SYS_fsmount, 3, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
    syscall(SYS_fsmount, 3, 0, 0);
    syscall(SYS_fsmount, -1, 0xfffffffe, MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NOATIME | MOUNT_ATTR_STRICTATIME | MOUNT_ATTR_NODIRATIME);
    syscall(SYS_fsmount, 3, 0xffffffff, 0xffffffff);
    syscall(SYS_fsmount, 3, 0, MOUNT_ATTR_RELATIME);
    syscall(SYS_fsmount, 3, 0, 0x100000);
    syscall(SYS_fspick, AT_FDCWD, "/mnt", FSPICK_CLOEXEC | FSPICK_SYMLINK_NOFOLLOW);
    syscall(SYS_fspick, 3, "", FSPICK_NO_AUTOMOUNT | FSPICK_EMPTY_PATH);
    syscall(SYS_fspick, -1, bad, 0xfffffff0);
    syscall(SYS_fspick, AT_FDCWD, NULL, 0);

    /* move_mount, open_tree, mount_setattr */
    syscall(SYS_move_mount, 3, "", AT_FDCWD, "/mnt", MOVE_MOUNT_F_EMPTY_PATH);
    syscall(SYS_move_mount, AT_FDCWD, "/a", 4, "b", 0x77);
    syscall(SYS_move_mount, -1, bad, -1, NULL, 0xffffffff);
    syscall(SYS_move_mount, -1, NULL, -1, NULL, 0);
    syscall(SYS_open_tree, AT_FDCWD, "/mnt", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
    syscall(SYS_open_tree, 3, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT);
    syscall(SYS_open_tree, -1, bad, 0);
    syscall(SYS_open_tree, -1, NULL, 0xffffffff);
    syscall(SYS_open_tree, -1, NULL, 0x2);
    struct mount_attr ma = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, .attr_clr = MOUNT_ATTR__ATIME,
                             .propagation = MS_PRIVATE, .userns_fd = 0 };
    syscall(SYS_mount_setattr, AT_FDCWD, "/mnt", AT_RECURSIVE, &ma, sizeof ma);
    struct mount_attr idmap = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = 5 };
    syscall(SYS_mount_setattr, -1, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, &idmap, sizeof idmap);
    struct mount_attr bigfd = { .attr_clr = MOUNT_ATTR_IDMAP | 0x80000000ULL, .propagation = 0x1234, .userns_fd = 0x80000000ULL };
    syscall(SYS_mount_setattr, 3, "x", 0xffffffff, &bigfd, sizeof bigfd);
    struct mount_attr odd = { .attr_set = ~0ULL, .attr_clr = MOUNT_ATTR_NOSYMFOLLOW, .propagation = MS_SHARED, .userns_fd = ~0ULL };
    syscall(SYS_mount_setattr, 3, "x", 0, &odd, sizeof odd);
    struct mount_attr prop = { .propagation = MS_SLAVE };
    syscall(SYS_mount_setattr, 3, "x", 0, &prop, sizeof prop);
    prop.propagation = MS_UNBINDABLE;
    prop.attr_set = MOUNT_ATTR_IDMAP;
    prop.userns_fd = 0xffffffff;
    syscall(SYS_mount_setattr, 3, "x", 0, &prop, sizeof prop);
    syscall(SYS_mount_setattr, 3, "x", 0, &ma, MOUNT_ATTR_SIZE_VER0 - 1);
    syscall(SYS_mount_setattr, 3, "x", 0, big_attr, 40);
    big_attr[4] = 0x41;
    syscall(SYS_mount_setattr, 3, "x", 0, big_attr, 40);
    syscall(SYS_mount_setattr, 3, "x", 0, big_attr, sizeof big_attr);
    syscall(SYS_mount_setattr, 3, "x", 0, bad, sizeof ma);
    syscall(SYS_mount_setattr, 3, "x", 0, NULL, sizeof ma);
    syscall(SYS_mount_setattr, 3, "x", 0, (char *)bad - 32, 40);
    return 0;
}
