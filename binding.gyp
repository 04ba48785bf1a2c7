{
  "targets": [
    {
      "target_name": "mmlog",
      "sources": ["native/mmlog.cc", "native/crc32c.cc", "native/hotPath.cc", "native/threads.cc", "native/faultGuard.cc", "native/futexWaiters.cc"],
      "cflags_cc": ["-O3", "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter", "-Wno-cast-function-type"],
      "cflags_cc!": ["-fno-exceptions"],
      "defines": ["_GNU_SOURCE"]
    }
  ]
}
