// The least any appender through a shared file mapping can do per record on
// this machine: what `npm run bench:native-ceiling` (bench/nativeCeiling.ts)
// compares with one write(2) per record. Not mmlog's code, and not linked
// into it: a bound to read mmlog's own figures against.
//
//   nativeCeiling PROCESSES RECORDS SIZE MODE PATH
//
// MODE `write`: every process appends RECORDS records of SIZE bytes with one
// write(2) each to PATH opened O_APPEND. MODE `framed`: every process claims
// with one atomic fetch-add on a cursor shared by all (its own cache line),
// copies the payload after an 8-byte header, checksums position, length word
// and payload with SSE4.2 CRC32C instructions (interleaved as mmlog's are, see
// crc32c below) and publishes the length word with a release store; records
// are 8-byte aligned, as mmlog's framed records.
// MODE `raw`: the claim and the copy alone.
//
// The mapping is what mmlog's writers use at their best: the whole file
// reserved with fallocate up front (mmlog grows it in chunks), huge pages,
// readahead off, and a thread per process populating (MADV_POPULATE_WRITE)
// 2 MiB at a time up to 4 MiB ahead of the cursor. What it leaves out is
// everything mmlog does besides: no slot bookkeeping for crash recovery, no
// windows mapped and released, no JavaScript, no call into native code.
//
// Like the warm rows of `npm run bench`, a first pass writes a file of the
// same size, which is deleted just before the timed pass: the timed pass gets
// memory freed a moment before. Prints one line: the wall time of the timed
// pass (from the start signal until the last process has left its loop) per
// record of all processes, in ns.
#define _GNU_SOURCE
#include <fcntl.h>
#include <nmmintrin.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

enum { MODE_WRITE, MODE_RAW, MODE_FRAMED };
enum { HEADER = 8, STEP = 2 << 20, AHEAD = 4 << 20, MAX_SIZE = 65536 };

typedef struct {
  _Alignas(64) _Atomic uint64_t cursor;
  _Alignas(64) _Atomic int ready;
  _Atomic int go;
  uint64_t start;
  _Atomic uint64_t last_end;
} Shared;

typedef struct {
  char *map;
  size_t length;
  Shared *shared;
  _Atomic int stop;
} Populator;

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void fail(const char *what) {
  perror(what);
  exit(1);
}

static void *populate(void *arg) {
  Populator *p = arg;
  size_t done = 0;
  while (done < p->length && !atomic_load(&p->stop)) {
    size_t cursor = atomic_load_explicit(&p->shared->cursor, memory_order_relaxed);
    if (done >= cursor + AHEAD) {
      usleep(50);
      continue;
    }
    size_t n = p->length - done < STEP ? p->length - done : STEP;
    madvise(p->map + done, n, MADV_POPULATE_WRITE);
    done += n;
  }
  return NULL;
}

// Three interleaved streams over blocks of 1024, then 128 bytes, as mmlog's
// CRC32C runs from three short blocks on (native/crc32c.cc). mmlog then
// shifts the first two streams past the later blocks with tables before it
// combines them; a XOR costs less, and a ceiling needs the cost of a
// checksum, not its value.
__attribute__((target("sse4.2"))) static uint64_t three_way(uint64_t c, const uint8_t **p, size_t *n, size_t block) {
  while (*n >= 3 * block) {
    uint64_t c0 = c, c1 = 0, c2 = 0;
    const uint8_t *q = *p;
    for (size_t k = 0; k < block; k += 8) {
      uint64_t a, b, d;
      memcpy(&a, q + k, 8);
      memcpy(&b, q + block + k, 8);
      memcpy(&d, q + 2 * block + k, 8);
      c0 = _mm_crc32_u64(c0, a);
      c1 = _mm_crc32_u64(c1, b);
      c2 = _mm_crc32_u64(c2, d);
    }
    c = c0 ^ c1 ^ c2;
    *p += 3 * block;
    *n -= 3 * block;
  }
  return c;
}

__attribute__((target("sse4.2"))) static uint32_t crc32c(uint32_t crc, const uint8_t *p, size_t n) {
  uint64_t c = ~crc;
  if (n >= 3 * 128) {
    c = three_way(c, &p, &n, 1024);
    c = three_way(c, &p, &n, 128);
  }
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t word;
    memcpy(&word, p, 8);
    c = _mm_crc32_u64(c, word);
  }
  uint32_t c32 = (uint32_t)c;
  for (; n > 0; n--) c32 = _mm_crc32_u8(c32, *p++);
  return ~c32;
}

static size_t record_bytes(int mode, int size) {
  return mode == MODE_FRAMED ? ((size_t)HEADER + size + 7) & ~(size_t)7 : (size_t)size;
}

static void wait_for_go(Shared *shared) {
  atomic_fetch_add(&shared->ready, 1);
  while (!atomic_load(&shared->go)) {
  }
}

// The loop of this process is over: the pass ends with the last one's.
static void loop_done(Shared *shared) {
  uint64_t end = now_ns();
  uint64_t seen = atomic_load(&shared->last_end);
  while (seen < end && !atomic_compare_exchange_weak(&shared->last_end, &seen, end)) {
  }
}

static void append_all(int id, const char *path, int mode, long count, int size, size_t length, Shared *shared) {
  uint8_t record[MAX_SIZE];
  memset(record, 'a' + id % 26, (size_t)size);
  if (mode == MODE_WRITE) {
    int fd = open(path, O_WRONLY | O_APPEND);
    if (fd < 0) fail("open");
    wait_for_go(shared);
    for (long i = 0; i < count; i++) {
      if (write(fd, record, (size_t)size) != size) fail("write");
    }
    loop_done(shared);
    close(fd);
    return;
  }
  int fd = open(path, O_RDWR);
  if (fd < 0) fail("open");
  char *map = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) fail("mmap");
  madvise(map, length, MADV_HUGEPAGE);
  madvise(map, length, MADV_RANDOM);
  Populator populator = {map, length, shared, 0};
  pthread_t thread;
  if (pthread_create(&thread, NULL, populate, &populator) != 0) fail("pthread_create");
  const uint64_t total = record_bytes(mode, size);
  wait_for_go(shared);
  for (long i = 0; i < count; i++) {
    uint64_t pos = atomic_fetch_add(&shared->cursor, total);
    uint8_t *at = (uint8_t *)map + pos;
    if (mode == MODE_RAW) {
      memcpy(at, record, (size_t)size);
      continue;
    }
    memcpy(at + HEADER, record, (size_t)size);
    uint32_t len_word = (uint32_t)size;
    uint8_t head[12];
    memcpy(head, &pos, 8);
    memcpy(head + 8, &len_word, 4);
    uint32_t crc = crc32c(crc32c(0, head, 12), at + HEADER, (size_t)size);
    memcpy(at + 4, &crc, 4);
    __atomic_store_n((uint32_t *)at, len_word, __ATOMIC_RELEASE);
  }
  loop_done(shared);
  atomic_store(&populator.stop, 1);
  pthread_join(thread, NULL);
  munmap(map, length);
  close(fd);
}

// One pass over a new file at `path`: returns the wall time in ns.
static uint64_t pass(const char *path, int processes, long count, int size, int mode) {
  size_t length = (size_t)processes * (size_t)count * record_bytes(mode, size);
  length = (length + STEP - 1) / STEP * STEP + STEP;
  int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
  if (fd < 0) fail("open");
  if (mode != MODE_WRITE && fallocate(fd, 0, 0, (off_t)length) != 0) fail("fallocate");
  close(fd);
  Shared *shared = mmap(NULL, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) fail("mmap");
  for (int i = 0; i < processes; i++) {
    pid_t pid = fork();
    if (pid < 0) fail("fork");
    if (pid == 0) {
      append_all(i, path, mode, count, size, length, shared);
      _exit(0);
    }
  }
  while (atomic_load(&shared->ready) < processes) usleep(100);
  shared->start = now_ns();
  atomic_store(&shared->go, 1);
  for (int i = 0; i < processes; i++) {
    int status;
    if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "a writer failed\n");
      exit(1);
    }
  }
  uint64_t wall = atomic_load(&shared->last_end) - shared->start;
  munmap(shared, sizeof(Shared));
  return wall;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s PROCESSES RECORDS SIZE write|raw|framed PATH\n", argv[0]);
    return 2;
  }
  int processes = atoi(argv[1]);
  long count = atol(argv[2]);
  int size = atoi(argv[3]);
  int mode = strcmp(argv[4], "write") == 0 ? MODE_WRITE : strcmp(argv[4], "raw") == 0 ? MODE_RAW : MODE_FRAMED;
  if (processes < 1 || count < 1 || size < 1 || size > MAX_SIZE || (mode == MODE_FRAMED && strcmp(argv[4], "framed") != 0)) {
    fprintf(stderr, "bad arguments\n");
    return 2;
  }
  char warm[4096];
  snprintf(warm, sizeof warm, "%s.warm", argv[5]);
  pass(warm, processes, count, size, mode);
  unlink(warm);
  uint64_t wall = pass(argv[5], processes, count, size, mode);
  unlink(argv[5]);
  printf("%.1f\n", (double)wall / ((double)processes * (double)count));
  return 0;
}
