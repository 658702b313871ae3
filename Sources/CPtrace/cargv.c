/*
 * The command line for Swift's CommandLine.arguments, as the C library hands it over.
 *
 * On Linux the Swift runtime finds argv with a constructor of its own (CommandLine.cpp in the
 * standard library) that reads /proc/self/maps line by line with sscanf to find the stack, then
 * walks back from environ. In the statically linked release binary that was 141,000
 * instructions and eight system calls at every start, more than decoding a short program's
 * calls. glibc calls each of the program's .init_array functions with argc, argv and envp:
 * this file keeps the first two and defines the two functions the standard library asks for
 * them. The linker then does not take the runtime's CommandLine.cpp from libswiftCore.a at all
 * (an archive member is linked only for a symbol nothing else defines). Where the runtime is a
 * shared library (debug builds, the tests) it uses its own functions, and these go unused.
 *
 * glibc is the C library sockstep is built for (Debian); it has passed these arguments to
 * .init_array functions since its first ELF versions.
 */
#include <stddef.h>

static char **given_argv;
static int given_argc;
static char **override_argv;
static int override_argc;

static void keep_arguments(int argc, char **argv, char **envp) {
    (void)envp;
    given_argc = argc;
    given_argv = argv;
}

__attribute__((section(".init_array"), used))
static void (*const keep_arguments_entry)(int, char **, char **) = keep_arguments;

/* The standard library's two entry points, with its calling convention (swiftcall); hidden,
 * so that nothing outside the binary sees them. */
__attribute__((swiftcall, visibility("hidden")))
char **_swift_stdlib_getUnsafeArgvArgc(int *outArgLen) {
    if (override_argv != NULL) {
        *outArgLen = override_argc;
        return override_argv;
    }
    *outArgLen = given_argc;
    return given_argv;
}

__attribute__((swiftcall, visibility("hidden")))
void _swift_stdlib_overrideUnsafeArgvArgc(char **argv, int argc) {
    override_argv = argv;
    override_argc = argc;
}
