# Shared by test.sh and test-sanitized.sh: sourced, not run.
# CI builds two trees from scratch on 2 cores, so compiling and linking are much
# of its wall time:
# - unity build: CMake compiles up to 8 sources of a target as one translation
#   unit, so the heavy headers (gtest, json, httplib, libav*) are parsed once per
#   batch, not once per file. File-local helpers therefore need names unique
#   within their target (a clash fails the build: rename the new one).
# - lld links faster than ld.bfd (the normal tree's 43 programs: 15 s of CPU against 40 s).
# - Ninja, which also keeps per-step timings in .ninja_log. CMAKE_GENERATOR only
#   applies to a new tree: an existing one keeps its generator.
export CMAKE_GENERATOR=${CMAKE_GENERATOR:-Ninja}
build_flags=(-DCMAKE_UNITY_BUILD=ON -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld)
