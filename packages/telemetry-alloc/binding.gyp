{
  "targets": [
    {
      "target_name": "gc_counters",
      "sources": ["native/gc_counters.cc"],
      "cflags_cc": ["-O2", "-std=c++20"]
    }
  ]
}
