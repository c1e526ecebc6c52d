dashstream_fuzzer(net_trace net_trace_fuzzer.cc media)
dashstream_fuzzer(mpd mpd_fuzzer.cc media)
dashstream_fuzzer(boxes boxes_fuzzer.cc media)
dashstream_fuzzer(segments_json segments_json_fuzzer.cc media)
