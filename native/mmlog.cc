// mmlog native layer: only the system calls Node.js does not offer.
//
// Every function here is a thin wrapper around one syscall (or one CPU
// instruction loop, for CRC32C). There is no log logic in C++: positions,
// growth policy, formats and recovery all live in TypeScript. The
// per-record primitives (fetch-add, copy, checksum) are in hotPath.cc, as
// V8 fast API calls.
//
// The one thing that needs the V8 API rather than Node-API is returning a
// file mapping as a SharedArrayBuffer: only a SharedArrayBuffer gives
// JavaScript `Atomics` that are real atomic instructions on the shared pages,
// which is what makes them cross-process atomics.

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>

#include <node.h>
#include <uv.h>
#include <v8-version.h>
#include <v8.h>

#include "crc32c.h"
#include "exports.h"
#include "faultGuard.h"
#include "futexWaiters.h"
#include "hotPath.h"
#include "threads.h"

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#ifndef MADV_HUGEPAGE
#define MADV_HUGEPAGE 14
#endif

// The largest mapping one SharedArrayBuffer (and one Uint8Array) can cover.
#if V8_MAJOR_VERSION >= 12
constexpr size_t kMaxMapping = v8::TypedArray::kMaxByteLength;
#else
constexpr size_t kMaxMapping = v8::TypedArray::kMaxLength;
#endif

namespace mmlog {

using v8::Array;
using v8::ArrayBuffer;
using v8::BackingStore;
using v8::Context;
using v8::Function;
using v8::FunctionCallbackInfo;
using v8::FunctionTemplate;
using v8::Integer;
using v8::Isolate;
using v8::Local;
using v8::Number;
using v8::Object;
using v8::SharedArrayBuffer;
using v8::String;
using v8::Uint8Array;
using v8::Value;

namespace {

// ---------------------------------------------------------------- helpers

// Throws an error shaped exactly like Node's own fs errors
// (`ENOENT: no such file or directory, open '/x'`, with code, errno, syscall
// and path) so callers can handle both kinds the same way.
void ThrowErrno(Isolate* isolate, int err, const char* syscall, const std::string& path) {
  isolate->ThrowException(
      node::UVException(isolate, -err, syscall, nullptr, path.empty() ? nullptr : path.c_str()));
}

void ThrowType(Isolate* isolate, const char* message) {
  isolate->ThrowException(v8::Exception::TypeError(String::NewFromUtf8(isolate, message).ToLocalChecked()));
}

void ThrowRange(Isolate* isolate, const char* message) {
  isolate->ThrowException(v8::Exception::RangeError(String::NewFromUtf8(isolate, message).ToLocalChecked()));
}

// Reads a non-negative integer argument that must be exactly representable.
bool ArgUint(const FunctionCallbackInfo<Value>& args, int index, const char* name, uint64_t* out) {
  Isolate* isolate = args.GetIsolate();
  if (index >= args.Length() || !args[index]->IsNumber()) {
    std::string msg = std::string("argument '") + name + "' must be a number";
    ThrowType(isolate, msg.c_str());
    return false;
  }
  double value = args[index].As<Number>()->Value();
  if (!(value >= 0) || value > 9007199254740991.0 || value != static_cast<double>(static_cast<uint64_t>(value))) {
    std::string msg = std::string("argument '") + name + "' must be a non-negative safe integer";
    ThrowRange(isolate, msg.c_str());
    return false;
  }
  *out = static_cast<uint64_t>(value);
  return true;
}

bool ArgInt32(const FunctionCallbackInfo<Value>& args, int index, const char* name, int32_t* out) {
  if (index >= args.Length() || !args[index]->IsInt32()) {
    std::string msg = std::string("argument '") + name + "' must be a 32-bit integer";
    ThrowType(args.GetIsolate(), msg.c_str());
    return false;
  }
  *out = args[index].As<v8::Int32>()->Value();
  return true;
}

// Optional trailing path argument, used only to make error messages useful.
std::string ArgPath(const FunctionCallbackInfo<Value>& args, int index) {
  if (index >= args.Length() || !args[index]->IsString()) return std::string();
  String::Utf8Value utf8(args.GetIsolate(), args[index]);
  return std::string(*utf8 ? *utf8 : "");
}

// Resolves a (SharedArrayBuffer, byteOffset, byteLength) triple to a pointer,
// checking bounds so that JavaScript can never reach outside a mapping.
bool ArgRange(const FunctionCallbackInfo<Value>& args, int index, uint8_t** ptr, uint64_t* length) {
  Isolate* isolate = args.GetIsolate();
  if (index >= args.Length() || !args[index]->IsSharedArrayBuffer()) {
    ThrowType(isolate, "argument 'buffer' must be a SharedArrayBuffer returned by mmap()");
    return false;
  }
  std::shared_ptr<BackingStore> store = args[index].As<SharedArrayBuffer>()->GetBackingStore();
  uint64_t offset = 0;
  uint64_t len = 0;
  if (!ArgUint(args, index + 1, "offset", &offset) || !ArgUint(args, index + 2, "length", &len)) return false;
  if (offset > store->ByteLength() || len > store->ByteLength() - offset) {
    ThrowRange(isolate, "range is outside the mapping");
    return false;
  }
  *ptr = static_cast<uint8_t*>(store->Data()) + offset;
  *length = len;
  return true;
}

// ---------------------------------------------------------------- mappings

// A mapping handed to JavaScript. `released` is set by an explicit unmap()
// that gave the address range back to the kernel; the backing store's deleter
// runs when the last JavaScript reference is collected, on whatever thread V8
// chooses, and must then leave the range alone (the kernel may have handed it
// to another mapping since).
struct Mapping {
  void* address;
  size_t length;
  bool released = false;
  // Background populates working on the range (under mappings_lock). The
  // struct outlives its backing store while one is: they touch only native
  // memory, never a V8 object, so a process or isolate may end under them.
  int background = 0;
  bool orphaned = false;
};

// The mappings not yet released, by address, so that unmap() can find the
// Mapping of a buffer (V8 does not give a deleter's data back). A mapped range
// belongs to one Mapping at a time, so the address identifies it.
std::mutex mappings_lock;
std::unordered_map<void*, Mapping*> live_mappings;

// Gives the range back unless an explicit unmap() did; under mappings_lock.
void ReleaseRange(Mapping* mapping) {
  if (mapping->released) return;
  live_mappings.erase(mapping->address);
  UnguardMapping(mapping->address);
  munmap(mapping->address, mapping->length);
  mapping->released = true;
}

void DeleteMapping(void* data, size_t length, void* deleter_data) {
  Mapping* mapping = static_cast<Mapping*>(deleter_data);
  std::lock_guard<std::mutex> guard(mappings_lock);
  if (mapping->background > 0) {
    // The last background populate frees it when it ends.
    mapping->orphaned = true;
    return;
  }
  ReleaseRange(mapping);
  delete mapping;
}

// mmap(fd, offset, length, writable, path?) -> SharedArrayBuffer
void Mmap(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  int32_t fd = 0;
  uint64_t offset = 0;
  uint64_t length = 0;
  if (!ArgInt32(args, 0, "fd", &fd) || !ArgUint(args, 1, "offset", &offset) || !ArgUint(args, 2, "length", &length))
    return;
  if (length == 0) return ThrowRange(isolate, "mapping length must be greater than zero");
  if (length > kMaxMapping) return ThrowRange(isolate, "mapping length exceeds the typed array limit");
  if (offset % static_cast<uint64_t>(sysconf(_SC_PAGESIZE)) != 0) return ThrowRange(isolate, "mapping offset must be page aligned");
  bool writable = args.Length() > 3 && args[3]->IsTrue();
  int prot = PROT_READ | (writable ? PROT_WRITE : 0);
  void* address = mmap(nullptr, length, prot, MAP_SHARED, fd, static_cast<off_t>(offset));
  if (address == MAP_FAILED) return ThrowErrno(isolate, errno, "mmap", ArgPath(args, 4));
  GuardMapping(address, static_cast<size_t>(length));
  Mapping* mapping = new Mapping{address, static_cast<size_t>(length)};
  {
    std::lock_guard<std::mutex> guard(mappings_lock);
    live_mappings[address] = mapping;
  }
  std::unique_ptr<BackingStore> store =
      SharedArrayBuffer::NewBackingStore(address, static_cast<size_t>(length), DeleteMapping, mapping);
  args.GetReturnValue().Set(SharedArrayBuffer::New(isolate, std::move(store)));
}

// unmap(buffer): releases the file pages now, and the address range too.
//
// A SharedArrayBuffer cannot be detached: a JavaScript view of it can still
// reach its whole length. Two cases:
// - A large mapping (a data window, 1 GiB by default) is munmapped at once,
//   so that closing a log returns its address space immediately rather than
//   at the next garbage collection (a synchronous open/close loop would
//   otherwise exhaust `ulimit -v`). Its callers drop every view of it before
//   unmapping (src/storage/dataStore.ts, src/storage/readWindow.ts). This is
//   done only when nothing but the calling isolate holds the backing store: a
//   background madvise that is still finishing its step (it was told to
//   stop) is waited for, briefly; if some other holder remains (another
//   isolate, a thread), the second case applies.
// - A small mapping (a control file, a few KiB) is replaced by private
//   anonymous memory: the file reference is dropped immediately, a stray
//   access touches harmless scratch memory instead of crashing, and the
//   address range itself is returned when the buffer is collected.
// Calling it again on the same buffer does nothing.
constexpr size_t kReleaseAtOnce = 1024 * 1024;

void Unmap(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  if (args.Length() < 1 || !args[0]->IsSharedArrayBuffer()) return ThrowType(isolate, "argument 'buffer' must be a SharedArrayBuffer returned by mmap()");
  std::shared_ptr<BackingStore> store = args[0].As<SharedArrayBuffer>()->GetBackingStore();
  if (store->ByteLength() == 0) return;
  std::unique_lock<std::mutex> guard(mappings_lock);
  auto found = live_mappings.find(store->Data());
  // Not one of ours, or released already.
  if (found == live_mappings.end() || found->second->length != store->ByteLength()) return;
  Mapping* mapping = found->second;
  if (mapping->length >= kReleaseAtOnce) {
    // Holders: the buffer itself and `store` here; a third is another isolate.
    // A background populate (told to stop) ends its step: wait up to ~50 ms.
    for (int waited = 0; mapping->background > 0 && waited < 500; waited++) {
      guard.unlock();
      struct timespec pause = {0, 100 * 1000};
      nanosleep(&pause, nullptr);
      guard.lock();
    }
    found = live_mappings.find(store->Data());
    if (found == live_mappings.end() || found->second != mapping) return;
    if (mapping->background == 0 && store.use_count() <= 2) {
      UnguardMapping(mapping->address);
      if (munmap(mapping->address, mapping->length) != 0) return ThrowErrno(isolate, errno, "munmap", "");
      mapping->released = true;
      live_mappings.erase(found);
      return;
    }
  }
  EndAsyncWaitsIn(store->Data(), store->ByteLength());
  void* replaced = mmap(store->Data(), store->ByteLength(), PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
  if (replaced == MAP_FAILED) return ThrowErrno(isolate, errno, "mmap", "");
  live_mappings.erase(found);
  UnguardMapping(store->Data());
}

// mappingFaulted(buffer) -> whether a SIGBUS hit this mapping (faultGuard.cc).
void MappingFaultedCall(const FunctionCallbackInfo<Value>& args) {
  if (args.Length() < 1 || !args[0]->IsSharedArrayBuffer()) {
    return ThrowType(args.GetIsolate(), "argument 'buffer' must be a SharedArrayBuffer returned by mmap()");
  }
  args.GetReturnValue().Set(MappingFaulted(args[0].As<SharedArrayBuffer>()->Data()));
}

void NoDelete(void* data, size_t length, void* deleter_data) {}

// madvise(buffer, offset, length, advice)
void Madvise(const FunctionCallbackInfo<Value>& args) {
  uint8_t* ptr = nullptr;
  uint64_t length = 0;
  int32_t advice = 0;
  if (!ArgRange(args, 0, &ptr, &length) || !ArgInt32(args, 3, "advice", &advice)) return;
  if (length == 0) return;
  if (madvise(ptr, length, advice) != 0) ThrowErrno(args.GetIsolate(), errno, "madvise", ArgPath(args, 4));
}

// The background madvise runs on a thread of its own, so that prefaulting
// the next chunk does not stall the thread that appends. Not the libuv
// threadpool: a request still queued there when a worker thread exits keeps
// that worker's loop from closing (an abort), and the pool's four threads are
// shared with fs, dns, crypto and zlib. The thread holds no V8 object: it
// counts itself on the Mapping (which then outlives its backing store) and
// holds a reference on its flag, a block of native memory that JavaScript
// sees as a SharedArrayBuffer and polls with Atomics.load. So nothing of V8's
// is touched or freed on that thread, whenever the process or the isolate
// ends: no handle, no promise, nothing tied to an event loop.
//
// The advice is applied in steps: madvise holds the process's mmap lock for
// its whole range, and a populate of megabytes would make every mprotect or
// mmap of the appending thread (V8 installing optimized code, growing its
// heap) wait for all of it. After each step the bytes done are published, so
// that an appender that catches up populates the next pages itself, in one
// call, instead of taking a page fault per page.
constexpr uint64_t kAdviceStep = 256 * 1024;

// Words of a flag (src/native/binding.ts AdviceFlag names them).
constexpr int kFlagDone = 0;
constexpr int kFlagStop = 1;
constexpr int kFlagErrno = 2;
constexpr int kFlagProgress = 3;  // KiB done, from the start of the request
constexpr size_t kFlagWords = 4;

struct AdviceFlag {
  std::atomic<int32_t> words[kFlagWords];
  std::atomic<int> refs{1};  // the SharedArrayBuffer's, plus one per running populate
};

std::mutex flags_lock;
std::unordered_map<void*, AdviceFlag*> live_flags;

void UnrefFlag(AdviceFlag* flag) {
  if (flag->refs.fetch_sub(1) == 1) delete flag;
}

void DeleteFlag(void* data, size_t length, void* deleter_data) {
  AdviceFlag* flag = static_cast<AdviceFlag*>(deleter_data);
  {
    std::lock_guard<std::mutex> guard(flags_lock);
    live_flags.erase(flag);
  }
  UnrefFlag(flag);
}

// createAdviceFlag() -> a SharedArrayBuffer of four int32 for madviseAsync, DONE set.
void CreateAdviceFlag(const FunctionCallbackInfo<Value>& args) {
  auto* flag = new AdviceFlag();
  for (auto& word : flag->words) word.store(0);
  flag->words[kFlagDone].store(1);
  {
    std::lock_guard<std::mutex> guard(flags_lock);
    live_flags[flag] = flag;
  }
  std::unique_ptr<BackingStore> store =
      SharedArrayBuffer::NewBackingStore(flag->words, sizeof flag->words, DeleteFlag, flag);
  args.GetReturnValue().Set(SharedArrayBuffer::New(args.GetIsolate(), std::move(store)));
}

void ApplyAdviceInSteps(Mapping* mapping, AdviceFlag* flag, uint8_t* ptr, uint64_t length, int advice) {
  int err = 0;
  for (uint64_t done = 0; done < length; done += kAdviceStep) {
    // The mapping is being replaced: populating it would only waste memory.
    if (flag->words[kFlagStop].load() != 0) break;
    uint64_t step = length - done < kAdviceStep ? length - done : kAdviceStep;
    if (madvise(ptr + done, step, advice) != 0) {
      err = errno;
      break;
    }
    flag->words[kFlagProgress].store(static_cast<int32_t>((done + step) / 1024));
  }
  flag->words[kFlagErrno].store(err);
  flag->words[kFlagDone].store(1);
  UnrefFlag(flag);
  std::lock_guard<std::mutex> guard(mappings_lock);
  if (--mapping->background == 0 && mapping->orphaned) {
    ReleaseRange(mapping);
    delete mapping;
  }
}

// The flag (from createAdviceFlag) at argument `index`, with a reference taken
// for the thread about to use it; nullptr (and a TypeError thrown) otherwise.
AdviceFlag* FlagArg(const FunctionCallbackInfo<Value>& args, int index) {
  AdviceFlag* flag = nullptr;
  if (args.Length() > index && args[index]->IsSharedArrayBuffer()) {
    std::lock_guard<std::mutex> guard(flags_lock);
    auto found = live_flags.find(args[index].As<SharedArrayBuffer>()->Data());
    if (found != live_flags.end()) flag = found->second;
    if (flag != nullptr) flag->refs.fetch_add(1);
  }
  if (flag == nullptr) ThrowType(args.GetIsolate(), "argument 'flag' must be a SharedArrayBuffer from createAdviceFlag()");
  return flag;
}

// madviseAsync(buffer, offset, length, advice, flag): returns at once.
// `buffer` must come from mmap(), `flag` from createAdviceFlag(); see
// AdviceFlag in src/native/binding.ts for what the flag's words say.
void MadviseAsync(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  uint8_t* ptr = nullptr;
  uint64_t length = 0;
  int32_t advice = 0;
  if (!ArgRange(args, 0, &ptr, &length) || !ArgInt32(args, 3, "advice", &advice)) return;
  AdviceFlag* flag = FlagArg(args, 4);
  if (flag == nullptr) return;
  Mapping* mapping = nullptr;
  {
    std::lock_guard<std::mutex> guard(mappings_lock);
    auto found = live_mappings.find(args[0].As<SharedArrayBuffer>()->Data());
    if (found != live_mappings.end()) mapping = found->second;
    if (mapping != nullptr) mapping->background++;
  }
  if (mapping == nullptr) {
    UnrefFlag(flag);
    return ThrowType(isolate, "argument 'buffer' must be a live mapping returned by mmap()");
  }
  flag->words[kFlagProgress].store(0);
  try {
    std::thread(ApplyAdviceInSteps, mapping, flag, ptr, length, static_cast<int>(advice)).detach();
  } catch (const std::system_error& error) {
    UnrefFlag(flag);
    std::lock_guard<std::mutex> guard(mappings_lock);
    mapping->background--;
    ThrowErrno(isolate, error.code().value(), "pthread_create", "");
  }
}

// msync(buffer, offset, length, flags)
void Msync(const FunctionCallbackInfo<Value>& args) {
  uint8_t* ptr = nullptr;
  uint64_t length = 0;
  int32_t flags = 0;
  if (!ArgRange(args, 0, &ptr, &length) || !ArgInt32(args, 3, "flags", &flags)) return;
  if (length == 0) return;
  if (msync(ptr, length, flags) != 0) ThrowErrno(args.GetIsolate(), errno, "msync", ArgPath(args, 4));
}

// ---------------------------------------------------------------- files

// fallocate(fd, mode, offset, length, path?)
void Fallocate(const FunctionCallbackInfo<Value>& args) {
  int32_t fd = 0;
  int32_t mode = 0;
  uint64_t offset = 0;
  uint64_t length = 0;
  if (!ArgInt32(args, 0, "fd", &fd) || !ArgInt32(args, 1, "mode", &mode) || !ArgUint(args, 2, "offset", &offset) ||
      !ArgUint(args, 3, "length", &length))
    return;
  int rc;
  do {
    rc = fallocate(fd, mode, static_cast<off_t>(offset), static_cast<off_t>(length));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) ThrowErrno(args.GetIsolate(), errno, "fallocate", ArgPath(args, 4));
}

// seekData(fd, offset, path?) -> the offset of the first data at or after
// `offset` (lseek SEEK_DATA), or -1 when only holes follow. A file system
// that cannot tell (EINVAL) answers `offset`: everything counts as data.
void SeekData(const FunctionCallbackInfo<Value>& args) {
  int32_t fd = 0;
  uint64_t offset = 0;
  if (!ArgInt32(args, 0, "fd", &fd) || !ArgUint(args, 1, "offset", &offset)) return;
  off_t at = lseek(fd, static_cast<off_t>(offset), SEEK_DATA);
  double result = static_cast<double>(at);
  if (at < 0) {
    if (errno == ENXIO) {
      result = -1;
    } else if (errno == EINVAL) {
      result = static_cast<double>(offset);
    } else {
      return ThrowErrno(args.GetIsolate(), errno, "lseek", ArgPath(args, 2));
    }
  }
  args.GetReturnValue().Set(Number::New(args.GetIsolate(), result));
}

// dropCache(fd, path?): posix_fadvise(POSIX_FADV_DONTNEED) over the whole
// file: its clean pages leave the page cache. A file filled with write(2) is
// cached in large folios; written later through a mapping, each dirtied byte
// would have its whole folio written back by the next fdatasync.
void DropCache(const FunctionCallbackInfo<Value>& args) {
  int32_t fd = 0;
  if (!ArgInt32(args, 0, "fd", &fd)) return;
  int rc = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  if (rc != 0) ThrowErrno(args.GetIsolate(), rc, "posix_fadvise", ArgPath(args, 1));
}

// syncFileRange(fd, offset, nbytes, flags, path?)
void SyncFileRange(const FunctionCallbackInfo<Value>& args) {
  int32_t fd = 0;
  int32_t flags = 0;
  uint64_t offset = 0;
  uint64_t nbytes = 0;
  if (!ArgInt32(args, 0, "fd", &fd) || !ArgUint(args, 1, "offset", &offset) || !ArgUint(args, 2, "nbytes", &nbytes) ||
      !ArgInt32(args, 3, "flags", &flags))
    return;
  int rc;
  do {
    rc = sync_file_range(fd, static_cast<off64_t>(offset), static_cast<off64_t>(nbytes), static_cast<unsigned>(flags));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) ThrowErrno(args.GetIsolate(), errno, "sync_file_range", ArgPath(args, 4));
}

// Runs `call(own)` (a system call on `own` returning 0 or -1 with errno,
// retried on EINTR) on a thread of its own, where `own` is a duplicate of
// `fd` that the thread closes when done; then calls `done` with the errno, or
// 0. The caller keeps `fd` and closes it as usual: a descriptor opened from
// JavaScript must be closed there (a worker thread's descriptors are closed
// by Node when it ends, and one closed behind Node's back may by then be
// another file's). The duplicate shares the open file: a lock held through
// it lasts until the thread is done.
template <typename Call, typename Done>
void OnThreadWithDuplicate(const FunctionCallbackInfo<Value>& args, int fd, Call call, Done done) {
  int own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (own < 0) {
    int err = errno;
    done(err);
    return ThrowErrno(args.GetIsolate(), err, "fcntl", "");
  }
  auto run = [own, call, done]() {
    int rc;
    do {
      rc = call(own);
    } while (rc != 0 && errno == EINTR);
    int err = rc == 0 ? 0 : errno;
    close(own);
    done(err);
  };
  try {
    std::thread(run).detach();
  } catch (const std::system_error& error) {
    close(own);
    done(error.code().value());
    ThrowErrno(args.GetIsolate(), error.code().value(), "pthread_create", "");
  }
}

// For calls whose failure is ignored (a later step reports or repeats it).
constexpr auto kIgnoreErrno = [](int) {};

// startWriteback(fd, offset, nbytes): sync_file_range(SYNC_FILE_RANGE_WRITE)
// on a thread of its own (see OnThreadWithDuplicate). Starting write-back can
// block behind a congested device queue for many milliseconds; this keeps
// that off the event loop. Errors are ignored: the fdatasync that follows
// reports any failure of the writes.
void StartWriteback(const FunctionCallbackInfo<Value>& args) {
  int32_t fd = 0;
  uint64_t offset = 0;
  uint64_t nbytes = 0;
  if (!ArgInt32(args, 0, "fd", &fd) || !ArgUint(args, 1, "offset", &offset) || !ArgUint(args, 2, "nbytes", &nbytes))
    return;
  OnThreadWithDuplicate(
      args, fd,
      [offset, nbytes](int own) {
        return sync_file_range(own, static_cast<off64_t>(offset), static_cast<off64_t>(nbytes), SYNC_FILE_RANGE_WRITE);
      },
      kIgnoreErrno);
}

// allocateAsync(fd, length, flag): fallocate(fd, 0, 0, length) on a thread of
// its own (see OnThreadWithDuplicate). `flag` (createAdviceFlag) gets the
// errno and DONE. A segment is allocated ahead of the roll into it: the
// appending thread must not wait for the file system to find its blocks.
void AllocateAsync(const FunctionCallbackInfo<Value>& args) {
  int32_t fd = 0;
  uint64_t length = 0;
  if (!ArgInt32(args, 0, "fd", &fd) || !ArgUint(args, 1, "length", &length)) return;
  AdviceFlag* flag = FlagArg(args, 2);
  if (flag == nullptr) return;
  flag->words[kFlagErrno].store(0);
  flag->words[kFlagDone].store(0);
  OnThreadWithDuplicate(
      args, fd, [length](int own) { return fallocate(own, 0, 0, static_cast<off_t>(length)); },
      [flag](int err) {
        flag->words[kFlagErrno].store(err);
        flag->words[kFlagDone].store(1);
        UnrefFlag(flag);
      });
}

// truncateAsync(fd, length): ftruncate(fd, length) on a thread of its own
// (see OnThreadWithDuplicate: a lock held through `fd` lasts until the cut is
// done). Errors are ignored: it cuts a sealed segment to its end, which the
// last writer to close and recovery do again.
void TruncateAsync(const FunctionCallbackInfo<Value>& args) {
  int32_t fd = 0;
  uint64_t length = 0;
  if (!ArgInt32(args, 0, "fd", &fd) || !ArgUint(args, 1, "length", &length)) return;
  OnThreadWithDuplicate(args, fd, [length](int own) { return ftruncate(own, static_cast<off_t>(length)); }, kIgnoreErrno);
}

// flock(fd, operation, path?) -> true, or false when LOCK_NB found it held.
// The kernel drops the lock when its holder dies, so a crash while holding it
// can never block anyone.
void Flock(const FunctionCallbackInfo<Value>& args) {
  int32_t fd = 0;
  int32_t operation = 0;
  if (!ArgInt32(args, 0, "fd", &fd) || !ArgInt32(args, 1, "operation", &operation)) return;
  int rc;
  do {
    rc = flock(fd, operation);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0 && errno == EWOULDBLOCK && (operation & LOCK_NB) != 0) return args.GetReturnValue().Set(false);
  if (rc != 0) return ThrowErrno(args.GetIsolate(), errno, "flock", ArgPath(args, 2));
  args.GetReturnValue().Set(true);
}

// ---------------------------------------------------------------- futex

// FutexWaitRaw, FutexResult and the asynchronous waits: futexWaiters.cc.

bool ArgFutexWord(const FunctionCallbackInfo<Value>& args, uint32_t** word) {
  uint8_t* ptr = nullptr;
  uint64_t length = 0;
  Isolate* isolate = args.GetIsolate();
  if (!args[0]->IsSharedArrayBuffer()) {
    ThrowType(isolate, "argument 'buffer' must be a SharedArrayBuffer returned by mmap()");
    return false;
  }
  std::shared_ptr<BackingStore> store = args[0].As<SharedArrayBuffer>()->GetBackingStore();
  uint64_t offset = 0;
  if (!ArgUint(args, 1, "offset", &offset)) return false;
  if (offset % 4 != 0 || offset + 4 > store->ByteLength()) {
    ThrowRange(isolate, "futex word must be a 4-byte aligned offset inside the mapping");
    return false;
  }
  ptr = static_cast<uint8_t*>(store->Data()) + offset;
  (void)length;
  *word = reinterpret_cast<uint32_t*>(ptr);
  return true;
}

double ArgTimeout(const FunctionCallbackInfo<Value>& args, int index) {
  if (index >= args.Length() || !args[index]->IsNumber()) return -1;
  double value = args[index].As<Number>()->Value();
  // Past ~30,000 years a time limit is none (and would overflow a timespec).
  if (!(value >= 0) || value > 1e15) return -1;
  return value;
}

// futexWait(buffer, offset, expected, timeoutMs?) -> 'ok' | 'not-equal' | 'timed-out'
void FutexWait(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  uint32_t* word = nullptr;
  if (!ArgFutexWord(args, &word)) return;
  if (!args[2]->IsNumber()) return ThrowType(isolate, "argument 'expected' must be a number");
  uint32_t expected = static_cast<uint32_t>(args[2].As<Number>()->Value());
  long rc = FutexWaitRaw(word, expected, ArgTimeout(args, 3));
  const char* result = FutexResult(rc, errno);
  if (result == nullptr) return ThrowErrno(isolate, errno, "futex", "");
  args.GetReturnValue().Set(String::NewFromUtf8(isolate, result).ToLocalChecked());
}

// The optional `until` of futexWaitAsync: a Float64Array of
// [i64Offset, atLeast, zeroOffset, bitsOffset, bitsMask], each offset -1 for
// no such condition, every word inside the futex word's mapping.
bool ArgWaitUntil(const FunctionCallbackInfo<Value>& args, int index, WaitUntil* until, bool* given) {
  Isolate* isolate = args.GetIsolate();
  *given = false;
  if (index >= args.Length() || args[index]->IsUndefined()) return true;
  if (!args[index]->IsFloat64Array() || args[index].As<v8::Float64Array>()->Length() != 5) {
    ThrowType(isolate, "argument 'until' must be a Float64Array of 5 numbers");
    return false;
  }
  double v[5];
  args[index].As<v8::Float64Array>()->CopyContents(v, sizeof v);
  // The futex word's buffer, already checked by ArgFutexWord (Data(): no backing-store reference to take).
  Local<SharedArrayBuffer> buffer = args[0].As<SharedArrayBuffer>();
  uint8_t* base = static_cast<uint8_t*>(buffer->Data());
  const double length = static_cast<double>(buffer->ByteLength());
  // A word at `offset` (-1: none, left null); false if the offset is not an aligned one inside the buffer.
  auto word = [&](double offset, double size, uint8_t** at) {
    if (offset == -1) return true;
    if (!(offset >= 0) || offset != std::floor(offset) || std::fmod(offset, size) != 0 || offset + size > length) {
      return false;
    }
    *at = base + static_cast<size_t>(offset);
    return true;
  };
  uint8_t* at_least = nullptr;
  uint8_t* zero = nullptr;
  uint8_t* bits = nullptr;
  auto integer = [](double x, double low, double high) { return x >= low && x <= high && x == std::floor(x); };
  constexpr double kMaxSafe = 9007199254740991.0;
  if (!word(v[0], 8, &at_least) || !word(v[2], 4, &zero) || !word(v[3], 4, &bits) ||
      (at_least == nullptr && zero == nullptr && bits == nullptr) || !integer(v[1], -kMaxSafe, kMaxSafe) ||
      !integer(v[4], bits == nullptr ? 0 : 1, 4294967295.0)) {
    ThrowRange(isolate,
               "'until' needs at least one condition, aligned offsets inside the mapping (or -1), a safe integer "
               "and a non-zero 32-bit mask with a bits word");
    return false;
  }
  until->at_least_word = reinterpret_cast<const int64_t*>(at_least);
  until->at_least = static_cast<int64_t>(v[1]);
  until->zero_word = reinterpret_cast<const uint32_t*>(zero);
  until->bits_word = reinterpret_cast<const uint32_t*>(bits);
  until->bits_mask = static_cast<uint32_t>(v[4]);
  *given = true;
  return true;
}

// futexWaitAsync(buffer, offset, expected, timeoutMs?, until?) -> Promise<'ok' | 'not-equal' | 'timed-out'>
void FutexWaitAsync(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  uint32_t* word = nullptr;
  if (!ArgFutexWord(args, &word)) return;
  if (!args[2]->IsNumber()) return ThrowType(isolate, "argument 'expected' must be a number");
  WaitUntil until;
  bool has_until = false;
  if (!ArgWaitUntil(args, 4, &until, &has_until)) return;
  Local<Context> context = isolate->GetCurrentContext();
  Local<v8::Promise::Resolver> resolver = v8::Promise::Resolver::New(context).ToLocalChecked();
  uint32_t expected = static_cast<uint32_t>(args[2].As<Number>()->Value());
  int rc = StartAsyncWait(isolate, args[0].As<SharedArrayBuffer>()->GetBackingStore(), word, expected,
                          ArgTimeout(args, 3), has_until ? &until : nullptr, resolver);
  if (rc != 0) return ThrowErrno(isolate, -rc, "futexWaitAsync", "");
  args.GetReturnValue().Set(resolver->GetPromise());
}

// futexWake(buffer, offset, count) -> number of waiters woken
void FutexWake(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  uint32_t* word = nullptr;
  if (!ArgFutexWord(args, &word)) return;
  int32_t count = 0;
  if (!ArgInt32(args, 2, "count", &count)) return;
  long rc = syscall(SYS_futex, word, FUTEX_WAKE, count, nullptr, nullptr, 0);
  if (rc < 0) return ThrowErrno(isolate, errno, "futex", "");
  args.GetReturnValue().Set(Integer::New(isolate, static_cast<int32_t>(rc)));
}

// ---------------------------------------------------------------- crc32c

// crc32c(buffer: SharedArrayBuffer | ArrayBufferView, offset, length, seed) -> uint32
// Extends `seed` (a finished CRC, 0 to start) over the given bytes.
void Crc32c(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  const uint8_t* base = nullptr;
  size_t size = 0;
  // Data() rather than GetBackingStore(): this is on every framed append, and
  // copying the backing store's shared_ptr (an atomic refcount) costs more
  // than checksumming a short record.
  if (args.Length() > 0 && args[0]->IsSharedArrayBuffer()) {
    Local<SharedArrayBuffer> buffer = args[0].As<SharedArrayBuffer>();
    base = static_cast<const uint8_t*>(buffer->Data());
    size = buffer->ByteLength();
  } else if (args.Length() > 0 && args[0]->IsArrayBufferView()) {
    Local<v8::ArrayBufferView> view = args[0].As<v8::ArrayBufferView>();
    Local<v8::Value> buffer = view->Buffer();
    const uint8_t* data = buffer->IsSharedArrayBuffer()
                              ? static_cast<const uint8_t*>(buffer.As<SharedArrayBuffer>()->Data())
                              : static_cast<const uint8_t*>(buffer.As<ArrayBuffer>()->Data());
    base = data + view->ByteOffset();
    size = view->ByteLength();
  } else {
    return ThrowType(isolate, "argument 'buffer' must be a SharedArrayBuffer or an ArrayBufferView");
  }
  uint64_t offset = 0;
  uint64_t length = 0;
  if (!ArgUint(args, 1, "offset", &offset) || !ArgUint(args, 2, "length", &length)) return;
  if (offset > size || length > size - offset) return ThrowRange(isolate, "range is outside the buffer");
  uint32_t seed = 0;
  if (args.Length() > 3 && args[3]->IsNumber()) seed = static_cast<uint32_t>(args[3].As<Number>()->Value());
  uint32_t crc = Crc32cExtend(seed, base + offset, static_cast<size_t>(length));
  args.GetReturnValue().Set(Integer::NewFromUnsigned(isolate, crc));
}

void Crc32cImplementation(const FunctionCallbackInfo<Value>& args) {
  args.GetReturnValue().Set(String::NewFromUtf8(args.GetIsolate(), Crc32cImplementationName()).ToLocalChecked());
}

// ---------------------------------------------------------------- module


void SetConstant(Isolate* isolate, Local<Context> context, Local<Object> target, const char* name, double value) {
  target->Set(context, String::NewFromUtf8(isolate, name).ToLocalChecked(), Number::New(isolate, value)).Check();
}

// Keeps this library loaded until the process ends. Mappings handed to
// JavaScript are freed by a deleter in this library, which V8 may call when
// an isolate is torn down, after Node has closed the library a worker thread
// loaded; background threads may also still be running its code then.
void PinLibrary() {
  static bool pinned = false;
  if (pinned) return;
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&PinLibrary), &info) != 0 && info.dli_fname != nullptr) {
    // RTLD_NOLOAD: take another reference to the already loaded library,
    // with RTLD_NODELETE so that no dlclose ever unloads it.
    pinned = dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE) != nullptr;
  }
}

}  // namespace

void Initialize(Local<Object> exports, Local<Value> module, Local<Context> context) {
  PinLibrary();
  Isolate* isolate = context->GetIsolate();
  SetMethod(isolate, context, exports, "mmap", Mmap);
  SetMethod(isolate, context, exports, "unmap", Unmap);
  SetMethod(isolate, context, exports, "madvise", Madvise);
  SetMethod(isolate, context, exports, "madviseAsync", MadviseAsync);
  SetMethod(isolate, context, exports, "createAdviceFlag", CreateAdviceFlag);
  SetMethod(isolate, context, exports, "msync", Msync);
  SetMethod(isolate, context, exports, "fallocate", Fallocate);
  SetMethod(isolate, context, exports, "seekData", SeekData);
  SetMethod(isolate, context, exports, "syncFileRange", SyncFileRange);
  SetMethod(isolate, context, exports, "startWriteback", StartWriteback);
  SetMethod(isolate, context, exports, "allocateAsync", AllocateAsync);
  SetMethod(isolate, context, exports, "truncateAsync", TruncateAsync);
  SetMethod(isolate, context, exports, "dropCache", DropCache);
  SetMethod(isolate, context, exports, "flock", Flock);
  SetMethod(isolate, context, exports, "futexWait", FutexWait);
  SetMethod(isolate, context, exports, "futexWaitAsync", FutexWaitAsync);
  SetMethod(isolate, context, exports, "futexWake", FutexWake);
  SetMethod(isolate, context, exports, "crc32c", Crc32c);
  SetMethod(isolate, context, exports, "crc32cImplementation", Crc32cImplementation);
  SetMethod(isolate, context, exports, "mappingFaulted", MappingFaultedCall);
  // The process-wide count of guarded faults, one int32 that lives as long as the process.
  std::unique_ptr<BackingStore> counter = SharedArrayBuffer::NewBackingStore(FaultCounter(), sizeof(int32_t), NoDelete, nullptr);
  exports
      ->Set(context, String::NewFromUtf8(isolate, "faultCounter").ToLocalChecked(),
            SharedArrayBuffer::New(isolate, std::move(counter)))
      .Check();
  InitializeHotPath(isolate, context, exports);
  InitializeThreads(isolate, context, exports);

  Local<Object> constants = Object::New(isolate);
  SetConstant(isolate, context, constants, "PAGE_SIZE", static_cast<double>(sysconf(_SC_PAGESIZE)));
  SetConstant(isolate, context, constants, "MAX_MAPPING", static_cast<double>(kMaxMapping));
  SetConstant(isolate, context, constants, "MADV_NORMAL", MADV_NORMAL);
  SetConstant(isolate, context, constants, "MADV_RANDOM", MADV_RANDOM);
  SetConstant(isolate, context, constants, "MADV_SEQUENTIAL", MADV_SEQUENTIAL);
  SetConstant(isolate, context, constants, "MADV_WILLNEED", MADV_WILLNEED);
  SetConstant(isolate, context, constants, "MADV_DONTNEED", MADV_DONTNEED);
  SetConstant(isolate, context, constants, "MADV_POPULATE_READ", MADV_POPULATE_READ);
  SetConstant(isolate, context, constants, "MADV_POPULATE_WRITE", MADV_POPULATE_WRITE);
  SetConstant(isolate, context, constants, "MADV_HUGEPAGE", MADV_HUGEPAGE);
  SetConstant(isolate, context, constants, "MADV_NOHUGEPAGE", MADV_NOHUGEPAGE);
  SetConstant(isolate, context, constants, "MS_ASYNC", MS_ASYNC);
  SetConstant(isolate, context, constants, "MS_SYNC", MS_SYNC);
  SetConstant(isolate, context, constants, "MS_INVALIDATE", MS_INVALIDATE);
  SetConstant(isolate, context, constants, "FALLOC_FL_KEEP_SIZE", FALLOC_FL_KEEP_SIZE);
  SetConstant(isolate, context, constants, "FALLOC_FL_PUNCH_HOLE", FALLOC_FL_PUNCH_HOLE);
  SetConstant(isolate, context, constants, "FALLOC_FL_ZERO_RANGE", FALLOC_FL_ZERO_RANGE);
  SetConstant(isolate, context, constants, "SYNC_FILE_RANGE_WAIT_BEFORE", SYNC_FILE_RANGE_WAIT_BEFORE);
  SetConstant(isolate, context, constants, "SYNC_FILE_RANGE_WRITE", SYNC_FILE_RANGE_WRITE);
  SetConstant(isolate, context, constants, "SYNC_FILE_RANGE_WAIT_AFTER", SYNC_FILE_RANGE_WAIT_AFTER);
  SetConstant(isolate, context, constants, "LOCK_SH", LOCK_SH);
  SetConstant(isolate, context, constants, "LOCK_EX", LOCK_EX);
  SetConstant(isolate, context, constants, "LOCK_UN", LOCK_UN);
  SetConstant(isolate, context, constants, "LOCK_NB", LOCK_NB);
  exports->Set(context, String::NewFromUtf8(isolate, "constants").ToLocalChecked(), constants).Check();
}

}  // namespace mmlog

// Context-aware, so the addon loads in every worker thread as well.
NODE_MODULE_INIT() { mmlog::Initialize(exports, module, context); }
