#include "disruption/nodepool_hash.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "api/karpenter/nodeclaim_conditions.h"
#include "api/well_known_labels.h"

namespace tidepool::disruption {
namespace {

// FNV-1a, 64 bits.
class Fnv1a {
 public:
  void Bytes(std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 1099511628211ULL;
    }
  }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      hash_ ^= (v >> (8 * i)) & 0xff;
      hash_ *= 1099511628211ULL;
    }
  }
  // Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
  void String(std::string_view s) {
    U64(s.size());
    Bytes(s);
  }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = 14695981039346656037ULL;
};

// Each field is written as its tag followed by its value; zero values are not written at all, so
// an empty or zero field hashes exactly as an absent one.
void StringMapField(Fnv1a& h, std::string_view tag, const std::map<std::string, std::string>& m) {
  if (m.empty()) return;
  h.String(tag);
  h.U64(m.size());
  for (const auto& [key, value] : m) {  // std::map iterates in key order: canonical
    h.String(key);
    h.String(value);
  }
}

uint64_t HashTaint(const api::Taint& taint) {
  Fnv1a h;
  h.String(taint.key);
  h.String(taint.value);
  h.String(taint.effect);
  h.String(taint.time_added);
  return h.value();
}

// A slice hashed as a set: element hashes sorted, so the order is irrelevant.
void TaintSetField(Fnv1a& h, std::string_view tag, const std::vector<api::Taint>& taints) {
  if (taints.empty()) return;
  std::vector<uint64_t> hashes;
  hashes.reserve(taints.size());
  for (const api::Taint& t : taints) hashes.push_back(HashTaint(t));
  std::sort(hashes.begin(), hashes.end());
  h.String(tag);
  h.U64(hashes.size());
  for (uint64_t v : hashes) h.U64(v);
}

void DurationField(Fnv1a& h, std::string_view tag, Duration d) {
  if (d == Duration()) return;
  h.String(tag);
  h.U64(static_cast<uint64_t>(d.nanoseconds()));
}

const std::string* Annotation(const api::ObjectMeta& meta, std::string_view key) {
  auto it = meta.annotations.find(std::string(key));
  return it == meta.annotations.end() ? nullptr : &it->second;
}

bool SetAnnotation(api::ObjectMeta& meta, std::string_view key, std::string_view value) {
  auto [it, inserted] = meta.annotations.try_emplace(std::string(key), value);
  if (inserted) return true;
  if (it->second == value) return false;
  it->second = std::string(value);
  return true;
}

}  // namespace

uint64_t HashNodeClaimTemplate(const api::NodeClaimTemplate& t) {
  Fnv1a h;
  StringMapField(h, "labels", t.metadata.labels);
  StringMapField(h, "annotations", t.metadata.annotations);
  TaintSetField(h, "taints", t.spec.taints);
  TaintSetField(h, "startupTaints", t.spec.startup_taints);
  if (t.spec.node_class_ref.has_value()) {
    const api::NodeClassReference& ref = *t.spec.node_class_ref;
    if (!ref.group.empty() || !ref.kind.empty() || !ref.name.empty()) {
      h.String("nodeClassRef");
      h.String(ref.group);
      h.String(ref.kind);
      h.String(ref.name);
    }
  }
  if (t.spec.termination_grace_period.has_value()) {
    DurationField(h, "terminationGracePeriod", *t.spec.termination_grace_period);
  }
  NillableDuration expire_after = api::EffectiveExpireAfter(t.spec.expire_after);
  if (expire_after.never()) {
    h.String("expireAfter");
    h.String("Never");
  } else {
    DurationField(h, "expireAfter", *expire_after.value);
  }
  return h.value();
}

std::string NodePoolHash(const api::NodePool& node_pool) {
  return std::to_string(HashNodeClaimTemplate(node_pool.spec.template_));
}

bool StampNodePoolHash(api::NodePool& node_pool) {
  std::string hash = NodePoolHash(node_pool);
  bool changed = SetAnnotation(node_pool.metadata, kNodePoolHashAnnotation, hash);
  changed |=
      SetAnnotation(node_pool.metadata, kNodePoolHashVersionAnnotation, kNodePoolHashVersion);
  return changed;
}

bool StampNodeClaimHash(api::NodeClaim& node_claim, std::string_view hash) {
  bool changed = SetAnnotation(node_claim.metadata, kNodePoolHashAnnotation, hash);
  changed |=
      SetAnnotation(node_claim.metadata, kNodePoolHashVersionAnnotation, kNodePoolHashVersion);
  return changed;
}

// ---- controller ---------------------------------------------------------------------------------

NodePoolHashController::NodePoolHashController(const cluster::ClusterState& state,
                                               cluster::NodeWriter& writer,
                                               NodePoolUpdater update_node_pool, Clock& clock,
                                               NodePoolHashOptions options)
    : state_(state),
      writer_(writer),
      update_node_pool_(std::move(update_node_pool)),
      clock_(clock),
      options_(options) {}

Status NodePoolHashController::RestampNodeClaims(const api::NodePool& node_pool,
                                                 const std::string& hash) {
  // Collect first: the writes replace objects in the store being iterated.
  std::vector<api::NodeClaim> updates;
  for (const auto& [key, claim] : state_.Store<api::NodeClaim>().items()) {
    auto pool = claim.metadata.labels.find(std::string(api::kNodePoolLabelKey));
    if (pool == claim.metadata.labels.end() || pool->second != node_pool.metadata.name) continue;
    const std::string* version = Annotation(claim.metadata, kNodePoolHashVersionAnnotation);
    if (version != nullptr && *version == kNodePoolHashVersion) continue;
    api::NodeClaim updated = claim;
    SetAnnotation(updated.metadata, kNodePoolHashVersionAnnotation, kNodePoolHashVersion);
    if (api::FindCondition(updated, api::kConditionTypeDrifted) == nullptr) {
      SetAnnotation(updated.metadata, kNodePoolHashAnnotation, hash);
    }
    updates.push_back(std::move(updated));
  }
  Status first_error;
  for (api::NodeClaim& claim : updates) {
    Status s = writer_.UpdateNodeClaim(std::move(claim));
    // A claim deleted meanwhile needs no hash (upstream ignores NotFound).
    if (!s && s.error().code() != ErrorCode::kNotFound && first_error) first_error = s;
  }
  return first_error;
}

Status NodePoolHashController::Reconcile(const api::NodePool& node_pool) {
  std::string hash = NodePoolHash(node_pool);
  Status claims;
  const std::string* version = Annotation(node_pool.metadata, kNodePoolHashVersionAnnotation);
  if (version == nullptr || *version != kNodePoolHashVersion) {
    claims = RestampNodeClaims(node_pool, hash);
  }
  api::NodePool stamped = node_pool;
  if (StampNodePoolHash(stamped)) {
    Status s = update_node_pool_(std::move(stamped));
    if (!s && s.error().code() != ErrorCode::kNotFound) return s;
  }
  return claims;
}

Duration NodePoolHashController::Reconcile() {
  // Copy the pools: updating one replaces it in the store.
  std::vector<api::NodePool> pools;
  for (const auto& [key, pool] : state_.Store<api::NodePool>().items()) pools.push_back(pool);
  for (const api::NodePool& pool : pools) {
    // Errors are retried on the next period; nothing else is waiting on them.
    (void)Reconcile(pool);
  }
  return options_.period;
}

void NodePoolHashController::Start() {
  periodic_.Start([this] { return Reconcile(); });
}

}  // namespace tidepool::disruption
