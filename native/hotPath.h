// The per-record primitives of an append, as V8 fast API calls where the
// running V8 allows it (see hotPath.cc and fastCalls.h).
#pragma once

#include <v8.h>

namespace mmlog {

// Adds fetchAdd64, crc32cShared, measureString, writeAscii, copyShared,
// countFastCalls, fastCallCount and the `fastCalls` flag to `exports`.
void InitializeHotPath(v8::Isolate* isolate, v8::Local<v8::Context> context, v8::Local<v8::Object> exports);

}  // namespace mmlog
