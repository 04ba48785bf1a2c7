// The per-record primitives of an append: a 64-bit fetch-add, a copy into
// the mapping and a CRC32C. JavaScript can do the first two itself, but on
// Node 20 each costs more there than the whole append should: a BigInt
// `Atomics.add` ~30 ns, `Buffer.byteLength` plus `Buffer.write` of a string
// ~100 ns, a regular native call ~45 ns. As V8 fast API calls (fastCalls.h)
// these take 5–20 ns. Which bytes go where stays in TypeScript; these
// functions move bytes, count and checksum. The one exception, the frame
// commit (below), is measured to be worth it.
//
// Fast functions cannot throw. Every function here therefore reports bad
// arguments the same way on both paths, by returning -1, and the TypeScript
// caller (src/engine/hotPath.ts) turns that into an error.

#include "hotPath.h"

#include <atomic>
#include <cstdint>
#include <cstring>

#include <node.h>
#include <v8.h>

#include "crc32c.h"
#include "fastCalls.h"

namespace mmlog {

using v8::Context;
using v8::FunctionCallbackInfo;
using v8::FunctionTemplate;
using v8::Isolate;
using v8::Local;
using v8::Number;
using v8::Object;
using v8::SharedArrayBuffer;
using v8::String;
using v8::Value;

namespace {

// Calls that took the fast path, counted only while a test asks for it
// (countFastCalls): tests check that optimized code really reaches them.
// Otherwise the cost is one well-predicted branch.
std::atomic<bool> counting_fast_calls{false};
std::atomic<uint64_t> fast_calls{0};

inline void CountFastCall() {
  if (counting_fast_calls.load(std::memory_order_relaxed)) fast_calls.fetch_add(1, std::memory_order_relaxed);
}

constexpr double kBad = -1;

// Offsets and lengths are uint32: a mapping is at most 4 GiB (the typed array
// limit), and integer arguments are what fast calls pass most cheaply. The
// slow paths convert with ToUint32, as V8 does for the fast ones.

// Resolves [offset, offset + length) of a SharedArrayBuffer, or nullptr if the
// value is not one or the range does not fit. Creates no handles, so it is
// allowed inside a fast call.
inline uint8_t* SharedRange(Local<Value> value, uint32_t offset, uint32_t length) {
  if (!value->IsSharedArrayBuffer()) return nullptr;
  Local<SharedArrayBuffer> buffer = value.As<SharedArrayBuffer>();
  if (static_cast<uint64_t>(offset) + length > buffer->ByteLength()) return nullptr;
  return static_cast<uint8_t*>(buffer->Data()) + offset;
}

inline double ChecksumIf(uint32_t checksum, uint32_t seed, const uint8_t* data, size_t length) {
  return checksum != 0 ? static_cast<double>(Crc32cExtend(seed, data, length)) : 0;
}

// True if none of the bytes has its top bit set: eight at a time.
bool IsAscii(const uint8_t* data, size_t length) {
  uint64_t any = 0;
  size_t i = 0;
  for (; i + 8 <= length; i += 8) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    any |= word;
  }
  for (; i < length; i++) any |= data[i];
  return (any & 0x8080808080808080ull) == 0;
}

Local<Value> ArgValue(const FunctionCallbackInfo<Value>& args, int index) {
  return index < args.Length() ? args[index] : Local<Value>(v8::Undefined(args.GetIsolate()));
}

uint32_t ArgU32(const FunctionCallbackInfo<Value>& args, int index) {
  if (index >= args.Length()) return 0;
  return args[index]->Uint32Value(args.GetIsolate()->GetCurrentContext()).FromMaybe(0);
}

// ------------------------------------------------------------ fetchAdd64

// fetchAdd64(buffer, offset, delta) -> the previous value, or -1.
// A lock xadd on the 8-byte-aligned little-endian int64 at `offset`: the same
// instruction as `Atomics.add` on a BigInt64Array, without the BigInts. The
// value must stay within 2^53 to come back exactly; log positions do.
double FetchAdd64Impl(Local<Value> buffer, uint32_t offset, uint32_t delta) {
  uint8_t* target = SharedRange(buffer, offset, 8);
  if (target == nullptr || (reinterpret_cast<uintptr_t>(target) & 7) != 0) return kBad;
  return static_cast<double>(__atomic_fetch_add(reinterpret_cast<int64_t*>(target), delta, __ATOMIC_SEQ_CST));
}

void FetchAdd64Slow(const FunctionCallbackInfo<Value>& args) {
  args.GetReturnValue().Set(FetchAdd64Impl(ArgValue(args, 0), ArgU32(args, 1), ArgU32(args, 2)));
}

#if MMLOG_FAST_CALLS
double FetchAdd64Fast(Local<Value> receiver, Local<Value> buffer, uint32_t offset, uint32_t delta) {
  CountFastCall();
  return FetchAdd64Impl(buffer, offset, delta);
}
#endif

// ---------------------------------------------------------- crc32cShared

// crc32cShared(buffer, offset, length, seed) -> CRC32C extending `seed`, or -1.
double Crc32cSharedImpl(Local<Value> buffer, uint32_t offset, uint32_t length, uint32_t seed) {
  const uint8_t* data = SharedRange(buffer, offset, length);
  if (data == nullptr) return kBad;
  return static_cast<double>(Crc32cExtend(seed, data, length));
}

void Crc32cSharedSlow(const FunctionCallbackInfo<Value>& args) {
  args.GetReturnValue().Set(Crc32cSharedImpl(ArgValue(args, 0), ArgU32(args, 1), ArgU32(args, 2), ArgU32(args, 3)));
}

#if MMLOG_FAST_CALLS
double Crc32cSharedFast(Local<Value> receiver, Local<Value> buffer, uint32_t offset, uint32_t length, uint32_t seed) {
  CountFastCall();
  return Crc32cSharedImpl(buffer, offset, length, seed);
}
#endif

// ---------------------------------------------------------- measureString

// measureString(text, scratch) -> how `text` will be written, as UTF-8:
//   n >= 0   text is ASCII, n bytes long: write it with writeAscii;
//   n <= -2  its -n-2 UTF-8 bytes are now at the start of `scratch`:
//            write them with copyShared;
//   -1       scratch is too small for it (or not a SharedArrayBuffer):
//            encode it in JavaScript.
// The fast path sees flat one-byte strings only, and needs to copy nothing
// when they are ASCII. Any other string (built by concatenation, or with
// characters above U+00FF) takes the slow path, which encodes it once into
// `scratch`: one V8 call, where Buffer.byteLength and Buffer.write are two.

// Latin-1 bytes with some ≥ 0x80, widened to UTF-8 (two bytes each) in
// `out`, which must hold 2 × length bytes. Returns the UTF-8 length.
size_t Latin1ToUtf8(const uint8_t* data, size_t length, uint8_t* out) {
  size_t n = 0;
  for (size_t i = 0; i < length; i++) {
    uint8_t c = data[i];
    if (c < 0x80) {
      out[n++] = c;
    } else {
      out[n++] = static_cast<uint8_t>(0xC0 | (c >> 6));
      out[n++] = static_cast<uint8_t>(0x80 | (c & 0x3F));
    }
  }
  return n;
}

void MeasureStringSlow(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  if (args.Length() < 2 || !args[0]->IsString() || !args[1]->IsSharedArrayBuffer()) {
    return args.GetReturnValue().Set(-1);
  }
  Local<String> text = args[0].As<String>();
  Local<SharedArrayBuffer> scratch = args[1].As<SharedArrayBuffer>();
  uint8_t* out = static_cast<uint8_t*>(scratch->Data());
  size_t length = static_cast<size_t>(text->Length());
  // At most 3 UTF-8 bytes per UTF-16 unit (a surrogate pair: 4 for 2).
  if (length * 3 > scratch->ByteLength() || length * 3 > 0x7fffffff) return args.GetReturnValue().Set(-1);
  if (text->IsOneByte()) {
    // V8's one-byte copy is a memcpy per piece; its UTF-8 encoder goes a
    // character at a time. Copy, then widen the rare non-ASCII string.
    text->WriteOneByte(isolate, out, 0, static_cast<int>(length), String::NO_NULL_TERMINATION);
    // (Results as int32: a double return value would allocate a HeapNumber.)
    if (IsAscii(out, length)) return args.GetReturnValue().Set(-static_cast<int32_t>(length) - 2);
    std::memcpy(out + length * 2, out, length);
    size_t n = Latin1ToUtf8(out + length * 2, length, out);
    return args.GetReturnValue().Set(-static_cast<int32_t>(n) - 2);
  }
  int written = text->WriteUtf8(isolate, reinterpret_cast<char*>(out), static_cast<int>(length * 3), nullptr,
                                String::NO_NULL_TERMINATION | String::REPLACE_INVALID_UTF8);
  args.GetReturnValue().Set(-written - 2);
}

#if MMLOG_FAST_CALLS
int32_t MeasureStringFast(Local<Value> receiver, const v8::FastOneByteString& text, Local<Value> scratch) {
  CountFastCall();
  const uint8_t* data = reinterpret_cast<const uint8_t*>(text.data);
  if (IsAscii(data, text.length)) return static_cast<int32_t>(text.length);
  // Latin-1 with some characters ≥ U+0080: two UTF-8 bytes each.
  if (text.length > 0x3fffffff) return -1;
  uint8_t* out = SharedRange(scratch, 0, text.length * 2);
  if (out == nullptr) return -1;
  size_t n = Latin1ToUtf8(data, text.length, out);
  return -static_cast<int32_t>(n) - 2;
}
#endif

// ------------------------------------------------------------ writeAscii

// writeAscii(text, target, offset, checksum, seed) -> when `checksum` is 1,
// the CRC32C of the bytes written extending `seed`; else 0; or -1. Only for
// strings measureString found ASCII: their one-byte form is their UTF-8.
void WriteAsciiSlow(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  if (args.Length() < 5 || !args[0]->IsString()) return args.GetReturnValue().Set(kBad);
  Local<String> text = args[0].As<String>();
  uint32_t length = static_cast<uint32_t>(text->Length());
  uint8_t* target = SharedRange(args[1], ArgU32(args, 2), length);
  if (target == nullptr) return args.GetReturnValue().Set(kBad);
  text->WriteOneByte(isolate, target, 0, static_cast<int>(length), String::NO_NULL_TERMINATION);
  args.GetReturnValue().Set(ChecksumIf(ArgU32(args, 3), ArgU32(args, 4), target, length));
}

#if MMLOG_FAST_CALLS
double WriteAsciiFast(Local<Value> receiver, const v8::FastOneByteString& text, Local<Value> target_buffer,
                      uint32_t offset, uint32_t checksum, uint32_t seed) {
  CountFastCall();
  uint8_t* target = SharedRange(target_buffer, offset, text.length);
  if (target == nullptr) return kBad;
  std::memcpy(target, text.data, text.length);
  return ChecksumIf(checksum, seed, target, text.length);
}
#endif

// ------------------------------------------------------------ copyShared

// copyShared(source, sourceOffset, target, targetOffset, length, checksum, seed)
// -> as writeAscii.
double CopySharedImpl(Local<Value> source_buffer, uint32_t source_offset, Local<Value> target_buffer,
                      uint32_t target_offset, uint32_t length, uint32_t checksum, uint32_t seed) {
  const uint8_t* source = SharedRange(source_buffer, source_offset, length);
  uint8_t* target = SharedRange(target_buffer, target_offset, length);
  if (source == nullptr || target == nullptr) return kBad;
  std::memmove(target, source, length);
  return ChecksumIf(checksum, seed, target, length);
}

void CopySharedSlow(const FunctionCallbackInfo<Value>& args) {
  args.GetReturnValue().Set(CopySharedImpl(ArgValue(args, 0), ArgU32(args, 1), ArgValue(args, 2), ArgU32(args, 3),
                                           ArgU32(args, 4), ArgU32(args, 5), ArgU32(args, 6)));
}

#if MMLOG_FAST_CALLS
double CopySharedFast(Local<Value> receiver, Local<Value> source, uint32_t source_offset, Local<Value> target,
                      uint32_t target_offset, uint32_t length, uint32_t checksum, uint32_t seed) {
  CountFastCall();
  return CopySharedImpl(source, source_offset, target, target_offset, length, checksum, seed);
}
#endif

// ---------------------------------------------------------------- frames
//
// The last step of a framed append, the one place where C++ knows the frame
// layout (docs/format.md): the header is the u32 lenWord at the frame's start,
// then the u32 CRC32C of logId ‖ pos (u64) ‖ lenWord ‖ payload. The CRC is
// stored first and the lenWord last with release order, which publishes the
// record. In TypeScript the same step is the seed fold, a store and an
// `Atomics.store`: ~20 ns of a ~70 ns append, ~5 ns here (docs/benchmarks.md).
// `id_register` is the raw CRC register after the log id (computed once per
// log in src/formats/crc32c.ts), so the log id is not rehashed per record.

constexpr uint32_t kFrameHeader = 8;

// Checksums the `length` payload bytes already written after the header at
// `frame`, then commits: CRC, then the lenWord with a release store.
inline void CommitFrameAt(uint8_t* frame, uint32_t length, uint32_t id_register, double pos, uint32_t len_word) {
  uint32_t crc = Crc32cFrame(id_register, static_cast<uint64_t>(pos), len_word, frame + kFrameHeader, length);
  std::memcpy(frame + 4, &crc, 4);
  __atomic_store_n(reinterpret_cast<uint32_t*>(frame), len_word, __ATOMIC_RELEASE);
}

// The frame of `length` payload bytes at `offset` of a SharedArrayBuffer, or
// nullptr: the header must be 4-byte aligned for the atomic store.
inline uint8_t* FrameRange(Local<Value> target, uint32_t offset, uint32_t length) {
  if (length > UINT32_MAX - kFrameHeader) return nullptr;
  uint8_t* frame = SharedRange(target, offset, kFrameHeader + length);
  if (frame == nullptr || (reinterpret_cast<uintptr_t>(frame) & 3) != 0) return nullptr;
  return frame;
}

bool ValidPosition(double pos) { return pos >= 0 && pos <= 9007199254740991.0; }

// commitFrame(target, offset, length, idRegister, pos, lenWord) -> 0, or -1.
// For payloads already copied into place (bytes, strings encoded by Buffer.write).
int32_t CommitFrameImpl(Local<Value> target, uint32_t offset, uint32_t length, uint32_t id_register, double pos,
                        uint32_t len_word) {
  uint8_t* frame = FrameRange(target, offset, length);
  if (frame == nullptr || !ValidPosition(pos)) return -1;
  CommitFrameAt(frame, length, id_register, pos, len_word);
  return 0;
}

double ArgDouble(const FunctionCallbackInfo<Value>& args, int index) {
  if (index >= args.Length()) return -1;
  return args[index]->NumberValue(args.GetIsolate()->GetCurrentContext()).FromMaybe(-1);
}

void CommitFrameSlow(const FunctionCallbackInfo<Value>& args) {
  args.GetReturnValue().Set(CommitFrameImpl(ArgValue(args, 0), ArgU32(args, 1), ArgU32(args, 2), ArgU32(args, 3),
                                            ArgDouble(args, 4), ArgU32(args, 5)));
}

#if MMLOG_FAST_CALLS
int32_t CommitFrameFast(Local<Value> receiver, Local<Value> target, uint32_t offset, uint32_t length,
                        uint32_t id_register, double pos, uint32_t len_word) {
  CountFastCall();
  return CommitFrameImpl(target, offset, length, id_register, pos, len_word);
}
#endif

// writeAsciiFrame(text, target, offset, idRegister, pos, lenWord) -> 0, or -1.
// writeAscii and commitFrame in one call, for strings measureString found ASCII.
void WriteAsciiFrameSlow(const FunctionCallbackInfo<Value>& args) {
  Isolate* isolate = args.GetIsolate();
  if (args.Length() < 6 || !args[0]->IsString()) return args.GetReturnValue().Set(-1);
  Local<String> text = args[0].As<String>();
  uint32_t length = static_cast<uint32_t>(text->Length());
  uint8_t* frame = FrameRange(args[1], ArgU32(args, 2), length);
  double pos = ArgDouble(args, 4);
  if (frame == nullptr || !ValidPosition(pos)) return args.GetReturnValue().Set(-1);
  text->WriteOneByte(isolate, frame + kFrameHeader, 0, static_cast<int>(length), String::NO_NULL_TERMINATION);
  CommitFrameAt(frame, length, ArgU32(args, 3), pos, ArgU32(args, 5));
  args.GetReturnValue().Set(0);
}

#if MMLOG_FAST_CALLS
int32_t WriteAsciiFrameFast(Local<Value> receiver, const v8::FastOneByteString& text, Local<Value> target,
                            uint32_t offset, uint32_t id_register, double pos, uint32_t len_word) {
  CountFastCall();
  uint8_t* frame = FrameRange(target, offset, text.length);
  if (frame == nullptr || !ValidPosition(pos)) return -1;
  std::memcpy(frame + kFrameHeader, text.data, text.length);
  CommitFrameAt(frame, text.length, id_register, pos, len_word);
  return 0;
}
#endif

// copyFrame(source, sourceOffset, target, offset, length, idRegister, pos, lenWord)
// -> 0, or -1. copyShared of a staged payload, then commitFrame, in one call.
int32_t CopyFrameImpl(Local<Value> source_buffer, uint32_t source_offset, Local<Value> target, uint32_t offset,
                      uint32_t length, uint32_t id_register, double pos, uint32_t len_word) {
  const uint8_t* source = SharedRange(source_buffer, source_offset, length);
  uint8_t* frame = FrameRange(target, offset, length);
  if (source == nullptr || frame == nullptr || !ValidPosition(pos)) return -1;
  std::memmove(frame + kFrameHeader, source, length);
  CommitFrameAt(frame, length, id_register, pos, len_word);
  return 0;
}

void CopyFrameSlow(const FunctionCallbackInfo<Value>& args) {
  args.GetReturnValue().Set(CopyFrameImpl(ArgValue(args, 0), ArgU32(args, 1), ArgValue(args, 2), ArgU32(args, 3),
                                          ArgU32(args, 4), ArgU32(args, 5), ArgDouble(args, 6), ArgU32(args, 7)));
}

#if MMLOG_FAST_CALLS
int32_t CopyFrameFast(Local<Value> receiver, Local<Value> source, uint32_t source_offset, Local<Value> target,
                      uint32_t offset, uint32_t length, uint32_t id_register, double pos, uint32_t len_word) {
  CountFastCall();
  return CopyFrameImpl(source, source_offset, target, offset, length, id_register, pos, len_word);
}
#endif

// countFastCalls(on): starts (and zeroes) or stops the count of fast calls, process-wide.
void CountFastCalls(const FunctionCallbackInfo<Value>& args) {
  bool on = args.Length() > 0 && args[0]->IsTrue();
  if (on) fast_calls.store(0, std::memory_order_relaxed);
  counting_fast_calls.store(on, std::memory_order_relaxed);
}

// fastCallCount() -> fast calls since countFastCalls(true).
void FastCallCount(const FunctionCallbackInfo<Value>& args) {
  args.GetReturnValue().Set(static_cast<double>(fast_calls.load(std::memory_order_relaxed)));
}

// ---------------------------------------------------------- registration

#if MMLOG_FAST_CALLS
using Type = v8::CTypeInfo::Type;
constexpr v8::CTypeInfo kValue(Type::kV8Value);
constexpr v8::CTypeInfo kNumber(Type::kFloat64);
constexpr v8::CTypeInfo kInt32(Type::kInt32);
constexpr v8::CTypeInfo kUint32(Type::kUint32);
constexpr v8::CTypeInfo kOneByteString(Type::kSeqOneByteString);

// Argument lists start with the receiver. V8 keeps pointers to these.
const v8::CTypeInfo kFetchAdd64Args[] = {kValue, kValue, kUint32, kUint32};
const v8::CTypeInfo kCrc32cSharedArgs[] = {kValue, kValue, kUint32, kUint32, kUint32};
const v8::CTypeInfo kMeasureStringArgs[] = {kValue, kOneByteString, kValue};
const v8::CTypeInfo kWriteAsciiArgs[] = {kValue, kOneByteString, kValue, kUint32, kUint32, kUint32};
const v8::CTypeInfo kCopySharedArgs[] = {kValue, kValue, kUint32, kValue, kUint32, kUint32, kUint32, kUint32};
const v8::CTypeInfo kCommitFrameArgs[] = {kValue, kValue, kUint32, kUint32, kUint32, kNumber, kUint32};
const v8::CTypeInfo kCopyFrameArgs[] = {kValue, kValue, kUint32, kValue, kUint32, kUint32, kUint32, kNumber, kUint32};
const v8::CTypeInfo kWriteAsciiFrameArgs[] = {kValue, kOneByteString, kValue, kUint32, kUint32, kNumber, kUint32};

template <size_t N>
const v8::CFunction* MakeFast(const void* function, const v8::CTypeInfo& result, const v8::CTypeInfo (&args)[N]) {
  // Made once per process and never freed: V8 refers to them for as long as
  // any isolate (the main one, each worker's) holds the function.
  auto* info = new v8::CFunctionInfo(result, N, args);
  return new v8::CFunction(function, info);
}
#endif

void SetHotMethod(Isolate* isolate, Local<Context> context, Local<Object> target, const char* name,
                  v8::FunctionCallback slow, const void* fast_signature) {
  const auto* fast = static_cast<const v8::CFunction*>(fast_signature);
  Local<FunctionTemplate> tmpl =
      FunctionTemplate::New(isolate, slow, Local<Value>(), v8::Local<v8::Signature>(), 0,
                            v8::ConstructorBehavior::kThrow, v8::SideEffectType::kHasSideEffect, fast);
  Local<v8::Function> fn = tmpl->GetFunction(context).ToLocalChecked();
  Local<String> key = String::NewFromUtf8(isolate, name).ToLocalChecked();
  fn->SetName(key);
  target->Set(context, key, fn).Check();
}

}  // namespace

void InitializeHotPath(Isolate* isolate, Local<Context> context, Local<Object> exports) {
#if MMLOG_FAST_CALLS
  static const v8::CFunction* fetch_add_64 =
      MakeFast(reinterpret_cast<const void*>(FetchAdd64Fast), kNumber, kFetchAdd64Args);
  static const v8::CFunction* crc32c_shared =
      MakeFast(reinterpret_cast<const void*>(Crc32cSharedFast), kNumber, kCrc32cSharedArgs);
  static const v8::CFunction* measure_string =
      MakeFast(reinterpret_cast<const void*>(MeasureStringFast), kInt32, kMeasureStringArgs);
  static const v8::CFunction* write_ascii =
      MakeFast(reinterpret_cast<const void*>(WriteAsciiFast), kNumber, kWriteAsciiArgs);
  static const v8::CFunction* copy_shared =
      MakeFast(reinterpret_cast<const void*>(CopySharedFast), kNumber, kCopySharedArgs);
  static const v8::CFunction* commit_frame =
      MakeFast(reinterpret_cast<const void*>(CommitFrameFast), kInt32, kCommitFrameArgs);
  static const v8::CFunction* copy_frame =
      MakeFast(reinterpret_cast<const void*>(CopyFrameFast), kInt32, kCopyFrameArgs);
  static const v8::CFunction* write_ascii_frame =
      MakeFast(reinterpret_cast<const void*>(WriteAsciiFrameFast), kInt32, kWriteAsciiFrameArgs);
#else
  static const void* fetch_add_64 = nullptr;
  static const void* crc32c_shared = nullptr;
  static const void* measure_string = nullptr;
  static const void* write_ascii = nullptr;
  static const void* copy_shared = nullptr;
  static const void* commit_frame = nullptr;
  static const void* copy_frame = nullptr;
  static const void* write_ascii_frame = nullptr;
#endif
  SetHotMethod(isolate, context, exports, "fetchAdd64", FetchAdd64Slow, fetch_add_64);
  SetHotMethod(isolate, context, exports, "crc32cShared", Crc32cSharedSlow, crc32c_shared);
  SetHotMethod(isolate, context, exports, "measureString", MeasureStringSlow, measure_string);
  SetHotMethod(isolate, context, exports, "writeAscii", WriteAsciiSlow, write_ascii);
  SetHotMethod(isolate, context, exports, "copyShared", CopySharedSlow, copy_shared);
  SetHotMethod(isolate, context, exports, "commitFrame", CommitFrameSlow, commit_frame);
  SetHotMethod(isolate, context, exports, "copyFrame", CopyFrameSlow, copy_frame);
  SetHotMethod(isolate, context, exports, "writeAsciiFrame", WriteAsciiFrameSlow, write_ascii_frame);
  SetHotMethod(isolate, context, exports, "countFastCalls", CountFastCalls, nullptr);
  SetHotMethod(isolate, context, exports, "fastCallCount", FastCallCount, nullptr);
  exports
      ->Set(context, String::NewFromUtf8(isolate, "fastCalls").ToLocalChecked(),
            v8::Boolean::New(isolate, MMLOG_FAST_CALLS != 0))
      .Check();
}

}  // namespace mmlog
