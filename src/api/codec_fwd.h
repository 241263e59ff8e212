// Declares the codec of a type without pulling in the JSON library. Each modelled type declares
//   TIDEPOOL_DECLARE_CODEC(PodSpec)
// in its header and defines, in a *_codec.cc file that includes api/codec.h,
//   template <class V> void VisitFields(V& v, PodSpec& s) { v("containers", s.containers); ... }
//   TIDEPOOL_DEFINE_CODEC(PodSpec)
// One field list serves decoding (api::Reader) and encoding (api::Writer), so they cannot drift.
#pragma once

namespace tidepool::api {
class Reader;
class Writer;
}  // namespace tidepool::api

#define TIDEPOOL_DECLARE_CODEC(Type)           \
  void Visit(::tidepool::api::Reader&, Type&); \
  void Visit(::tidepool::api::Writer&, Type&)

#define TIDEPOOL_DEFINE_CODEC(Type)                                      \
  void Visit(::tidepool::api::Reader& r, Type& v) { VisitFields(r, v); } \
  void Visit(::tidepool::api::Writer& w, Type& v) { VisitFields(w, v); }
