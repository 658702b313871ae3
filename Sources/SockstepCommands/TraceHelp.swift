/// `sockstep trace --help`: strace's options in strace's groups, then sockstep's own. Each line
/// fits 80 columns; a paragraph is one line (the help wraps it to the terminal).
enum TraceHelp {
    static let discussion = """
    The options are strace 6.1's, written as strace takes them: bundled (-fT, -ff, -yy, -tt), \
    with the value attached or not (-s2, -s 2, -etrace=x, -o out.txt), long (--trace=x, \
    --output=out.txt, or any unambiguous start of a long name: --follow). Options end at the \
    command's name or at --: in `sockstep trace -f ls -l`, -l is ls's. The lines are the ones \
    strace prints for the same run, so that you can diff the two.

      sockstep trace /usr/bin/python3 server.py
      sockstep trace -f -e trace=%network -o out.txt curl -s http://x/
      sockstep trace -fT -yy -s 200 -e read=3 ./client
      sockstep trace -e inject=connect:error=ECONNREFUSED:when=2 ./client
      sockstep trace -p 4242

    Filtering:
      -e trace=SET, --trace=SET  calls to print: names, numbers, %net, %desc,
                        %file, %process, %memory, %signal, %ipc, /REGEX,
                        all, none; ! inverts, ? ignores a name this system
                        does not have, @64 @32 @x32 pick a table
      -e signal=SET, --signals=SET  signals to print (none: no signal lines)
      -e status=SET, --status=SET  calls to print by how they end:
                        successful, failed, unfinished, unavailable, detached
      -z, --successful-only  only calls that succeeded
      -Z, --failed-only  only calls that failed
      -P PATH, --trace-path=PATH  only calls that use PATH (repeatable)

    Output format:
      -a N, --columns=N  the column of ` = ` (default: 40)
      -s N, --string-limit=N  bytes of a string shown before `...`
                        (0 to 1073741823, default: 32)
      -v, --no-abbrev   everything in full: arrays, the environment, ...
      -e abbrev=SET, -e verbose=SET, -e raw=SET  per call: abbreviated;
                        structures shown; arguments left undecoded (hex)
      -x, -xx, --strings-in-hex[=non-ascii|all|non-ascii-chars]
                        strings with unprintable bytes, or all strings, in hex
      -X raw|abbrev|verbose, --const-print-style=...  constants as numbers,
                        names (the default), or both
      -y, -yy, --decode-fds=path,socket,dev,pidfd  what a descriptor is:
                        <path>; with -yy <TCP:[127.0.0.1:8888]>, <char 1:3>
      -Y, --decode-pids=comm  the command's name after each pid
      -e read=FDS, -e write=FDS  a hex dump of the data read or written
      -n, --syscall-number  the call's number first: [  41] socket(...)
      -i, --instruction-pointer  the instruction pointer at the call
      -t, -tt, -ttt, --absolute-timestamps=[FORMAT][,PRECISION]  the time of
                        day (-tt with microseconds), or UNIX time (-ttt)
      -r, --relative-timestamps[=s|ms|us|ns]  the time since the last line
      -T, --syscall-times[=s|ms|us|ns]  the time spent in each call
      -q, -qq, -qqq, --quiet=attach,personality,exit,thread-execve,
                        path-resolution  messages to leave out
      -o FILE, --output=FILE  the trace to FILE instead of stderr
      -A, --output-append-mode  append to the -o FILE
      -ff, --output-separately  with -o FILE: one file per process, FILE.PID

    Tracing and tampering:
      -f, --follow-forks  follow forks, vforks, clones and threads
      -p PID, --attach=PID  trace a running process (Ctrl-C detaches);
                        PID,PID... or repeated
      -E VAR=VAL, -E VAR, --env=...  set or remove VAR for the command
      -e inject=SET:error=ERRNO|retval=N[:signal=SIG][:when=FIRST[..LAST]
                        [+STEP]]  make calls fail or return N without
                        making them (strace marks them (INJECTED))
      -e fault=SET[:error=ERRNO][:when=...]  the same, ENOSYS by default
      --seccomp-bpf     with -f: stop only at the traced calls
      -c, --summary-only  only a table of calls, errors and time at the end
      -C, --summary     the trace and the table

    sockstep's own:
      --block CALL[=ACTION]  a seccomp filter the command loads before it
                        starts fails CALL: ACTION an errno name (EPERM, the
                        default), kill, trap or log; repeatable
      --show-filter     print that filter (libseccomp's pseudo-code and BPF)
      --format text|json  strace's lines, or JSON Lines (one event a line)
      --html FILE       also the trace's sequence diagram as an HTML page
      --print FILE      also that page as a PDF handout (with Chromium)
      --record FILE     also the run's events as JSON Lines, for render
      --explain         under each call's line, what it did in plain words (in
                        JSON: each call's "explanation")
      --wire PORT[,PORT...]  the TCP segments and UDP datagrams of these ports on
                        lo, as tcpdump -n -S prints them, and their TCP states,
                        on stderr among the calls (needs CAP_NET_RAW)
      --pin-cpu         keep the command on the tracer's CPU, and let it see so
                        (sched_getaffinity returns that one CPU)
      --no-pin-cpu      leave the command on every CPU it was given (by default it
                        shares the tracer's CPU, and sched_getaffinity tells it
                        the CPUs it was given)

    Not in sockstep (strace's message for an unknown option): -b, -D, -I, -k, \
    -u, -d, -O, -S, -U, -w, --tips, --kvm, --secontext, --pidns-translation.

    Exit status: the command's own, or sockstep dies of the signal that killed it, as \
    strace does; 1 when the command cannot be started, a process cannot be attached, or the \
    trace cannot be written (-o FILE on a full disk); 2 for bad input (strace exits 1).
    """
}
