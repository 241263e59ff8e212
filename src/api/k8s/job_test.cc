// batch/v1 Job: round-trip, defaults ported from k8s.io/kubernetes
// pkg/apis/batch/v1/defaults_test.go TestSetDefaultJob, validation cases ported from
// pkg/apis/batch/validation/validation_test.go TestValidateJob.
#include "api/k8s/job.h"

#include <gtest/gtest.h>

#include <climits>
#include <functional>
#include <string>
#include <vector>

#include "api/k8s/k8s_test_util.h"

namespace tidepool::api {
namespace {

using testing::MustDecode;
using testing::RoundTrip;

const char* kJob = R"({
  "apiVersion": "batch/v1",
  "kind": "Job",
  "metadata": {"name": "pi", "namespace": "batch"},
  "spec": {
    "parallelism": 4,
    "completions": 8,
    "backoffLimit": 2,
    "activeDeadlineSeconds": 600,
    "ttlSecondsAfterFinished": 100,
    "podFailurePolicy": {"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [42]}}]},
    "podReplacementPolicy": "Failed",
    "template": {
      "metadata": {"labels": {"app": "pi"}},
      "spec": {"restartPolicy": "Never",
               "containers": [{"name": "pi", "image": "perl:5.34", "command": ["perl", "-e", "print 1"],
                               "env": [{"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "t", "key": "token"}}}],
                               "resources": {"requests": {"cpu": "1"}}}]}
    }
  },
  "status": {"active": 4, "succeeded": 2, "ready": 3, "startTime": "2026-01-01T00:00:00Z",
             "uncountedTerminatedPods": {}}
})";

TEST(JobCodecTest, RoundTrip) {
  const Json input = Json::parse(kJob);
  EXPECT_EQ(RoundTrip<Job>(input), input);
}

TEST(JobCodecTest, JobSpecAloneDecodes) {
  // The shape of KEDA's ScaledJob jobTargetRef.
  const JobSpec spec = MustDecode<JobSpec>(Json::parse(kJob)["spec"]);
  EXPECT_EQ(spec.parallelism, 4);
  EXPECT_EQ(spec.completions, 8);
  EXPECT_EQ(spec.backoff_limit, 2);
  EXPECT_EQ(spec.template_.spec.containers.at(0).env.at(0).value_from->secret_key_ref->key,
            "token");

  FieldErrors errors;
  testing::DecodeJson<JobSpec>(Json::parse(R"({"parallelizm": 2, "template": {}})"), errors);
  EXPECT_TRUE(errors.Contains("parallelizm", "did you mean \"parallelism\"?")) << errors.ToString();
}

// Ported from pkg/apis/batch/v1/defaults_test.go TestSetDefaultJob.
TEST(JobDefaultsTest, BatchV1SetDefaultJob) {
  Job all_unspecified;
  all_unspecified.spec.template_.metadata.labels = {{"t", "v"}};
  SetDefaults(all_unspecified);
  EXPECT_EQ(all_unspecified.spec.completions, 1);
  EXPECT_EQ(all_unspecified.spec.parallelism, 1);
  EXPECT_EQ(all_unspecified.spec.backoff_limit, 6);
  EXPECT_EQ(all_unspecified.spec.completion_mode, kCompletionModeNonIndexed);
  EXPECT_EQ(all_unspecified.spec.suspend, false);
  EXPECT_EQ(all_unspecified.metadata.labels, all_unspecified.spec.template_.metadata.labels);
  EXPECT_EQ(all_unspecified.spec.template_.spec.restart_policy, kRestartPolicyAlways);

  Job per_index;
  per_index.spec.backoff_limit_per_index = 1;
  per_index.spec.completion_mode = kCompletionModeIndexed;
  SetDefaults(per_index);
  EXPECT_EQ(per_index.spec.backoff_limit, INT32_MAX);
  EXPECT_EQ(per_index.spec.completion_mode, kCompletionModeIndexed);

  Job parallelism_only;
  parallelism_only.spec.parallelism = 3;
  SetDefaults(parallelism_only);
  EXPECT_FALSE(parallelism_only.spec.completions.has_value());  // a work queue
  EXPECT_EQ(parallelism_only.spec.parallelism, 3);

  Job completions_only;
  completions_only.spec.completions = 5;
  SetDefaults(completions_only);
  EXPECT_EQ(completions_only.spec.completions, 5);
  EXPECT_EQ(completions_only.spec.parallelism, 1);

  Job labelled;
  labelled.metadata.labels = {{"mine", "yes"}};
  labelled.spec.template_.metadata.labels = {{"t", "v"}};
  labelled.spec.suspend = true;
  labelled.spec.backoff_limit = 0;
  SetDefaults(labelled);
  EXPECT_EQ(labelled.metadata.labels.at("mine"), "yes");
  EXPECT_EQ(labelled.metadata.labels.count("t"), 0u);
  EXPECT_EQ(labelled.spec.suspend, true);
  EXPECT_EQ(labelled.spec.backoff_limit, 0);
}

FieldErrors ValidateMutated(const std::function<void(Job&)>& mutate) {
  Job job = MustDecode<Job>(Json::parse(kJob));
  SetDefaults(job);
  mutate(job);
  FieldErrors errors;
  Validate(job, errors);
  return errors;
}

// Ported from pkg/apis/batch/validation/validation_test.go TestValidateJob error cases.
TEST(JobValidationTest, BatchValidateJob) {
  struct Case {
    const char* name;
    std::function<void(Job&)> mutate;
    const char* path;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"valid", [](Job&) {}, nullptr, nullptr},
      {"valid with matching selector",
       [](Job& j) {
         j.spec.manual_selector = true;
         j.spec.selector = LabelSelector{{{"app", "pi"}}, {}, {}};
       },
       nullptr, nullptr},
      {"negative parallelism", [](Job& j) { j.spec.parallelism = -1; }, "spec.parallelism",
       "must be greater than or equal to 0"},
      {"negative completions", [](Job& j) { j.spec.completions = -1; }, "spec.completions",
       "must be greater than or equal to 0"},
      {"negative activeDeadlineSeconds", [](Job& j) { j.spec.active_deadline_seconds = -1; },
       "spec.activeDeadlineSeconds", "must be greater than or equal to 0"},
      {"negative backoffLimit", [](Job& j) { j.spec.backoff_limit = -1; }, "spec.backoffLimit",
       "must be greater than or equal to 0"},
      {"negative ttlSecondsAfterFinished", [](Job& j) { j.spec.ttl_seconds_after_finished = -1; },
       "spec.ttlSecondsAfterFinished", "must be greater than or equal to 0"},
      {"manual selector required", [](Job& j) { j.spec.manual_selector = true; }, "spec.selector",
       "Required value"},
      {"selector doesn't match",
       [](Job& j) {
         j.spec.selector = LabelSelector{{{"app", "other"}}, {}, {}};
       },
       "spec.template.metadata.labels", "`selector` does not match template `labels`"},
      {"restartPolicy Always",
       [](Job& j) { j.spec.template_.spec.restart_policy = kRestartPolicyAlways; },
       "spec.template.spec.restartPolicy",
       "Required value: valid values: \"OnFailure\", \"Never\""},
      {"restartPolicy invalid", [](Job& j) { j.spec.template_.spec.restart_policy = "Invalid"; },
       "spec.template.spec.restartPolicy",
       "Unsupported value: \"Invalid\": supported values: \"OnFailure\", \"Never\""},
      {"invalid completionMode", [](Job& j) { j.spec.completion_mode = "Sequential"; },
       "spec.completionMode", "Unsupported value: \"Sequential\""},
      {"indexed without completions",
       [](Job& j) {
         j.spec.completion_mode = kCompletionModeIndexed;
         j.spec.completions.reset();
       },
       "spec.completions", "Required value: when completion mode is Indexed"},
      {"indexed with huge parallelism",
       [](Job& j) {
         j.spec.completion_mode = kCompletionModeIndexed;
         j.spec.parallelism = 100001;
       },
       "spec.parallelism", "must be less than or equal to 100000 when completion mode is Indexed"},
      {"backoffLimitPerIndex needs Indexed", [](Job& j) { j.spec.backoff_limit_per_index = 1; },
       "spec.backoffLimitPerIndex", "Forbidden: requires indexed completion mode"},
      {"invalid name", [](Job& j) { j.metadata.name = "Pi"; }, "metadata.name",
       "Invalid value: \"Pi\""},
      {"container without image", [](Job& j) { j.spec.template_.spec.containers[0].image.clear(); },
       "spec.template.spec.containers[0].image", "Required value"},
  };
  for (const Case& c : cases) {
    FieldErrors errors = ValidateMutated(c.mutate);
    if (c.path == nullptr) {
      EXPECT_TRUE(errors.empty()) << c.name << ": " << errors.ToString();
    } else {
      EXPECT_TRUE(errors.Contains(c.path, c.message))
          << c.name << ": want " << c.path << ": " << c.message << "\n got: " << errors.ToString();
    }
  }
}

TEST(JobTest, IsFinished) {
  Job job = MustDecode<Job>(Json::parse(kJob));
  EXPECT_FALSE(job.IsFinished());
  job.status.conditions.push_back({kJobComplete, "False", "", "", "", "", {}});
  EXPECT_FALSE(job.IsFinished());
  job.status.conditions.push_back({kJobFailed, "True", "", "", "BackoffLimitExceeded", "", {}});
  EXPECT_TRUE(job.IsFinished());
}

}  // namespace
}  // namespace tidepool::api
