{
  "targets": [
    {
      "target_name": "mmlog",
      "sources": ["native/mmlog.cc", "native/crc32c.cc", "native/hotPath.cc"],
      "cflags_cc": ["-std=c++17", "-O3", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Wno-cast-function-type"],
      "cflags_cc!": ["-fno-exceptions"],
      "defines": ["_GNU_SOURCE"]
    }
  ]
}
