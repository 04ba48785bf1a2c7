#include "crc32c.h"

#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif
#if defined(__aarch64__)
#include <arm_acle.h>
#include <sys/auxv.h>
#ifndef HWCAP_CRC32
#define HWCAP_CRC32 (1 << 7)
#endif
#endif

namespace mmlog {
namespace {

constexpr uint32_t kPolynomial = 0x82F63B78u;  // reflected Castagnoli

struct Tables {
  uint32_t t[8][256];
  Tables() {
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ kPolynomial : c >> 1;
      t[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++) {
      for (int s = 1; s < 8; s++) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFF];
    }
  }
};

const Tables& GetTables() {
  static const Tables tables;
  return tables;
}

uint32_t ExtendTable(uint32_t crc, const uint8_t* p, size_t n) {
  const Tables& tb = GetTables();
  uint32_t c = ~crc;
  while (n >= 8) {
    uint32_t lo;
    uint32_t hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + 4, 4);
    lo ^= c;
    c = tb.t[7][lo & 0xFF] ^ tb.t[6][(lo >> 8) & 0xFF] ^ tb.t[5][(lo >> 16) & 0xFF] ^ tb.t[4][lo >> 24] ^
        tb.t[3][hi & 0xFF] ^ tb.t[2][(hi >> 8) & 0xFF] ^ tb.t[1][(hi >> 16) & 0xFF] ^ tb.t[0][hi >> 24];
    p += 8;
    n -= 8;
  }
  while (n--) c = tb.t[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
  return ~c;
}

#if defined(__x86_64__)
// The crc32 instruction has a latency of three cycles but can start one per
// cycle, so one dependent chain uses a third of it. Long inputs are cut into
// three blocks checksummed side by side, and the three results combined:
// CRC-register arithmetic is linear, so the register after blocks A‖B equals
// "A's register advanced over |B| zero bytes" xor "B's register from zero".
// Advancing over a fixed number of zero bytes is a linear map of 32 bits,
// applied with four table lookups (tables built once, below).

// A linear map of 32-bit vectors over GF(2), as the images of the 32 unit vectors.
struct Gf2Matrix {
  uint32_t column[32];
};

uint32_t Apply(const Gf2Matrix& m, uint32_t v) {
  uint32_t sum = 0;
  for (int i = 0; v != 0; i++, v >>= 1) {
    if (v & 1) sum ^= m.column[i];
  }
  return sum;
}

Gf2Matrix Square(const Gf2Matrix& m) {
  Gf2Matrix r;
  for (int i = 0; i < 32; i++) r.column[i] = Apply(m, m.column[i]);
  return r;
}

// The map "advance the register over 2^log2_bytes zero bytes".
Gf2Matrix ZeroBytesOperator(int log2_bytes) {
  Gf2Matrix m;  // one zero bit: shift right, folding the polynomial in
  m.column[0] = kPolynomial;
  for (int i = 1; i < 32; i++) m.column[i] = 1u << (i - 1);
  for (int i = 0; i < 3 + log2_bytes; i++) m = Square(m);  // 2^3 bits = 1 byte, then doublings
  return m;
}

// The same map, applied a byte of the register at a time.
struct ShiftTable {
  uint32_t t[4][256];
  explicit ShiftTable(int log2_bytes) {
    Gf2Matrix m = ZeroBytesOperator(log2_bytes);
    for (int k = 0; k < 4; k++) {
      for (uint32_t b = 0; b < 256; b++) t[k][b] = Apply(m, b << (8 * k));
    }
  }
  uint32_t Shift(uint32_t c) const {
    return t[0][c & 0xFF] ^ t[1][(c >> 8) & 0xFF] ^ t[2][(c >> 16) & 0xFF] ^ t[3][c >> 24];
  }
};

constexpr size_t kLongBlock = 1024;  // 2^10
constexpr size_t kShortBlock = 128;  // 2^7

const ShiftTable& LongShift() {
  static const ShiftTable table(10);
  return table;
}

const ShiftTable& ShortShift() {
  static const ShiftTable table(7);
  return table;
}

__attribute__((target("sse4.2"))) uint64_t ThreeWay(uint64_t c, const uint8_t*& p, size_t& n, size_t block,
                                                    const ShiftTable& shift) {
  while (n >= 3 * block) {
    uint64_t c0 = c;
    uint64_t c1 = 0;
    uint64_t c2 = 0;
    for (const uint8_t* end = p + block; p < end; p += 8) {
      uint64_t a;
      uint64_t b;
      uint64_t d;
      std::memcpy(&a, p, 8);
      std::memcpy(&b, p + block, 8);
      std::memcpy(&d, p + 2 * block, 8);
      c0 = _mm_crc32_u64(c0, a);
      c1 = _mm_crc32_u64(c1, b);
      c2 = _mm_crc32_u64(c2, d);
    }
    uint32_t combined = shift.Shift(static_cast<uint32_t>(c0)) ^ static_cast<uint32_t>(c1);
    c = shift.Shift(combined) ^ static_cast<uint32_t>(c2);
    p += 2 * block;
    n -= 3 * block;
  }
  return c;
}

// Advances the raw (non-inverted) register `c` over `n` bytes.
__attribute__((target("sse4.2"))) uint64_t RegisterSse42(uint64_t c, const uint8_t* p, size_t n) {
  while (n > 0 && (reinterpret_cast<uintptr_t>(p) & 7) != 0) {
    c = _mm_crc32_u8(static_cast<uint32_t>(c), *p++);
    n--;
  }
  // Below three short blocks, combining costs more than it saves (measured).
  if (n >= 3 * kShortBlock) {
    c = ThreeWay(c, p, n, kLongBlock, LongShift());
    c = ThreeWay(c, p, n, kShortBlock, ShortShift());
  }
  while (n >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    c = _mm_crc32_u64(c, v);
    p += 8;
    n -= 8;
  }
  while (n--) c = _mm_crc32_u8(static_cast<uint32_t>(c), *p++);
  return c;
}

__attribute__((target("sse4.2"))) uint32_t ExtendSse42(uint32_t crc, const uint8_t* p, size_t n) {
  return ~static_cast<uint32_t>(RegisterSse42(~crc, p, n));
}

// The header words go in as two instructions: through the generic path, a
// 12-byte buffer on the stack costs a dozen byte steps to reach alignment.
__attribute__((target("sse4.2"))) uint32_t FrameSse42(uint32_t id_register, uint64_t pos, uint32_t len_word,
                                                      const uint8_t* p, size_t n) {
  uint64_t c = _mm_crc32_u64(id_register, pos);
  c = _mm_crc32_u32(static_cast<uint32_t>(c), len_word);
  return ~static_cast<uint32_t>(RegisterSse42(c, p, n));
}
#endif

#if defined(__aarch64__)
__attribute__((target("+crc"))) uint32_t ExtendArmv8(uint32_t crc, const uint8_t* p, size_t n) {
  uint32_t c = ~crc;
  while (n >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    c = __crc32cd(c, v);
    p += 8;
    n -= 8;
  }
  while (n--) c = __crc32cb(c, *p++);
  return ~c;
}
#endif

using ExtendFn = uint32_t (*)(uint32_t, const uint8_t*, size_t);
using FrameFn = uint32_t (*)(uint32_t, uint64_t, uint32_t, const uint8_t*, size_t);

// Defined below GetDispatch(), whose extend function it uses.
uint32_t FrameGeneric(uint32_t id_register, uint64_t pos, uint32_t len_word, const uint8_t* p, size_t n);

struct Dispatch {
  ExtendFn fn = ExtendTable;
  FrameFn frame = FrameGeneric;
  const char* name = "table";
  Dispatch() {
#if defined(__x86_64__)
    if (__builtin_cpu_supports("sse4.2")) {
      fn = ExtendSse42;
      frame = FrameSse42;
      name = "sse4.2";
    }
#endif
#if defined(__aarch64__)
    if (getauxval(AT_HWCAP) & HWCAP_CRC32) {
      fn = ExtendArmv8;
      name = "armv8-crc";
    }
#endif
  }
};

const Dispatch& GetDispatch() {
  static const Dispatch dispatch;
  return dispatch;
}

uint32_t FrameGeneric(uint32_t id_register, uint64_t pos, uint32_t len_word, const uint8_t* p, size_t n) {
  uint8_t header[12];
  std::memcpy(header, &pos, 8);  // little-endian hosts only (x86-64, aarch64)
  std::memcpy(header + 8, &len_word, 4);
  return GetDispatch().fn(GetDispatch().fn(~id_register, header, sizeof header), p, n);
}

}  // namespace

uint32_t Crc32cExtend(uint32_t crc, const uint8_t* data, size_t length) { return GetDispatch().fn(crc, data, length); }

uint32_t Crc32cFrame(uint32_t id_register, uint64_t pos, uint32_t len_word, const uint8_t* payload, size_t length) {
  return GetDispatch().frame(id_register, pos, len_word, payload, length);
}

const char* Crc32cImplementationName() { return GetDispatch().name; }

}  // namespace mmlog
