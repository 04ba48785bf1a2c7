// Sleeping on futex words in shared mappings, blocking or for the event loop (see futexWaiters.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include <v8.h>

namespace mmlog {

// FUTEX_WAIT on `word` while it holds `expected`, for at most `timeout_ms`
// (negative: no limit). Returns the syscall's result; errno says why it woke.
long FutexWaitRaw(uint32_t* word, uint32_t expected, double timeout_ms);

// "ok", "not-equal" or "timed-out" for a FutexWaitRaw result, or nullptr for a real error.
const char* FutexResult(long rc, int err);

// What else a wait may wait for: a wake (or a futex word found changed)
// ends it only when one of these holds, and otherwise it sleeps again with
// no call back to JavaScript; its time limit, unmap and teardown end it as
// any wait. Pointers into the same mapping as the futex word; null: no such
// condition (at least one is given).
struct WaitUntil {
  const int64_t* at_least_word = nullptr;  // ends when this i64 is >= at_least
  int64_t at_least = 0;
  const uint32_t* zero_word = nullptr;  // ends when this u32 is 0
  const uint32_t* bits_word = nullptr;  // ends when this u32 has a bit of bits_mask
  uint32_t bits_mask = 0;
};

// Sleeps on `word` (inside `store`) on a thread of this environment's waiter
// pool, then settles `resolver` on the event loop with FutexResult's string
// (or rejects it with the errno). With `until` (null: none), see WaitUntil.
// Returns 0, or a libuv error code when the wait could not start (nothing
// then happens to `resolver`).
int StartAsyncWait(v8::Isolate* isolate, std::shared_ptr<v8::BackingStore> store, uint32_t* word, uint32_t expected,
                   double timeout_ms, const WaitUntil* until, v8::Local<v8::Promise::Resolver> resolver);

// Ends every asynchronous wait on a word in [begin, begin + length) before
// that range of a mapping is replaced: each settles with "ok", none sleeps on
// there again. Waits that start later sleep on what replaced it.
void EndAsyncWaitsIn(const void* begin, size_t length);

}  // namespace mmlog
