// The TrackEncryptor for 'cenc' (AES-128-CTR, a fresh 8-byte IV per sample,
// the counter running on across a sample's subsamples) and 'cbcs'
// (AES-128-CBC with a constant IV restarted at every subsample, 1:9 pattern
// for video, every whole block for audio), through libavutil's AES. IVs
// start at a random value per track, so two tracks under one key never
// share a key stream.
#pragma once

#include <memory>

#include "media/error.h"
#include "packager/cenc/encryption_options.h"
#include "packager/cenc/subsamples.h"
#include "packager/cenc/track_encryptor.h"

namespace packager::cenc {

media::Result<std::unique_ptr<TrackEncryptor>> make_track_encryptor(const EncryptionOptions& options,
                                                                   SampleLayout layout);

}  // namespace packager::cenc
