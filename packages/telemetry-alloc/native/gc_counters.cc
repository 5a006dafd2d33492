// Running totals kept by V8 GC callbacks: how many bytes each collection freed (used heap before
// minus after) and how many collections ran. Together with the current used heap size they give
// the bytes allocated since any earlier snapshot: allocated = used_delta + freed_delta.
#include <node.h>
#include <v8.h>

namespace {

struct Totals {
  double freed_bytes = 0;
  double gc_count = 0;
  size_t used_before_gc = 0;
};

Totals totals;
bool installed = false;

size_t UsedHeap(v8::Isolate* isolate) {
  v8::HeapStatistics stats;
  isolate->GetHeapStatistics(&stats);
  return stats.used_heap_size();
}

void OnGcStart(v8::Isolate* isolate, v8::GCType, v8::GCCallbackFlags) {
  totals.used_before_gc = UsedHeap(isolate);
}

void OnGcEnd(v8::Isolate* isolate, v8::GCType, v8::GCCallbackFlags) {
  size_t after = UsedHeap(isolate);
  if (totals.used_before_gc > after) totals.freed_bytes += static_cast<double>(totals.used_before_gc - after);
  totals.gc_count += 1;
}

void Install(const v8::FunctionCallbackInfo<v8::Value>& args) {
  v8::Isolate* isolate = args.GetIsolate();
  if (!installed) {
    isolate->AddGCPrologueCallback(OnGcStart);
    isolate->AddGCEpilogueCallback(OnGcEnd);
    installed = true;
  }
}

// snapshot(out: Float64Array(3)) writes [usedHeapBytes, freedBytesTotal, gcCountTotal]; filling a
// caller-owned array keeps the call allocation-free, which matters on the span path.
void Snapshot(const v8::FunctionCallbackInfo<v8::Value>& args) {
  v8::Isolate* isolate = args.GetIsolate();
  if (args.Length() < 1 || !args[0]->IsFloat64Array()) {
    isolate->ThrowException(v8::Exception::TypeError(
        v8::String::NewFromUtf8Literal(isolate, "snapshot expects a Float64Array of length 3")));
    return;
  }
  v8::Local<v8::Float64Array> out = args[0].As<v8::Float64Array>();
  if (out->Length() < 3) {
    isolate->ThrowException(v8::Exception::RangeError(
        v8::String::NewFromUtf8Literal(isolate, "snapshot needs a Float64Array of length 3")));
    return;
  }
  double values[3] = {static_cast<double>(UsedHeap(isolate)), totals.freed_bytes, totals.gc_count};
  double* data = static_cast<double*>(out->Buffer()->Data()) + out->ByteOffset() / sizeof(double);
  data[0] = values[0];
  data[1] = values[1];
  data[2] = values[2];
}

void Init(v8::Local<v8::Object> exports) {
  NODE_SET_METHOD(exports, "install", Install);
  NODE_SET_METHOD(exports, "snapshot", Snapshot);
}

}  // namespace

NODE_MODULE(NODE_GYP_MODULE_NAME, Init)
