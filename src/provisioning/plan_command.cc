// RunPlan: the command around Plan(): loading, catalogue choice, settings, output.
#include <algorithm>

#include "api/tidepool/instance_catalog.h"
#include "api/tidepool/plan_options.h"
#include "api/tidepool/tidepool_kinds.h"
#include "manifest/default_registry.h"
#include "manifest/loader.h"
#include "provisioning/plan.h"
#include "provisioning/plan_output.h"

namespace tidepool::provisioning {
namespace {

// The default registry plus tidepool's own kinds, in case the default registry does not carry
// them (Find returns the first match, so registering twice is harmless).
const api::KindRegistry& PlanRegistry() {
  static const api::KindRegistry* registry = [] {
    auto* r = new api::KindRegistry(manifest::DefaultRegistry());
    if (r->Find(api::kTidepoolApiVersion, "PlanOptions") == nullptr) {
      api::RegisterTidepoolKinds(*r);
    }
    return r;
  }();
  return *registry;
}

// Catalogue errors are problems with the input, reported like invalid objects (exit 1).
Result<cloud::Catalog> ChooseCatalog(const PlanInput& input) {
  auto* options = dynamic_cast<const api::PlanOptions*>(input.plan_options);
  auto* inline_catalog = dynamic_cast<const api::InstanceCatalog*>(input.instance_catalog);
  if (inline_catalog != nullptr) {
    if (options != nullptr && !options->spec.catalog.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "PlanOptions/" + options->metadata.name +
                      ": spec.catalog: Forbidden: an InstanceCatalog document is also given; "
                      "use one or the other (InstanceCatalog spec.base extends a named one)");
    }
    Result<cloud::Catalog> catalog = cloud::CatalogFromSpec(*inline_catalog);
    if (!catalog) return Fail(catalog.error().WithContext(inline_catalog->DisplayName()));
    return catalog;
  }
  std::string name =
      options != nullptr && !options->spec.catalog.empty() ? options->spec.catalog : "kwok";
  Result<cloud::Catalog> catalog = cloud::LoadCatalog(name);
  if (!catalog && options != nullptr) {
    return Fail(catalog.error().WithContext(options->DisplayName() + ": spec.catalog"));
  }
  return catalog;
}

}  // namespace

int RunPlan(const PlanFlags& flags, std::ostream& out, std::ostream& err) {
  if (!flags.packer.empty() && flags.packer != api::kPackerCost &&
      flags.packer != api::kPackerKarpenter) {
    err << "--packer: must be cost or karpenter, not \"" << flags.packer << "\"\n";
    return 2;
  }
  if (flags.output != "json" && flags.output != "text") {
    err << "--output: must be json or text, not \"" << flags.output << "\"\n";
    return 2;
  }
  manifest::Loader loader(PlanRegistry());
  manifest::LoadResult loaded;
  bool unreadable = false;
  for (const std::string& file : flags.files) {
    Status status = loader.AddFile(file, loaded);
    if (!status) {
      err << status.error().message() << "\n";
      unreadable = true;
    }
  }
  loader.ValidateSet(loaded);
  for (const manifest::Problem& w : loaded.warnings) err << "warning: " << w.ToString() << "\n";
  for (const manifest::Problem& p : loaded.problems) err << p.ToString() << "\n";
  if (unreadable) return 2;
  if (!loaded.problems.empty()) return 1;

  Result<PlanInput> input = AssemblePlanInput(loaded);
  if (!input) {
    err << input.error().message() << "\n";
    return 1;
  }
  Result<cloud::Catalog> catalog = ChooseCatalog(*input);
  if (!catalog) {
    err << catalog.error().message() << "\n";
    return 1;
  }
  PlanSettings settings;
  if (auto* options = dynamic_cast<const api::PlanOptions*>(input->plan_options)) {
    if (options->spec.packer) settings.packer = *options->spec.packer;
    if (options->spec.max_instance_types) {
      settings.max_instance_types = *options->spec.max_instance_types;
    }
  }
  if (!flags.packer.empty()) settings.packer = flags.packer;
  if (flags.max_instance_types > 0) settings.max_instance_types = flags.max_instance_types;

  Result<PlanResult> result = Plan(*input, *catalog, settings);
  if (!result) {
    err << "plan: " << result.error().message() << "\n";
    return 1;
  }
  for (const std::string& ignored : input->ignored) {
    result->warnings.push_back(ignored + " is not used by plan");
  }
  if (flags.output == "text") {
    WritePlanText(*result, out);
  } else {
    WritePlanJson(*result, out);
  }
  return 0;
}

}  // namespace tidepool::provisioning
