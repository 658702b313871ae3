# A parent and the child it forks talk over 127.0.0.1: a TCP connection ("ping", "pong"), then
# UDP datagrams ("hello over udp", "hello back"). The parent waits for the child at the end.
# Exit 0 when every message arrived. Ports: the kernel picks them (bind to port 0).
import os
import socket
import sys

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(8)
port = listener.getsockname()[1]
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", 0))
udp_port = udp.getsockname()[1]

child = os.fork()
if child == 0:
    listener.close()
    conn = socket.create_connection(("127.0.0.1", port))
    conn.sendall(b"ping")
    reply = conn.recv(100)
    conn.close()
    out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    out.sendto(b"hello over udp", ("127.0.0.1", udp_port))
    data, peer = out.recvfrom(100)
    os._exit(0 if reply == b"pong" and data == b"hello back" else 1)

conn, peer = listener.accept()
data = conn.recv(100)
conn.sendall(b"pong")
conn.close()
data, peer = udp.recvfrom(100)
udp.sendto(b"hello back", peer)
_, status = os.waitpid(child, 0)
sys.exit(os.waitstatus_to_exitcode(status))
