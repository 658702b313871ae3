/* A student's TCP server that prints without end on stdout, in large writes, before it even
 * makes a socket. */
#include <string.h>
#include <unistd.h>

int main(void) {
    static char block[1 << 20];
    memset(block, 'x', sizeof block);
    for (;;) {
        if (write(1, block, sizeof block) < 0) return 1;
    }
}
