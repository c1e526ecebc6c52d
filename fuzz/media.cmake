dashstream_fuzzer(net_trace net_trace_fuzzer.cc media)
