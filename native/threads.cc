// Which threads of this process are alive, and what each holds.
//
// A writer slot names its owner by pid, process start time and thread id.
// Other processes can judge the pid; only this process knows whether one of
// its worker threads is gone, and a worker can be terminated without running
// any more JavaScript. So each thread that takes a slot registers it here,
// and an environment cleanup hook (run when the thread's Node environment is
// torn down: normal exit, process.exit() in the worker, terminate()) gives
// back the slots it still holds and forgets the thread. A slot whose claim
// is still in progress (terminate() can stop a thread between its claim and
// its commit) is not freed but handed to ENDED_PID, a pid no process has: its
// claim stays recorded, and every process judges it a dead writer's, which
// readers pad and recovery frees the slot after, as for a killed process.
// Freed instead, the claim would name no writer and read as lost data.

#include "threads.h"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include <node.h>
#include <v8.h>

#include "exports.h"

namespace mmlog {

using v8::BackingStore;
using v8::Context;
using v8::FunctionCallbackInfo;
using v8::Isolate;
using v8::Local;
using v8::Object;
using v8::SharedArrayBuffer;
using v8::String;
using v8::Value;

namespace {

// Offsets and values of a writer slot (src/layout/control.ts: SlotOffset.PID,
// THREAD_ID, CLAIM_FLOOR; FREE_PID, ENDED_PID, IDLE). test/workerMidClaim
// fails if they drift.
constexpr size_t kSlotPid = 0;
constexpr size_t kSlotThreadId = 4;
constexpr size_t kSlotClaimFloor = 16;
constexpr int32_t kFreePid = 0;
constexpr int32_t kEndedPid = 4 * 1024 * 1024;
constexpr double kIdle = -1;

struct HeldSlot {
  std::shared_ptr<BackingStore> control;
  size_t offset;
};

// One per Node environment (the main thread, each worker) that took a slot.
struct ThreadRecord {
  Isolate* isolate;
  uint32_t thread_id;
  std::vector<HeldSlot> slots;
};

std::mutex records_mutex;
// Never destroyed: cleanup hooks may run during process teardown, after
// static destructors would have run.
auto* records = new std::vector<ThreadRecord*>();

ThreadRecord* FindRecord(Isolate* isolate) {
  for (ThreadRecord* record : *records) {
    if (record->isolate == isolate) return record;
  }
  return nullptr;
}

// Gives a slot back if this thread still owns it (pid and thread id both
// ours): free when idle, else to ENDED_PID with its claim kept. The thread
// runs no more JavaScript, so the claim fields no longer change.
void ReleaseIfOwned(const HeldSlot& slot, uint32_t thread_id) {
  uint8_t* base = static_cast<uint8_t*>(slot.control->Data()) + slot.offset;
  auto* pid = reinterpret_cast<int32_t*>(base + kSlotPid);
  auto* tid = reinterpret_cast<uint32_t*>(base + kSlotThreadId);
  if (__atomic_load_n(tid, __ATOMIC_ACQUIRE) != thread_id) return;
  uint64_t floor_bits = __atomic_load_n(reinterpret_cast<uint64_t*>(base + kSlotClaimFloor), __ATOMIC_ACQUIRE);
  double floor;
  std::memcpy(&floor, &floor_bits, sizeof floor);
  int32_t expected = static_cast<int32_t>(getpid());
  int32_t next = floor == kIdle ? kFreePid : kEndedPid;
  __atomic_compare_exchange_n(pid, &expected, next, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

void ThreadGone(void* arg) {
  auto* record = static_cast<ThreadRecord*>(arg);
  std::lock_guard<std::mutex> lock(records_mutex);
  for (const HeldSlot& slot : record->slots) ReleaseIfOwned(slot, record->thread_id);
  records->erase(std::remove(records->begin(), records->end(), record), records->end());
  delete record;
}

bool SlotArgs(const FunctionCallbackInfo<Value>& args, std::shared_ptr<BackingStore>* store, size_t* offset) {
  if (args.Length() < 2 || !args[0]->IsSharedArrayBuffer() || !args[1]->IsUint32()) return false;
  *store = args[0].As<SharedArrayBuffer>()->GetBackingStore();
  *offset = args[1].As<v8::Uint32>()->Value();
  return *offset + kSlotClaimFloor + 8 <= (*store)->ByteLength() && *offset % 8 == 0;
}

void ThrowType(Isolate* isolate, const char* message) {
  isolate->ThrowException(v8::Exception::TypeError(String::NewFromUtf8(isolate, message).ToLocalChecked()));
}

// holdSlot(control, slotOffset, threadId): this thread owns the slot at
// `slotOffset` of the control mapping until unholdSlot, or until it is gone.
void HoldSlot(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  HeldSlot slot;
  if (!SlotArgs(args, &slot.control, &slot.offset) || args.Length() < 3 || !args[2]->IsUint32()) {
    return ThrowType(isolate, "holdSlot(control, slotOffset, threadId)");
  }
  uint32_t thread_id = args[2].As<v8::Uint32>()->Value();
  std::lock_guard<std::mutex> lock(records_mutex);
  ThreadRecord* record = FindRecord(isolate);
  if (record == nullptr) {
    record = new ThreadRecord{isolate, thread_id, {}};
    records->push_back(record);
    node::AddEnvironmentCleanupHook(isolate, ThreadGone, record);
  }
  record->slots.push_back(std::move(slot));
}

// unholdSlot(control, slotOffset): the thread gave the slot back itself.
void UnholdSlot(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  std::shared_ptr<BackingStore> store;
  size_t offset = 0;
  if (!SlotArgs(args, &store, &offset)) return ThrowType(isolate, "unholdSlot(control, slotOffset)");
  std::lock_guard<std::mutex> lock(records_mutex);
  ThreadRecord* record = FindRecord(isolate);
  if (record == nullptr) return;
  auto& slots = record->slots;
  slots.erase(std::remove_if(slots.begin(), slots.end(),
                             [&](const HeldSlot& s) { return s.control->Data() == store->Data() && s.offset == offset; }),
              slots.end());
}

// isThreadAlive(threadId) -> whether a thread of this process with that id
// holds, or held, a slot and has not been torn down.
void IsThreadAlive(const FunctionCallbackInfo<Value>& args) {
  if (args.Length() < 1 || !args[0]->IsUint32()) return args.GetReturnValue().Set(false);
  uint32_t thread_id = args[0].As<v8::Uint32>()->Value();
  std::lock_guard<std::mutex> lock(records_mutex);
  bool alive = std::any_of(records->begin(), records->end(), [&](ThreadRecord* r) { return r->thread_id == thread_id; });
  args.GetReturnValue().Set(alive);
}


}  // namespace

void InitializeThreads(Isolate* isolate, Local<Context> context, Local<Object> exports) {
  SetMethod(isolate, context, exports, "holdSlot", HoldSlot);
  SetMethod(isolate, context, exports, "unholdSlot", UnholdSlot);
  SetMethod(isolate, context, exports, "isThreadAlive", IsThreadAlive);
}

}  // namespace mmlog
