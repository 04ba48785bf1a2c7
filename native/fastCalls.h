// V8 "fast API calls": optimized JavaScript calls a C++ function directly,
// with its arguments in registers, instead of through the generic API
// callback path. On Node 20 a generic call costs ~45 ns and a fast call ~5 ns,
// which on a 128-byte append is the difference that matters (see
// docs/benchmarks.md). Every fast function also has an ordinary callback,
// which V8 uses whenever the caller is not optimized or an argument does not
// fit the fast signature (e.g. a string that is not a flat one-byte string);
// both must behave identically.
//
// Node 20 ships V8 11.3 without `v8-fast-api-calls.h`, although the `node`
// binary exports everything the header's inline code uses. The declarations
// below give the V8 11.3 ABI of the few pieces mmlog needs: the layout of a
// type descriptor (three bytes: type, sequence kind, flags), the numbering of
// the types, and the exported constructors. They are written for exactly
// that version and only used with it; any other V8 gets the ordinary
// callbacks alone (MMLOG_FAST_CALLS is 0): correct, just slower.
#pragma once

#include <cstdint>

#include <v8-version.h>
#include <v8.h>

#if V8_MAJOR_VERSION == 11 && V8_MINOR_VERSION == 3
#define MMLOG_FAST_CALLS 1

namespace v8 {

// What V8 needs to know of one argument or return value.
class CTypeInfo {
 public:
  // V8 11.3's numbering; only the types mmlog uses are named.
  enum class Type : uint8_t {
    kVoid = 0,
    kBool = 1,
    kInt32 = 3,
    kUint32 = 4,
    kFloat64 = 8,
    kV8Value = 10,
    kSeqOneByteString = 11,
  };
  constexpr explicit CTypeInfo(Type type) : type_(type), sequence_type_(0), flags_(0) {}

 private:
  Type type_;
  uint8_t sequence_type_;  // 0: a scalar
  uint8_t flags_;          // 0: none
};

// A function's signature. V8 keeps the pointer to the argument array, which
// must therefore outlive the function (mmlog's are static).
class V8_EXPORT CFunctionInfo {
 public:
  CFunctionInfo(const CTypeInfo& return_info, unsigned int arg_count, const CTypeInfo* arg_info);

 private:
  // 11.3 stores the return type, the count and the array pointer (16 bytes);
  // only V8's own constructor writes them.
  alignas(8) unsigned char storage_[16];
};

// The C++ function and its signature, as FunctionTemplate::New takes it.
class V8_EXPORT CFunction {
 public:
  CFunction(const void* address, const CFunctionInfo* type_info);

 private:
  const void* address_;
  const CFunctionInfo* type_info_;
};

// How a flat one-byte (Latin-1) string argument arrives.
struct FastOneByteString {
  const char* data;
  uint32_t length;
};

}  // namespace v8

#else
#define MMLOG_FAST_CALLS 0
#endif
