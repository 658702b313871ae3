/* An ordinary C program, traced whole (no -e): stdio on a file, a directory listing, the
 * environment, a child started with posix_spawn and waited for, a sleep.
 * usage: everyday DIR     (a directory the program may write in) */
#include <dirent.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc != 2 || chdir(argv[1]) != 0) return 2;
    FILE *f = fopen("notes.txt", "w");
    if (!f) return 3;
    fprintf(f, "line %d\n", 1);
    fclose(f);
    f = fopen("notes.txt", "r");
    char line[64];
    if (!f || !fgets(line, sizeof line, f)) return 4;
    fclose(f);
    struct stat st;
    if (stat("notes.txt", &st) != 0) return 5;
    int entries = 0;
    DIR *d = opendir(".");
    while (d && readdir(d)) entries++;
    if (d) closedir(d);
    char *big = malloc(1 << 20);  /* large: an mmap of its own */
    memset(big, 1, 1 << 20);
    free(big);
    pid_t child;
    char *args[] = { "/bin/true", NULL };
    if (posix_spawn(&child, "/bin/true", NULL, NULL, args, environ) != 0) return 6;
    int status;
    if (waitpid(child, &status, 0) != child || status != 0) return 7;
    struct timespec pause = { 0, 1000000 };
    nanosleep(&pause, NULL);
    unlink("notes.txt");
    printf("%s%lld bytes, %d entries\n", line, (long long)st.st_size, entries);
    return 0;
}
