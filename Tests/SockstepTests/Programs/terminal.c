/* Terminal ioctls on a pseudo-terminal, with good and bad arguments: TCGETS, TCSETS*,
 * TCGETA, TCGETS2, TIOCGWINSZ, TIOCSWINSZ, FIONREAD, TIOCGPTN, TCFLSH, TCXONC, TCSBRK, ...;
 * then struct termios filled in by the program with each flag. */
#include "decoders.h"
#include <fcntl.h>
#include <termios.h>
#include <sys/ioctl.h>

struct termios2_ { char b[44]; };
#define TCGETS2_ _IOR(0x54, 0x2A, struct termios2_)

int main(void) {
    void *bad = unreadable_page();
    /* The pseudo-terminal's number (/dev/pts/N) depends on what else runs: the program
       neither names nor prints it (no ptsname, no TIOCGPTN with a good pointer). */
    int m = open("/dev/ptmx", O_RDWR | O_NOCTTY);
    CHECK(m >= 0);
    int unlock = 0;
    CHECK(ioctl(m, TIOCSPTLCK, &unlock) == 0);
    int s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    CHECK(s >= 0);
    struct termios t;
    ioctl(s, TCGETS, &t);
    t.c_lflag &= ~(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    ioctl(s, TCSETS, &t);
    ioctl(s, TCSETSW, &t);
    ioctl(s, TCSETSF, &t);
    ioctl(s, TCSETS, bad);
    ioctl(s, TCGETS, bad);
    ioctl(s, TCGETS, NULL);
    ioctl(0, TCGETS, &t);
    ioctl(99, TCGETS, &t);
    struct winsize w = { 24, 80, 0, 0 };
    ioctl(s, TIOCSWINSZ, &w);
    ioctl(s, TIOCGWINSZ, &w);
    ioctl(s, TIOCGWINSZ, bad);
    ioctl(s, TIOCSWINSZ, NULL);
    int n;
    ioctl(s, FIONREAD, &n);
    ioctl(s, TIOCOUTQ, &n);
    ioctl(m, TIOCGPTN, bad);
    pid_t pg = 0;
    ioctl(s, TIOCGPGRP, &pg);
    ioctl(s, TIOCSPGRP, &pg);
    ioctl(s, TIOCGSID, &pg);
    ioctl(s, TCFLSH, TCIFLUSH);
    ioctl(s, TCFLSH, 7);
    ioctl(s, TCXONC, TCOON);
    ioctl(s, TCXONC, -1);
    ioctl(s, TCSBRK, 1);
    struct termios2_ t2;
    ioctl(s, TCGETS2_, &t2);
    struct termio tio;
    ioctl(s, TCGETA, &tio);
    ioctl(s, TCSETA, &tio);
    ioctl(s, TIOCSCTTY, 0);
    ioctl(s, TIOCNOTTY);
    ioctl(s, TIOCEXCL);
    ioctl(s, TIOCNXCL);
    ioctl(s, 0x5499, 5);
    ioctl(s, _IOR('x', 3, int), 5);
    int one = 1;
    ioctl(s, FIONBIO, &one);
    ioctl(s, FIONBIO, bad);

    int faked[] = { SYS_ioctl };
    pretend_success(faked, 1);
    memset(&t, 0xff, sizeof t);
    ioctl(0, TCGETS, &t);
    memset(&t, 0, sizeof t);
    ioctl(0, TCGETS, &t);
    for (int i = 0; i < 32; i++) {
        memset(&t, 0, sizeof t);
        t.c_iflag = 1u << i;
        t.c_oflag = 1u << i;
        t.c_cflag = 1u << i;
        t.c_lflag = 1u << i;
        ioctl(0, TCGETS, &t);
    }
    for (int i = 0; i < 16; i++) {
        memset(&t, 0, sizeof t);
        t.c_cflag = i | 0x1000 | (i << 16) | ((i & 3) << 4);
        t.c_oflag = (i & 1) << 8 | (i & 3) << 9 | (i & 3) << 11;
        ioctl(0, TCGETS, &t);
    }
    memset(&w, 0xff, sizeof w);
    ioctl(0, TIOCGWINSZ, &w);
    return 0;
}
