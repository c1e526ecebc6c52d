#include "media/av/filter_chain.h"

#include "media/av/error.h"

extern "C" {
#include <libavfilter/avfilter.h>
#include <libavutil/mem.h>
}

namespace media::av {

Result<FilterChain> make_filter_chain(bool video, const std::string& source_args, const std::string& description,
                                      std::string_view what) {
  FilterChain c;
  c.graph.reset(avfilter_graph_alloc());
  if (!c.graph) return make_error(ErrorCode::kInternal, "avfilter_graph_alloc failed");
  c.graph->nb_threads = 1;
  int ret = avfilter_graph_create_filter(&c.source, avfilter_get_by_name(video ? "buffer" : "abuffer"), "in",
                                         source_args.c_str(), nullptr, c.graph.get());
  if (ret >= 0)
    ret = avfilter_graph_create_filter(&c.sink, avfilter_get_by_name(video ? "buffersink" : "abuffersink"), "out",
                                       nullptr, nullptr, c.graph.get());
  if (ret < 0) return make_av_error(ret, what);
  AVFilterInOut* outputs = avfilter_inout_alloc();
  AVFilterInOut* inputs = avfilter_inout_alloc();
  if (outputs == nullptr || inputs == nullptr) {
    avfilter_inout_free(&inputs);
    avfilter_inout_free(&outputs);
    return make_error(ErrorCode::kInternal, "avfilter_inout_alloc failed");
  }
  outputs->name = av_strdup("in");
  outputs->filter_ctx = c.source;
  inputs->name = av_strdup("out");
  inputs->filter_ctx = c.sink;
  ret = avfilter_graph_parse_ptr(c.graph.get(), description.c_str(), &inputs, &outputs, nullptr);
  avfilter_inout_free(&inputs);
  avfilter_inout_free(&outputs);
  if (ret >= 0) ret = avfilter_graph_config(c.graph.get(), nullptr);
  if (ret < 0) return make_av_error(ret, std::string(what) + " '" + description + "'");
  return c;
}

}  // namespace media::av
