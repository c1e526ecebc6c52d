#include "packager/cenc/sample_encryptor.h"

#include <random>

extern "C" {
#include <libavutil/aes.h>
#include <libavutil/aes_ctr.h>
#include <libavutil/mem.h>
}

namespace packager::cenc {
namespace {

constexpr int kBlockBytes = 16;
constexpr uint8_t kVideoCryptBlocks = 1;  // 'cbcs' video: encrypt 1 block of every 10 (ISO/IEC 23001-7 10.4.2)
constexpr uint8_t kVideoSkipBlocks = 9;

struct AesDeleter {
  void operator()(AVAES* a) const { av_free(a); }
  void operator()(AVAESCTR* a) const { av_aes_ctr_free(a); }
};

std::vector<uint8_t> random_bytes(size_t n) {
  std::random_device rd;
  std::vector<uint8_t> out(n);
  for (auto& b : out) b = static_cast<uint8_t>(rd());
  return out;
}

class SampleEncryptor : public TrackEncryptor {
 public:
  SampleEncryptor(const EncryptionOptions& o, SampleLayout layout) : options_(o), layout_(layout) {
    protection_.scheme = std::string(scheme_name(o.scheme));
    protection_.key_id = o.key_id;
    protection_.pssh.push_back(common_pssh(o.key_id));
    if (o.scheme == Scheme::kCenc) {
      protection_.per_sample_iv_size = 8;
      next_iv_ = random_bytes(8);
    } else {
      protection_.per_sample_iv_size = 0;
      protection_.constant_iv = random_bytes(kBlockBytes);
      if (layout != SampleLayout::kWhole) {
        protection_.crypt_byte_block = kVideoCryptBlocks;
        protection_.skip_byte_block = kVideoSkipBlocks;
      }
    }
  }

  media::Status init() {
    if (options_.scheme == Scheme::kCenc) {
      ctr_.reset(av_aes_ctr_alloc());
      if (!ctr_ || av_aes_ctr_init(ctr_.get(), options_.key.data()) < 0)
        return media::make_error(media::ErrorCode::kInternal, "AES-CTR setup failed");
    } else {
      cbc_.reset(av_aes_alloc());
      if (!cbc_ || av_aes_init(cbc_.get(), options_.key.data(), 128, 0) < 0)
        return media::make_error(media::ErrorCode::kInternal, "AES-CBC setup failed");
    }
    return {};
  }

  media::Result<mp4::SampleEncryption> encrypt(std::span<uint8_t> sample) override {
    mp4::SampleEncryption e;
    auto subsamples = plan_subsamples(layout_, sample, options_.scheme);
    if (!subsamples.ok()) return subsamples.error();
    e.subsamples = *subsamples;
    // The protected ranges, in order.
    std::vector<std::span<uint8_t>> ranges;
    if (e.subsamples.empty()) {
      ranges.push_back(sample);
    } else {
      size_t pos = 0;
      for (const auto& s : e.subsamples) {
        pos += s.clear_bytes;
        ranges.push_back(sample.subspan(pos, s.protected_bytes));
        pos += s.protected_bytes;
      }
    }
    if (options_.scheme == Scheme::kCenc) {
      e.iv = next_iv_;
      av_aes_ctr_set_iv(ctr_.get(), e.iv.data());  // the block counter starts at 0 for every sample
      for (auto r : ranges) av_aes_ctr_crypt(ctr_.get(), r.data(), r.data(), static_cast<int>(r.size()));
      for (int i = 7; i >= 0 && ++next_iv_[size_t(i)] == 0; --i) {
      }
    } else {
      for (auto r : ranges) cbcs(r);
    }
    return e;
  }

  const mp4::TrackProtection& protection() const override { return protection_; }

 private:
  // CBC from the constant IV over the pattern's encrypted blocks (all whole
  // blocks without a pattern); a trailing partial block stays clear.
  void cbcs(std::span<uint8_t> range) {
    uint8_t iv[kBlockBytes];
    std::copy(protection_.constant_iv.begin(), protection_.constant_iv.end(), iv);
    const size_t crypt = protection_.crypt_byte_block, skip = protection_.skip_byte_block;
    size_t blocks = range.size() / kBlockBytes, pos = 0;
    if (crypt == 0) {
      av_aes_crypt(cbc_.get(), range.data(), range.data(), static_cast<int>(blocks), iv, 0);
      return;
    }
    while (blocks >= crypt) {
      av_aes_crypt(cbc_.get(), range.data() + pos, range.data() + pos, static_cast<int>(crypt), iv, 0);
      pos += crypt * kBlockBytes;
      blocks -= crypt;
      const size_t skipped = std::min(skip, blocks);
      pos += skipped * kBlockBytes;
      blocks -= skipped;
    }
  }

  EncryptionOptions options_;
  SampleLayout layout_;
  mp4::TrackProtection protection_;
  std::vector<uint8_t> next_iv_;  // 'cenc': the next sample's IV
  std::unique_ptr<AVAESCTR, AesDeleter> ctr_;
  std::unique_ptr<AVAES, AesDeleter> cbc_;
};

}  // namespace

media::Result<std::unique_ptr<TrackEncryptor>> make_track_encryptor(const EncryptionOptions& options,
                                                                   SampleLayout layout) {
  auto e = std::make_unique<SampleEncryptor>(options, layout);
  DS_RETURN_IF_ERROR(e->init());
  return std::unique_ptr<TrackEncryptor>(std::move(e));
}

}  // namespace packager::cenc
