// Sleeping on futex words in shared mappings.
//
// The futex word is addressed inside a mapping so the kernel keys the wait on
// the file page, which is what makes wait and wake work across processes
// (V8's Atomics.wait/notify are process-local).
//
// An asynchronous wait sleeps on a thread, not on the libuv threadpool: a
// follower sleeps for up to a second at a time, and the pool's four threads
// are shared with fs, dns, crypto and zlib, so four sleeping followers would
// stall all of those. The threads are pooled per environment (the main
// thread, each worker): a group commit waits once per sync in every process,
// and creating and ending a thread for each wait costs more than the rest of
// the wait's bookkeeping together. A pool thread idle for kIdleExit ends.
//
// Lifetimes. A wait holds a reference to the mapping's backing store (it
// cannot be unmapped under the sleeping thread) and reports back through a
// uv_async_t. Every field a pool thread and the event loop both touch is
// handed over under the pool's mutex: the thread sends the async and marks
// the wait finished in one critical section, and the loop takes the mutex
// before it frees the wait. If the environment is torn down first, a cleanup
// hook per wait cancels it (waking its thread until it has let go), then the
// pool's hook, which runs after those (hooks run in reverse order of
// registration, and the pool is registered before its first wait), stops the
// idle threads and waits until every one has ended.
//
// A mapping replaced by `unmap` while a wait sleeps on one of its words would
// strand that wait: the kernel keyed the sleep on the file page, and every
// later wake at that address is keyed on the memory that replaced it. So
// `unmap` first ends the waits on its range (EndAsyncWaitsIn): each settles
// with "ok", which callers treat as any wake-up, by re-checking.

#include "futexWaiters.h"

#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include <node.h>
#include <uv.h>

namespace mmlog {

using v8::BackingStore;
using v8::Context;
using v8::HandleScope;
using v8::Isolate;
using v8::Local;
using v8::String;

long FutexWaitRaw(uint32_t* word, uint32_t expected, double timeout_ms) {
  struct timespec ts;
  struct timespec* tsp = nullptr;
  if (timeout_ms >= 0) {
    ts.tv_sec = static_cast<time_t>(timeout_ms / 1000);
    ts.tv_nsec = static_cast<long>((timeout_ms - static_cast<double>(ts.tv_sec) * 1000) * 1e6);
    tsp = &ts;
  }
  return syscall(SYS_futex, word, FUTEX_WAIT, expected, tsp, nullptr, 0);
}

const char* FutexResult(long rc, int err) {
  if (rc == 0) return "ok";
  if (err == EAGAIN) return "not-equal";
  if (err == ETIMEDOUT) return "timed-out";
  if (err == EINTR) return "ok";  // a signal: callers re-check their condition anyway
  return nullptr;
}

namespace {

// How long a pool thread with nothing to do waits for a wait before it ends.
constexpr auto kIdleExit = std::chrono::seconds(10);

struct Pool;

struct AsyncWait {
  uv_async_t async;
  std::shared_ptr<BackingStore> store;
  uint32_t* word = nullptr;
  uint32_t expected = 0;
  double timeout_ms = -1;
  bool has_until = false;
  WaitUntil until;
  long rc = 0;
  int err = 0;
  // Under the pool's mutex:
  bool started = false;    // a pool thread took it
  bool finished = false;   // its thread no longer touches it
  bool cancelled = false;  // its environment is being torn down
  bool ended_early = false;  // its mapping is being replaced: it must not start sleeping (or sleep again)
  v8::Global<v8::Promise::Resolver> resolver;
  Isolate* isolate = nullptr;
  Pool* pool = nullptr;
};

// The waiting threads of one environment.
struct Pool {
  Isolate* isolate = nullptr;
  std::mutex mutex;
  std::condition_variable work;  // a wait was queued, or the pool stops
  std::condition_variable ended;  // a thread ended
  std::deque<AsyncWait*> queued;
  std::vector<AsyncWait*> running;  // started and not finished
  int idle = 0;  // threads waiting for work
  int live = 0;  // threads started and not yet ended
  bool stopping = false;
};

std::mutex pools_mutex;
// Never destroyed: cleanup hooks may run during process teardown, after
// static destructors would have run.
auto* pools = new std::vector<Pool*>();

bool UntilHolds(const WaitUntil& until) {
  if (until.at_least_word != nullptr && __atomic_load_n(until.at_least_word, __ATOMIC_SEQ_CST) >= until.at_least) {
    return true;
  }
  if (until.zero_word != nullptr && __atomic_load_n(until.zero_word, __ATOMIC_SEQ_CST) == 0) return true;
  return until.bits_word != nullptr && (__atomic_load_n(until.bits_word, __ATOMIC_SEQ_CST) & until.bits_mask) != 0;
}

// Sleeps on the wait's word; with conditions, again after each wake that
// meets none of them (the word is read before the conditions, so a change
// made after they were checked ends the next sleep at once), until one
// holds, the time is up, or the wait is ended from the loop's side.
void SleepOn(AsyncWait* wait) {
  using Clock = std::chrono::steady_clock;
  const bool bounded = wait->timeout_ms >= 0;
  const auto deadline = Clock::now() + std::chrono::duration<double, std::milli>(bounded ? wait->timeout_ms : 0);
  uint32_t expected = wait->expected;
  double timeout_ms = wait->timeout_ms;
  for (;;) {
    wait->rc = FutexWaitRaw(wait->word, expected, timeout_ms);
    wait->err = errno;
    if (!wait->has_until) return;
    if (wait->rc != 0 && wait->err != EAGAIN && wait->err != EINTR) return;  // timed out, or an error
    expected = __atomic_load_n(wait->word, __ATOMIC_SEQ_CST);
    if (UntilHolds(wait->until)) break;
    {
      std::lock_guard<std::mutex> lock(wait->pool->mutex);
      if (wait->cancelled || wait->ended_early) break;
    }
    if (bounded) {
      timeout_ms = std::chrono::duration<double, std::milli>(deadline - Clock::now()).count();
      if (timeout_ms <= 0) {
        wait->rc = -1;
        wait->err = ETIMEDOUT;
        return;
      }
    }
  }
  wait->rc = 0;
  wait->err = 0;
}

void Serve(Pool* pool) {
  std::unique_lock<std::mutex> lock(pool->mutex);
  for (;;) {
    if (pool->queued.empty()) {
      if (pool->stopping) break;
      pool->idle++;
      bool woken = pool->work.wait_for(lock, kIdleExit, [pool] { return !pool->queued.empty() || pool->stopping; });
      pool->idle--;
      if (!woken) break;
      continue;
    }
    AsyncWait* wait = pool->queued.front();
    pool->queued.pop_front();
    wait->started = true;
    // A wait that does not sleep settles as "ok" (rc and err stay 0).
    bool sleeps = !wait->cancelled && !wait->ended_early;
    if (sleeps) pool->running.push_back(wait);
    lock.unlock();
    if (sleeps) SleepOn(wait);
    lock.lock();
    if (sleeps) pool->running.erase(std::find(pool->running.begin(), pool->running.end(), wait));
    if (!wait->cancelled) uv_async_send(&wait->async);
    wait->finished = true;
  }
  pool->live--;
  pool->ended.notify_all();
}

void PoolGone(void* arg) {
  Pool* pool = static_cast<Pool*>(arg);
  {
    std::unique_lock<std::mutex> lock(pool->mutex);
    pool->stopping = true;
    pool->work.notify_all();
    pool->ended.wait(lock, [pool] { return pool->live == 0; });
  }
  {
    std::lock_guard<std::mutex> lock(pools_mutex);
    pools->erase(std::remove(pools->begin(), pools->end(), pool), pools->end());
  }
  delete pool;
}

Pool* PoolOf(Isolate* isolate) {
  std::lock_guard<std::mutex> lock(pools_mutex);
  for (Pool* pool : *pools) {
    if (pool->isolate == isolate) return pool;
  }
  auto* pool = new Pool();
  pool->isolate = isolate;
  pools->push_back(pool);
  node::AddEnvironmentCleanupHook(isolate, PoolGone, pool);
  return pool;
}

void AsyncWaitClosed(uv_handle_t* handle) { delete static_cast<AsyncWait*>(handle->data); }

void AsyncWaitCleanup(void* arg);

// On the event loop, once the wait's thread has sent the async.
void AsyncWaitDone(uv_async_t* async) {
  AsyncWait* wait = static_cast<AsyncWait*>(async->data);
  {
    // The thread sends and marks the wait finished under the mutex: once we
    // hold it, the thread has let go of the wait.
    std::lock_guard<std::mutex> lock(wait->pool->mutex);
  }
  node::RemoveEnvironmentCleanupHook(wait->isolate, AsyncWaitCleanup, wait);
  {
    Isolate* isolate = wait->isolate;
    HandleScope scope(isolate);
    Local<v8::Promise::Resolver> resolver = wait->resolver.Get(isolate);
    Local<Context> context = resolver->GetCreationContext().ToLocalChecked();
    Context::Scope context_scope(context);
    // Called from libuv, not from JavaScript: the scope runs the promise's
    // reactions (and process.nextTick callbacks) when it closes, rather than
    // whenever some other callback next drains the queues.
    node::CallbackScope callback_scope(isolate, v8::Object::New(isolate), node::async_context{0, 0});
    const char* result = FutexResult(wait->rc, wait->err);
    // Nothing comes back only while the environment is terminating, when no
    // one is left to see the promise settle: not a reason to abort.
    bool settled =
        result == nullptr
            ? resolver->Reject(context, node::UVException(isolate, -wait->err, "futex", nullptr, nullptr)).IsJust()
            : resolver->Resolve(context, String::NewFromUtf8(isolate, result).ToLocalChecked()).IsJust();
    (void)settled;
  }
  wait->resolver.Reset();
  uv_close(reinterpret_cast<uv_handle_t*>(&wait->async), AsyncWaitClosed);
}

// Environment teardown with the wait outstanding: take it back from the
// queue, or wake its thread until the thread has let go; then free it.
void AsyncWaitCleanup(void* arg) {
  AsyncWait* wait = static_cast<AsyncWait*>(arg);
  Pool* pool = wait->pool;
  {
    std::unique_lock<std::mutex> lock(pool->mutex);
    wait->cancelled = true;
    if (!wait->started) {
      pool->queued.erase(std::remove(pool->queued.begin(), pool->queued.end(), wait), pool->queued.end());
    } else {
      // The thread may be just about to sleep: wake it until it has finished.
      while (!wait->finished) {
        lock.unlock();
        syscall(SYS_futex, wait->word, FUTEX_WAKE, 0x7fffffff, nullptr, nullptr, 0);
        usleep(1000);
        lock.lock();
      }
    }
  }
  wait->resolver.Reset();
  uv_close(reinterpret_cast<uv_handle_t*>(&wait->async), AsyncWaitClosed);
}

}  // namespace

void EndAsyncWaitsIn(const void* begin, size_t length) {
  auto inside = [begin, length](const AsyncWait* wait) {
    auto at = reinterpret_cast<uintptr_t>(wait->word);
    auto from = reinterpret_cast<uintptr_t>(begin);
    return at >= from && at - from < length;
  };
  std::lock_guard<std::mutex> all(pools_mutex);
  for (Pool* pool : *pools) {
    std::unique_lock<std::mutex> lock(pool->mutex);
    for (AsyncWait* wait : pool->queued) {
      if (inside(wait)) wait->ended_early = true;
    }
    // A thread in `running` may be just about to sleep: wake until it has left.
    // Each is marked before its wake (a wait with conditions would sleep
    // again), inside the loop: the mutex is let go between wakes, and a wait
    // started meanwhile on another thread must be marked too.
    for (;;) {
      auto sleeper = std::find_if(pool->running.begin(), pool->running.end(), inside);
      if (sleeper == pool->running.end()) break;
      (*sleeper)->ended_early = true;
      uint32_t* word = (*sleeper)->word;
      lock.unlock();
      syscall(SYS_futex, word, FUTEX_WAKE, 0x7fffffff, nullptr, nullptr, 0);
      usleep(100);
      lock.lock();
    }
  }
}

int StartAsyncWait(Isolate* isolate, std::shared_ptr<BackingStore> store, uint32_t* word, uint32_t expected,
                   double timeout_ms, const WaitUntil* until, Local<v8::Promise::Resolver> resolver) {
  Pool* pool = PoolOf(isolate);
  auto* wait = new AsyncWait();
  wait->store = std::move(store);
  wait->word = word;
  wait->expected = expected;
  wait->timeout_ms = timeout_ms;
  if (until != nullptr) {
    wait->has_until = true;
    wait->until = *until;
  }
  wait->isolate = isolate;
  wait->pool = pool;
  int rc = uv_async_init(node::GetCurrentEventLoop(isolate), &wait->async, AsyncWaitDone);
  if (rc != 0) {
    delete wait;
    return rc;
  }
  wait->async.data = wait;
  std::lock_guard<std::mutex> lock(pool->mutex);
  // Each queued wait needs a thread of its own: an idle one, or a new one.
  if (pool->queued.size() >= static_cast<size_t>(pool->idle)) {
    try {
      std::thread(Serve, pool).detach();
    } catch (const std::system_error& error) {
      uv_close(reinterpret_cast<uv_handle_t*>(&wait->async), AsyncWaitClosed);
      return -error.code().value();
    }
    pool->live++;
  }
  pool->queued.push_back(wait);
  pool->work.notify_one();
  wait->resolver.Reset(isolate, resolver);
  node::AddEnvironmentCleanupHook(isolate, AsyncWaitCleanup, wait);
  return 0;
}

}  // namespace mmlog
