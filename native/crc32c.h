// CRC32C (Castagnoli), the checksum of iSCSI, ext4, LevelDB and RocksDB.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mmlog {

// Extends a finished CRC32C value `crc` (0 for a fresh start) over `length`
// bytes. Uses the SSE4.2 crc32 instruction on x86-64 and the ARMv8 CRC
// instructions on aarch64 when the CPU has them, and a slicing-by-8 table
// otherwise; all three give identical results.
uint32_t Crc32cExtend(uint32_t crc, const uint8_t* data, size_t length);

// The CRC32C of logId ‖ pos ‖ lenWord ‖ payload (little-endian), the
// checksum of a framed record, given the raw (non-inverted) CRC register
// after the 8-byte log id.
uint32_t Crc32cFrame(uint32_t id_register, uint64_t pos, uint32_t len_word, const uint8_t* payload, size_t length);

// "sse4.2", "armv8-crc" or "table": which of the above is in use.
const char* Crc32cImplementationName();

}  // namespace mmlog
