// Adding functions to the addon's exports object, shared by every part of the addon.
#pragma once

#include <v8.h>

namespace mmlog {

// Sets `target[name]` to a function calling `callback`.
inline void SetMethod(v8::Isolate* isolate, v8::Local<v8::Context> context, v8::Local<v8::Object> target,
                      const char* name, v8::FunctionCallback callback) {
  v8::Local<v8::Function> fn = v8::FunctionTemplate::New(isolate, callback)->GetFunction(context).ToLocalChecked();
  v8::Local<v8::String> key = v8::String::NewFromUtf8(isolate, name).ToLocalChecked();
  fn->SetName(key);
  target->Set(context, key, fn).Check();
}

}  // namespace mmlog
