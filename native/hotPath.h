// The native step of a framed append (see hotPath.cc).
#pragma once

#include <v8.h>

namespace mmlog {

// Adds commitFrame and writeStringFrame to `exports`.
void InitializeHotPath(v8::Isolate* isolate, v8::Local<v8::Context> context, v8::Local<v8::Object> exports);

}  // namespace mmlog
