dashstream_fuzzer(sim_video sim_video_fuzzer.cc abr_sim)
dashstream_fuzzer(abr_exec_answer abr_exec_answer_fuzzer.cc abr_exec)
# The steering manifest parser alone (not the whole engine and FFmpeg).
add_library(steering_manifest_parser STATIC ${PROJECT_SOURCE_DIR}/player/net/steering.cc)
target_include_directories(steering_manifest_parser PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(steering_manifest_parser PUBLIC media nlohmann_json::nlohmann_json)
dashstream_fuzzer(steering_manifest steering_manifest_fuzzer.cc steering_manifest_parser)
# The UTCTiming parsers (clock_sync.cc needs only media and the transport interface).
add_library(clock_sync_parser STATIC ${PROJECT_SOURCE_DIR}/player/net/clock_sync.cc)
target_include_directories(clock_sync_parser PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(clock_sync_parser PUBLIC media)
dashstream_fuzzer(http_date http_date_fuzzer.cc clock_sync_parser)
# The player's subtitle readers (WebVTT, TTML, wvtt, stpp) and the cue store.
dashstream_fuzzer(text_cues text_cues_fuzzer.cc player_text)
# Cutting CMAF chunks from a growing live segment (pure).
add_library(chunk_assembler STATIC ${PROJECT_SOURCE_DIR}/player/session/chunk_assembler.cc)
target_include_directories(chunk_assembler PUBLIC ${PROJECT_SOURCE_DIR})
dashstream_fuzzer(chunk_assembler chunk_assembler_fuzzer.cc chunk_assembler)
