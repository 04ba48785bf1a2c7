// Liveness of this process's threads, and the writer slots each holds (see threads.cc).
#pragma once

#include <v8.h>

namespace mmlog {

// Adds holdSlot, unholdSlot and isThreadAlive to `exports`.
void InitializeThreads(v8::Isolate* isolate, v8::Local<v8::Context> context, v8::Local<v8::Object> exports);

}  // namespace mmlog
