// Turns a SIGBUS in a log mapping into an error instead of a dead process.
//
// A store into (or load from) a shared file mapping past the end of the file
// raises SIGBUS. That happens when someone truncates a log under its writers
// (`logrotate copytruncate`, `: > app.log`), or when a control file is
// damaged. Every mapping mmlog makes is registered here; the handler maps a
// private zero page over the faulting page, so that the instruction can
// complete harmlessly, marks the mapping as faulted and bumps a process-wide
// counter. The append and read paths compare that counter (a SharedArrayBuffer
// word, one load) with what they last saw, and throw a typed error for a log
// whose mapping faulted: what went to the zero page is never acknowledged.
// A SIGBUS anywhere else is not ours: the previous disposition is restored
// and the fault happens again, as it would have without mmlog.

#include "faultGuard.h"

#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <mutex>

namespace mmlog {
namespace {

struct Region {
  std::atomic<uintptr_t> start{0};
  std::atomic<uintptr_t> end{0};
  std::atomic<int32_t> faulted{0};
};

// Mappings alive at once in one process: windows of every open log (one or
// two each), control files, readers. Registration fails beyond this, and the
// mapping then simply has no guard.
constexpr int kMaxRegions = 8192;
Region regions[kMaxRegions];

// Read by JavaScript as a SharedArrayBuffer over this word.
alignas(64) std::atomic<int32_t> fault_count{0};

std::mutex install_mutex;
bool installed = false;
struct sigaction previous_action;
uintptr_t page_size = 4096;

Region* FindRegion(uintptr_t address) {
  for (Region& region : regions) {
    uintptr_t start = region.start.load(std::memory_order_acquire);
    if (start != 0 && address >= start && address < region.end.load(std::memory_order_relaxed)) return &region;
  }
  return nullptr;
}

void OnSigbus(int signal, siginfo_t* info, void* context) {
  uintptr_t address = reinterpret_cast<uintptr_t>(info->si_addr);
  Region* region = FindRegion(address);
  if (region != nullptr) {
    void* page = reinterpret_cast<void*>(address & ~(page_size - 1));
    void* replaced = mmap(page, page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (replaced != MAP_FAILED) {
      region->faulted.store(1, std::memory_order_release);
      fault_count.fetch_add(1, std::memory_order_acq_rel);
      return;
    }
  }
  // Not a guarded mapping (or no page could be mapped): behave as if mmlog
  // had never installed a handler.
  if ((previous_action.sa_flags & SA_SIGINFO) != 0 && previous_action.sa_sigaction != nullptr) {
    previous_action.sa_sigaction(signal, info, context);
    return;
  }
  if (previous_action.sa_handler != SIG_DFL && previous_action.sa_handler != SIG_IGN &&
      previous_action.sa_handler != nullptr) {
    previous_action.sa_handler(signal);
    return;
  }
  struct sigaction restore;
  memset(&restore, 0, sizeof restore);
  restore.sa_handler = SIG_DFL;
  sigaction(SIGBUS, &restore, nullptr);
}

void InstallOnce() {
  std::lock_guard<std::mutex> lock(install_mutex);
  if (installed) return;
  page_size = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = OnSigbus;
  action.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  installed = sigaction(SIGBUS, &action, &previous_action) == 0;
}

}  // namespace

void GuardMapping(void* address, size_t length) {
  InstallOnce();
  uintptr_t start = reinterpret_cast<uintptr_t>(address);
  for (Region& region : regions) {
    uintptr_t expected = 0;
    // Claim a free entry by its end (a nonzero end with a zero start is
    // invisible to the handler), then publish it by its start.
    if (region.end.compare_exchange_strong(expected, start + length, std::memory_order_acq_rel)) {
      region.faulted.store(0, std::memory_order_relaxed);
      region.start.store(start, std::memory_order_release);
      return;
    }
  }
}

void UnguardMapping(void* address) {
  uintptr_t start = reinterpret_cast<uintptr_t>(address);
  for (Region& region : regions) {
    if (region.start.load(std::memory_order_acquire) == start) {
      region.start.store(0, std::memory_order_release);
      region.end.store(0, std::memory_order_release);
      return;
    }
  }
}

bool MappingFaulted(void* address) {
  Region* region = FindRegion(reinterpret_cast<uintptr_t>(address));
  return region != nullptr && region->faulted.load(std::memory_order_acquire) != 0;
}

int32_t* FaultCounter() { return reinterpret_cast<int32_t*>(&fault_count); }

}  // namespace mmlog
