/* The lowest rung, always: the cheapest program that speaks the protocol,
 * to measure what the pipe itself costs per decision (README.md, "Speed").
 *
 *   cc -O2 -o /tmp/lowest player/abr_exec/examples/lowest.c
 *   dash-abr-bench ... --abr "exec:/tmp/lowest" --jobs 1
 *
 * It reads whatever has arrived, answers every whole "choose" line with
 * {"rung":0} and every "abandon" line with {"rung":null}, and ignores the
 * rest ("type" is always the first key, written without spaces).
 */
#include <string.h>
#include <unistd.h>

static int write_all(const char* s, size_t n) {
  while (n > 0) {
    const ssize_t k = write(STDOUT_FILENO, s, n);
    if (k <= 0) return -1;
    s += k;
    n -= (size_t)k;
  }
  return 0;
}

int main(void) {
  static char buf[1 << 21]; /* a line is at most 1 MiB */
  size_t have = 0;
  for (;;) {
    const ssize_t n = read(STDIN_FILENO, buf + have, sizeof buf - have);
    if (n <= 0) return 0;
    have += (size_t)n;
    char* line = buf;
    char* eol;
    while ((eol = memchr(line, '\n', have - (size_t)(line - buf))) != NULL) {
      if (strncmp(line, "{\"type\":\"choose\"", 16) == 0 && write_all("{\"rung\":0}\n", 11) != 0) return 1;
      if (strncmp(line, "{\"type\":\"abandon\"", 17) == 0 && write_all("{\"rung\":null}\n", 14) != 0) return 1;
      line = eol + 1;
    }
    have -= (size_t)(line - buf);
    memmove(buf, line, have);
    if (have == sizeof buf) return 1;
  }
}
