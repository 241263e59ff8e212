// tidepool's entry point: parses the command line and wires real implementations together.
// Only this folder creates real clocks, real randomness and real I/O clients.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "core/logging.h"
#include "manifest/validate.h"
#include "provisioning/plan.h"

namespace {

constexpr const char* kVersion = "0.1.0";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tidepool: event-driven autoscaling for Kubernetes, pods and nodes together"};
  app.require_subcommand(1);
  app.fallthrough();  // global flags may also follow the subcommand
  std::string log_format = "text";
  std::string log_level = "info";
  app.add_option("--log-format", log_format, "log output: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error, critical or off");

  std::vector<std::string> files;
  CLI::App* validate = app.add_subcommand(
      "validate", "check KEDA, Karpenter and Kubernetes manifests as their webhooks and CRDs do");
  validate->add_option("-f,--filename", files, "manifest file (YAML or JSON); - reads stdin")
      ->required();

  tidepool::provisioning::PlanFlags plan_flags;
  CLI::App* plan = app.add_subcommand(
      "plan",
      "decide which nodes to launch for the pending pods, as Karpenter's provisioner would");
  plan->add_option("-f,--filename", plan_flags.files, "manifest file (YAML or JSON); - reads stdin")
      ->required();
  plan->add_option("--packer", plan_flags.packer,
                   "cost (default: also tries Karpenter's and keeps the cheaper) or karpenter");
  plan->add_option("-o,--output", plan_flags.output, "json (default) or text");
  plan->add_option("--max-instance-types", plan_flags.max_instance_types,
                   "instance types kept per NodeClaim (default 60)")
      ->check(CLI::Range(1, 1000000));

  app.add_subcommand("version", "print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help exits 0; a usage error exits 2, as a file that cannot be read does.
    return app.exit(e) == 0 ? 0 : 2;
  }

  tidepool::Result<tidepool::LogFormat> format = tidepool::ParseLogFormat(log_format);
  tidepool::Result<spdlog::level::level_enum> level = tidepool::ParseLogLevel(log_level);
  if (!format || !level) {
    std::cerr << (!format ? format.error().message() : level.error().message()) << "\n";
    return 2;
  }
  tidepool::InitLogging(*format, *level);

  if (validate->parsed()) return tidepool::manifest::RunValidate(files, std::cout, std::cerr);
  if (plan->parsed()) return tidepool::provisioning::RunPlan(plan_flags, std::cout, std::cerr);
  std::cout << "tidepool " << kVersion << "\n";
  return 0;
}
