// Factories for the owning pointers of av/ptr.h; each reports allocation
// failure as an Error instead of handing back null.
#pragma once

#include <string_view>

#include "media/av/ptr.h"
#include "media/error.h"

namespace media::av {

Result<FramePtr> alloc_frame();
Result<PacketPtr> alloc_packet();
Result<CodecContextPtr> alloc_codec_context(const AVCodec* codec, std::string_view what);

// Opens `url` for demuxing and reads stream info. `interrupt` (may be null)
// lets the owner abort blocking reads.
Result<InputFormatPtr> open_input(const std::string& url, const AVIOInterruptCB* interrupt = nullptr,
                                  AVDictionary** options = nullptr);

}  // namespace media::av
