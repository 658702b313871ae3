/* add_key, request_key and keyctl with good and bad arguments. Only the program's own process
 * and thread keyrings are touched (a "user" key added to the process keyring, read, described,
 * updated, revoked; the thread keyring request_key creates); every other keyring id is a
 * special id the call refuses here, a serial that does not exist, or comes with a bad pointer.
 * KEYCTL_SESSION_TO_PARENT, KEYCTL_JOIN_SESSION_KEYRING, the Diffie-Hellman and public key
 * commands are made to return 0 without running (pretend_success) at the end, so that their
 * outputs print as strace prints them after a success. */
#include "decoders.h"
#include <errno.h>
#include <stdint.h>
#include <sys/uio.h>
#include <linux/keyctl.h>

static char long_text[] = "a payload longer than the thirty-two bytes strace shows by default";

int main(void) {
    void *bad = unreadable_page();
    char buf[256];

    /* add_key, request_key: a key in the process keyring; bad types and pointers */
    long key = syscall(SYS_add_key, "user", "sockstep:test", "secret\0x", 8, KEY_SPEC_PROCESS_KEYRING);
    syscall(SYS_add_key, "user", "sockstep:long", long_text, sizeof long_text - 1, KEY_SPEC_PROCESS_KEYRING);
    syscall(SYS_add_key, "nonexistent-type", "d", "p", 1, KEY_SPEC_PROCESS_KEYRING);
    syscall(SYS_add_key, bad, bad, bad, 4, -100);
    syscall(SYS_add_key, NULL, NULL, NULL, 0, 0);
    syscall(SYS_add_key, "user", "x", "p", 1, 0x7fff0000);
    syscall(SYS_request_key, "user", "sockstep:test", NULL, KEY_SPEC_PROCESS_KEYRING);
    syscall(SYS_request_key, "user", "sockstep:missing", NULL, 0);
    syscall(SYS_request_key, "nonexistent-type", "d", "callout", KEY_SPEC_THREAD_KEYRING);
    syscall(SYS_request_key, bad, bad, bad, KEY_SPEC_REQUESTOR_KEYRING);

    /* keyctl: every command, special ids by name, the key's contents at exit */
    syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 0);
    syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_THREAD_KEYRING, 0x100000000ULL);
    syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, -9, -1);
    syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_GROUP_KEYRING, 0);
    syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_REQKEY_AUTH_KEY, 0);
    syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, bad);
    syscall(SYS_keyctl, KEYCTL_UPDATE, key, "newsecret", 9);
    syscall(SYS_keyctl, KEYCTL_UPDATE, 1, bad, 4);
    syscall(SYS_keyctl, KEYCTL_UPDATE, 1, long_text, sizeof long_text);
    syscall(SYS_keyctl, KEYCTL_DESCRIBE, key, buf, sizeof buf);
    syscall(SYS_keyctl, KEYCTL_DESCRIBE, key, buf, 5);
    syscall(SYS_keyctl, KEYCTL_DESCRIBE, key, NULL, 0);
    syscall(SYS_keyctl, KEYCTL_DESCRIBE, 1, buf, sizeof buf);
    syscall(SYS_keyctl, KEYCTL_READ, key, buf, sizeof buf);
    syscall(SYS_keyctl, KEYCTL_READ, key, buf, 3);
    syscall(SYS_keyctl, KEYCTL_READ, key, bad, sizeof buf);
    syscall(SYS_keyctl, KEYCTL_GET_SECURITY, key, buf, sizeof buf);
    syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, "user", "sockstep:test", 0);
    syscall(SYS_keyctl, KEYCTL_SEARCH, KEY_SPEC_PROCESS_KEYRING, "user", "sockstep:none", KEY_SPEC_THREAD_KEYRING);
    syscall(SYS_keyctl, KEYCTL_SEARCH, -1, bad, NULL, 1);
    syscall(SYS_keyctl, KEYCTL_CHOWN, key, -1, -1);
    syscall(SYS_keyctl, KEYCTL_CHOWN, 1, 0, 12345);
    syscall(SYS_keyctl, KEYCTL_SETPERM, key, 0x3f3f0000);
    syscall(SYS_keyctl, KEYCTL_SETPERM, 1, 0x0101013f);
    syscall(SYS_keyctl, KEYCTL_SETPERM, 1, 0xc0c0c0c0);
    syscall(SYS_keyctl, KEYCTL_SETPERM, 1, 0);
    syscall(SYS_keyctl, KEYCTL_LINK, key, KEY_SPEC_PROCESS_KEYRING);
    syscall(SYS_keyctl, KEYCTL_UNLINK, 1, -1);
    syscall(SYS_keyctl, KEYCTL_INSTANTIATE, 1, "payload", 7, KEY_SPEC_SESSION_KEYRING);
    syscall(SYS_keyctl, KEYCTL_INSTANTIATE, 1, NULL, 0, 0);
    syscall(SYS_keyctl, KEYCTL_NEGATE, 1, 10, KEY_SPEC_USER_KEYRING);
    syscall(SYS_keyctl, KEYCTL_SET_REQKEY_KEYRING, KEY_REQKEY_DEFL_NO_CHANGE);
    syscall(SYS_keyctl, KEYCTL_SET_REQKEY_KEYRING, 99);
    syscall(SYS_keyctl, KEYCTL_SET_REQKEY_KEYRING, -5);
    syscall(SYS_keyctl, KEYCTL_SET_TIMEOUT, 1, 3600);
    syscall(SYS_keyctl, KEYCTL_ASSUME_AUTHORITY, 1);
    syscall(SYS_keyctl, KEYCTL_REJECT, 1, 10, ENOKEY, KEY_SPEC_PROCESS_KEYRING);
    syscall(SYS_keyctl, KEYCTL_REJECT, 1, 10, 0, 0);
    syscall(SYS_keyctl, KEYCTL_REJECT, 1, 10, 4095, 0);
    struct iovec iov[2] = { { "ab", 2 }, { "cde", 3 } };
    syscall(SYS_keyctl, KEYCTL_INSTANTIATE_IOV, 1, iov, 2, KEY_SPEC_PROCESS_KEYRING);
    syscall(SYS_keyctl, KEYCTL_INSTANTIATE_IOV, 1, bad, 2, 0);
    syscall(SYS_keyctl, KEYCTL_INSTANTIATE_IOV, 1, NULL, 0, 0);
    syscall(SYS_keyctl, KEYCTL_INVALIDATE, 1);
    syscall(SYS_keyctl, KEYCTL_GET_PERSISTENT, -1, 1);
    syscall(SYS_keyctl, KEYCTL_GET_PERSISTENT, 1000, 0x7fff0000);
    syscall(SYS_keyctl, KEYCTL_PKEY_QUERY, key, 0, "enc=pkcs1", buf);
    syscall(SYS_keyctl, KEYCTL_RESTRICT_KEYRING, 1, "asymmetric", "builtin_trusted");
    syscall(SYS_keyctl, KEYCTL_RESTRICT_KEYRING, 1, NULL, NULL);
    syscall(SYS_keyctl, KEYCTL_MOVE, 1, KEY_SPEC_PROCESS_KEYRING, KEY_SPEC_THREAD_KEYRING, KEYCTL_MOVE_EXCL);
    syscall(SYS_keyctl, KEYCTL_MOVE, 1, 2, 3, 0xfffffffe);
    unsigned char caps[4];
    syscall(SYS_keyctl, KEYCTL_CAPABILITIES, caps, sizeof caps);
    syscall(SYS_keyctl, KEYCTL_CAPABILITIES, caps, 1);
    syscall(SYS_keyctl, KEYCTL_CAPABILITIES, bad, 2);
    syscall(SYS_keyctl, KEYCTL_CAPABILITIES, NULL, 0);
    syscall(SYS_keyctl, KEYCTL_WATCH_KEY, 1, 2, 3, 4);
    syscall(SYS_keyctl, 99, 1, 2, 3, 4);
    syscall(SYS_keyctl, -1, 0xffffffffffffffffULL, 2, 3, 4);
    syscall(SYS_keyctl, KEYCTL_REVOKE, key);
    syscall(SYS_keyctl, KEYCTL_CLEAR, KEY_SPEC_PROCESS_KEYRING);

    /* Made to return 0 without running. */
    int faked[] = { SYS_keyctl };
    pretend_success(faked, 1);
    syscall(SYS_keyctl, KEYCTL_SESSION_TO_PARENT);
    syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, "sockstep");
    syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL);
    struct keyctl_dh_params dh = { .private = 1, .prime = KEY_SPEC_PROCESS_KEYRING, .base = -100 };
    struct keyctl_kdf_params kdf = { .hashname = "sha256", .otherinfo = "info", .otherinfolen = 4 };
    syscall(SYS_keyctl, KEYCTL_DH_COMPUTE, &dh, buf, sizeof buf, NULL);
    syscall(SYS_keyctl, KEYCTL_DH_COMPUTE, &dh, buf, sizeof buf, &kdf);
    struct keyctl_kdf_params kdf2 = { .hashname = NULL, .otherinfo = (char *)bad, .otherinfolen = 0, .__spare = { 0, 5 } };
    syscall(SYS_keyctl, KEYCTL_DH_COMPUTE, bad, NULL, 0, &kdf2);
    syscall(SYS_keyctl, KEYCTL_DH_COMPUTE, NULL, buf, 0, bad);
    struct keyctl_pkey_query q = { .supported_ops = KEYCTL_SUPPORTS_ENCRYPT | KEYCTL_SUPPORTS_VERIFY | 0x30, .key_size = 2048,
                                   .max_data_size = 256, .max_sig_size = 256, .max_enc_size = 256, .max_dec_size = 256 };
    syscall(SYS_keyctl, KEYCTL_PKEY_QUERY, 1, 0, "enc=pkcs1", &q);
    q.__spare[9] = 7;
    syscall(SYS_keyctl, KEYCTL_PKEY_QUERY, 1, 0x10, NULL, &q);
    syscall(SYS_keyctl, KEYCTL_PKEY_QUERY, 1, 0, "x", bad);
    strcpy(buf, "output bytes");
    struct keyctl_pkey_params pp = { .key_id = KEY_SPEC_PROCESS_KEYRING, .in_len = 3, .out_len = 6 };
    syscall(SYS_keyctl, KEYCTL_PKEY_ENCRYPT, &pp, "enc=pkcs1", "abcdef", buf);
    syscall(SYS_keyctl, KEYCTL_PKEY_DECRYPT, &pp, NULL, "abc", buf);
    syscall(SYS_keyctl, KEYCTL_PKEY_SIGN, bad, "x", "abc", buf);
    pp.__spare[0] = 9;
    syscall(SYS_keyctl, KEYCTL_PKEY_SIGN, &pp, "x", "abc", bad);
    struct keyctl_pkey_params pv = { .key_id = 5, .in_len = 2, .in2_len = 4 };
    syscall(SYS_keyctl, KEYCTL_PKEY_VERIFY, &pv, "enc=raw", "ab", "cdef");
    syscall(SYS_keyctl, KEYCTL_PKEY_VERIFY, bad, "enc=raw", "ab", "cdef");
    caps[0] = 0xff; caps[1] = 0x0f; caps[2] = 0x10; caps[3] = 0;
    syscall(SYS_keyctl, KEYCTL_CAPABILITIES, caps, sizeof caps);
    syscall(SYS_keyctl, KEYCTL_READ, 1, buf, sizeof buf);
    syscall(SYS_keyctl, KEYCTL_DESCRIBE, 1, buf, sizeof buf);
    return 0;
}
