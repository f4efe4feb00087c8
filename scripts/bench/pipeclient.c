/* The benchmark's "raw pipelined client" anchor: the least an SMTP client can do to deliver
 * messages over reused connections, one round trip per message (RFC 2920: the next MAIL, RCPT and
 * DATA leave with the previous final dot). No spool, no parsing beyond reply codes, no checks but
 * that every reply is positive. Built by scripts/bench.sh with cc; loopback only.
 *
 * usage: pipeclient HOST PORT CONNECTIONS MESSAGES BYTES
 * prints: messages per second over the whole run (connect to QUIT). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *host;
static int port, bytes;
static char *body;
static size_t body_len;

struct job { int messages; int failed; };

static __thread size_t in_len, in_pos;
static __thread char tin[65536];

static int fill(int fd) {
  if (in_pos == in_len) { in_pos = in_len = 0; }
  ssize_t n = read(fd, tin + in_len, sizeof tin - in_len);
  if (n <= 0) return -1;
  in_len += (size_t) n;
  return 0;
}

/* Reads one (possibly multi-line) reply; returns its code, or -1. */
static int reply(int fd) {
  for (;;) {
    char *nl;
    while ((nl = memchr(tin + in_pos, '\n', in_len - in_pos)) == NULL) {
      if (in_pos > 0) { memmove(tin, tin + in_pos, in_len - in_pos); in_len -= in_pos; in_pos = 0; }
      if (fill(fd) < 0) return -1;
    }
    char *line = tin + in_pos;
    in_pos = (size_t) (nl - tin) + 1;
    if (nl - line >= 3 && (nl - line == 3 || line[3] == ' ' || line[3] == '\r')) return atoi(line);
  }
}

static int send_all(int fd, const char *p, size_t n) {
  while (n > 0) { ssize_t w = write(fd, p, n); if (w <= 0) return -1; p += w; n -= (size_t) w; }
  return 0;
}

static void *run(void *arg) {
  struct job *job = arg;
  int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t) port) };
  inet_pton(AF_INET, host, &sa.sin_addr);
  if (connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0) { job->failed = 1; return NULL; }
  static const char env[] = "MAIL FROM:<bench@sender.test>\r\nRCPT TO:<reader@rcpt.test>\r\nDATA\r\n";
  if (reply(fd) != 220 || send_all(fd, "EHLO pipeclient.test\r\n", 22) || reply(fd) != 250
      || send_all(fd, env, sizeof env - 1) || reply(fd) != 250 || reply(fd) != 250 || reply(fd) != 354) {
    job->failed = 1; return NULL;
  }
  size_t n = body_len + 3 + sizeof env - 1;
  char *out = malloc(n);
  memcpy(out, body, body_len); memcpy(out + body_len, ".\r\n", 3); memcpy(out + body_len + 3, env, sizeof env - 1);
  for (int i = 0; i < job->messages; i++) {
    int last = i == job->messages - 1;
    if (send_all(fd, out, last ? body_len + 3 : n) || reply(fd) != 250) { job->failed = 1; break; }
    if (!last && (reply(fd) != 250 || reply(fd) != 250 || reply(fd) != 354)) { job->failed = 1; break; }
  }
  send_all(fd, "QUIT\r\n", 6);
  reply(fd);
  close(fd);
  free(out);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 6) { fprintf(stderr, "usage: pipeclient HOST PORT CONNECTIONS MESSAGES BYTES\n"); return 64; }
  host = argv[1]; port = atoi(argv[2]);
  int conns = atoi(argv[3]), messages = atoi(argv[4]);
  bytes = atoi(argv[5]);
  body = malloc((size_t) bytes + 200);
  body_len = (size_t) sprintf(body, "From: <bench@sender.test>\r\nTo: <reader@rcpt.test>\r\nSubject: pipeclient\r\n\r\n");
  while (body_len + 74 <= (size_t) bytes + 74 && body_len < (size_t) bytes) {
    body_len += (size_t) sprintf(body + body_len, "%s", "The quick brown fox jumps over the lazy dog; pipeclient filler line..\r\n");
  }
  pthread_t *t = calloc((size_t) conns, sizeof *t);
  struct job *jobs = calloc((size_t) conns, sizeof *jobs);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < conns; i++) {
    jobs[i].messages = messages / conns + (i < messages % conns);
    pthread_create(&t[i], NULL, run, &jobs[i]);
  }
  int failed = 0;
  for (int i = 0; i < conns; i++) { pthread_join(t[i], NULL); failed |= jobs[i].failed; }
  clock_gettime(CLOCK_MONOTONIC, &b);
  double s = (double) (b.tv_sec - a.tv_sec) + (double) (b.tv_nsec - a.tv_nsec) / 1e9;
  if (failed) { fprintf(stderr, "pipeclient: a connection failed\n"); return 69; }
  printf("%.0f\n", messages / s);
  return 0;
}
