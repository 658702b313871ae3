"""A server process and a client process: the parent accepts, the forked child connects.
usage: py_fork.py PORT"""
import os
import socket
import sys
import time

port = int(sys.argv[1])
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(4)
pid = os.fork()
if pid == 0:
    server.close()
    time.sleep(0.3)
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    client.connect(("127.0.0.1", port))
    client.sendall(b"question from the child")
    answer = client.recv(64)
    client.close()
    os._exit(0 if answer == b"answer from the parent" else 1)
conn, peer = server.accept()
assert conn.recv(64) == b"question from the child"
conn.sendall(b"answer from the parent")
conn.close()
server.close()
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
