"""The forking lesson's server: accepts two clients on 127.0.0.1:PORT and forks a child for
each. After the fork both processes hold both sockets, the listener and the new connection:
the parent closes the connection (the child serves it) and goes back to accept; the child
closes the listener (it accepts nobody), writes its greeting, closes the connection and ends
with os._exit (no cleanup of the parent's objects in the child). The parent then waits for its
two children.

SIGCHLD is blocked for the whole run: when each child ends, its SIGCHLD stays pending instead of
interrupting the parent at a moment that depends on the scheduler; waitpid reaps the children
all the same.

    python3 server.py 8888
"""
import os
import signal
import socket
import sys


def main(port):
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})

    # step: socket
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        # end: socket

        # step: reuseaddr
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # end: reuseaddr

        # step: bind
        listener.bind(("127.0.0.1", port))
        # end: bind

        # step: listen
        listener.listen(128)
        # end: listen

        for number in (1, 2):
            # step: accept
            conn, _ = listener.accept()
            # end: accept

            if os.fork() == 0:
                # The child: it serves this connection only, and os._exit ends it here
                # whatever happens (it never runs the parent's code after this block).
                status = 1
                try:
                    # step: child-close-listener
                    listener.close()
                    # end: child-close-listener

                    # step: child-send
                    conn.sendall(b"hello from child %d\n" % number)
                    # end: child-send

                    # step: child-close
                    conn.close()
                    # end: child-close
                    status = 0
                except OSError as error:
                    print(f"server's child: {error}", file=sys.stderr)
                finally:
                    os._exit(status)

            # The parent: the child serves the connection.
            # step: parent-close
            conn.close()
            # end: parent-close

        for _ in range(2):
            os.waitpid(-1, 0)
        print("two children served two clients")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        print("usage: server.py PORT", file=sys.stderr)
        sys.exit(2)
    try:
        main(int(sys.argv[1]))
    except OSError as error:
        sys.exit(f"server: {error}")
