// SIGBUS in a log mapping becomes a flag instead of a dead process (see faultGuard.cc).
#pragma once

#include <cstddef>
#include <cstdint>

namespace mmlog {

// Guards [address, address + length): a SIGBUS there maps a zero page over
// the faulting page and marks the mapping as faulted.
void GuardMapping(void* address, size_t length);
// Stops guarding the mapping that starts at `address` (before it is unmapped).
void UnguardMapping(void* address);
// Whether the guarded mapping containing `address` has faulted.
bool MappingFaulted(void* address);
// The process-wide count of guarded faults.
int32_t* FaultCounter();

}  // namespace mmlog
