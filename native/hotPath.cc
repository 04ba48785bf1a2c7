// The one native step of a framed append: checksum and commit a frame whose
// claim the caller made in JavaScript (`Atomics.add` on the shared cursor).
// For strings the same call also encodes the payload into the mapping, so a
// framed append costs at most one ordinary native call, and a raw append
// none (docs/benchmarks.md, "Hot path", has the measurements behind this).
//
// This is the one place where C++ knows the frame layout (src/layout/frame.ts
// owns it; test/hotPath.test.ts holds this file equal to it): the u32
// lenWord at the frame's start, then the u32 CRC32C of
// logId ‖ pos (u64) ‖ lenWord ‖ payload, then the payload. The CRC is stored
// first and the lenWord last with release order, which publishes the record.
//
// Bad arguments return -1 rather than throwing: the TypeScript caller
// (src/writing/framedWriter.ts) turns that into an error.

#include "hotPath.h"

#include <cstdint>
#include <cstring>

#include <node.h>
#include <v8-version.h>
#include <v8.h>

#include "crc32c.h"
#include "exports.h"

namespace mmlog {

using v8::Context;
using v8::FunctionCallbackInfo;
using v8::Isolate;
using v8::Local;
using v8::Object;
using v8::SharedArrayBuffer;
using v8::String;
using v8::Value;

namespace {

// Bytes of the frame header: lenWord, then CRC (src/layout/frame.ts HEADER_SIZE).
constexpr uint32_t kFrameHeader = 8;
// Offset of the CRC in the header (src/layout/frame.ts CRC_OFFSET).
constexpr uint32_t kCrcOffset = 4;
// Positions are JavaScript numbers: exact up to 2^53 - 1.
constexpr double kMaxPosition = 9007199254740991.0;

// A uint32 argument; anything else (missing, negative, fractional) fails.
bool ArgU32(const FunctionCallbackInfo<Value>& args, int index, uint32_t* out) {
  if (index >= args.Length() || !args[index]->IsUint32()) return false;
  *out = args[index].As<v8::Uint32>()->Value();
  return true;
}

bool ArgPosition(const FunctionCallbackInfo<Value>& args, int index, double* out) {
  if (index >= args.Length() || !args[index]->IsNumber()) return false;
  double value = args[index].As<v8::Number>()->Value();
  if (!(value >= 0) || value > kMaxPosition || value != static_cast<double>(static_cast<uint64_t>(value))) return false;
  *out = value;
  return true;
}

// The frame of `length` payload bytes at `offset` of a SharedArrayBuffer, or
// nullptr when it does not fit. The header must be 4-byte aligned for the
// atomic store of the lenWord.
uint8_t* FrameAt(Local<Value> target, uint32_t offset, uint32_t length) {
  if (!target->IsSharedArrayBuffer()) return nullptr;
  Local<SharedArrayBuffer> buffer = target.As<SharedArrayBuffer>();
  if (static_cast<uint64_t>(offset) + kFrameHeader + length > buffer->ByteLength()) return nullptr;
  uint8_t* frame = static_cast<uint8_t*>(buffer->Data()) + offset;
  if ((reinterpret_cast<uintptr_t>(frame) & 3) != 0) return nullptr;
  return frame;
}

// The arguments after the payload source, shared by both calls:
// (target, offset, length, idRegister, pos, lenWord).
struct FrameArgs {
  uint8_t* frame;
  uint32_t length;
  uint32_t id_register;
  double pos;
  uint32_t len_word;
};

bool ReadFrameArgs(const FunctionCallbackInfo<Value>& args, int first, FrameArgs* out) {
  uint32_t offset = 0;
  if (args.Length() < first + 6) return false;
  if (!ArgU32(args, first + 1, &offset) || !ArgU32(args, first + 2, &out->length) ||
      !ArgU32(args, first + 3, &out->id_register) || !ArgPosition(args, first + 4, &out->pos) ||
      !ArgU32(args, first + 5, &out->len_word)) {
    return false;
  }
  out->frame = FrameAt(args[first], offset, out->length);
  return out->frame != nullptr;
}

// Checksums the payload already after the header, then commits: CRC, then
// the lenWord with a release store.
void Commit(const FrameArgs& f) {
  uint32_t crc = Crc32cFrame(f.id_register, static_cast<uint64_t>(f.pos), f.len_word, f.frame + kFrameHeader, f.length);
  std::memcpy(f.frame + kCrcOffset, &crc, 4);
  __atomic_store_n(reinterpret_cast<uint32_t*>(f.frame), f.len_word, __ATOMIC_RELEASE);
}

// commitFrame(target, offset, length, idRegister, pos, lenWord) -> 0, or -1.
// For payloads the caller already copied into place.
void CommitFrame(const FunctionCallbackInfo<Value>& args) {
  FrameArgs f;
  if (!ReadFrameArgs(args, 0, &f)) return args.GetReturnValue().Set(-1);
  Commit(f);
  args.GetReturnValue().Set(0);
}

// Encodes `text` as UTF-8 (lone surrogates as U+FFFD, as Buffer does) into
// exactly `length` bytes at `out`; false if its encoding is not that long.
bool EncodeUtf8(Isolate* isolate, Local<String> text, uint8_t* out, uint32_t length) {
  uint32_t units = static_cast<uint32_t>(text->Length());
#if V8_MAJOR_VERSION > 13 || (V8_MAJOR_VERSION == 13 && V8_MINOR_VERSION >= 6)
  if (units == length && text->IsOneByte()) {
    // One byte per character and as many bytes as characters: ASCII, whose
    // one-byte form is its UTF-8. A plain copy, no encoder.
    text->WriteOneByteV2(isolate, 0, units, out);
    return true;
  }
  // Checked first, so that a wrong length writes nothing.
  if (text->Utf8LengthV2(isolate) != length) return false;
  text->WriteUtf8V2(isolate, reinterpret_cast<char*>(out), length, String::WriteFlags::kReplaceInvalidUtf8);
  return true;
#else
  if (units == length && text->IsOneByte()) {
    text->WriteOneByte(isolate, out, 0, static_cast<int>(units), String::NO_NULL_TERMINATION);
    return true;
  }
  // Checked first, so that a wrong length writes nothing.
  int utf8_length = text->Utf8Length(isolate);
  if (utf8_length < 0 || static_cast<uint32_t>(utf8_length) != length) return false;
  text->WriteUtf8(isolate, reinterpret_cast<char*>(out), static_cast<int>(length), nullptr,
                  String::NO_NULL_TERMINATION | String::REPLACE_INVALID_UTF8);
  return true;
#endif
}

// writeStringFrame(text, target, offset, length, idRegister, pos, lenWord) -> 0, or -1.
// Encodes `text` (whose UTF-8 length the caller measured as `length`) as the
// payload of the frame at `offset`, then commits it, in one call.
void WriteStringFrame(const FunctionCallbackInfo<Value>& args) {
  FrameArgs f;
  if (args.Length() < 7 || !args[0]->IsString() || !ReadFrameArgs(args, 1, &f)) {
    return args.GetReturnValue().Set(-1);
  }
  if (!EncodeUtf8(args.GetIsolate(), args[0].As<String>(), f.frame + kFrameHeader, f.length)) {
    return args.GetReturnValue().Set(-1);
  }
  Commit(f);
  args.GetReturnValue().Set(0);
}


}  // namespace

void InitializeHotPath(Isolate* isolate, Local<Context> context, Local<Object> exports) {
  SetMethod(isolate, context, exports, "commitFrame", CommitFrame);
  SetMethod(isolate, context, exports, "writeStringFrame", WriteStringFrame);
}

}  // namespace mmlog
