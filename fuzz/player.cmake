dashstream_fuzzer(sim_video sim_video_fuzzer.cc abr_sim)
