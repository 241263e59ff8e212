#include "scalers/simulated_scaler.h"

#include <array>

#include "api/keda/go_strconv.h"
#include "core/clock.h"
#include "scalers/typed_config.h"

namespace tidepool::scalers {
namespace {

constexpr std::array<std::string_view, 9> kTypes = {
    "aws-sqs-queue", "kafka",    "mysql", "nats-jetstream", "postgresql",
    "prometheus",    "rabbitmq", "redis", "redis-streams"};

// The queue name of an SQS queueURL: the second path segment of an absolute URL
// ("https://sqs.<region>.amazonaws.com/<account>/<name>"); a text that is not a URL (Go's
// url.ParseRequestURI fails: no scheme and not starting with '/') is the name itself.
Result<std::string> SqsQueueName(std::string_view queue_url) {
  size_t scheme = queue_url.find("://");
  std::string_view path;
  if (scheme != std::string_view::npos && scheme > 0) {
    std::string_view rest = queue_url.substr(scheme + 3);
    size_t slash = rest.find('/');
    path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  } else if (!queue_url.empty() && queue_url.front() == '/') {
    path = queue_url;
  } else {
    return std::string(queue_url);
  }
  path = path.substr(0, path.find_first_of("?#"));
  // Split "/<account>/<name>" into exactly three parts.
  if (path.empty() || path.front() != '/') {
    return Fail(ErrorCode::kInvalidArgument, "cannot get queueName from queueURL");
  }
  size_t second = path.find('/', 1);
  if (second == std::string_view::npos || path.find('/', second + 1) != std::string_view::npos ||
      second + 1 == path.size()) {
    return Fail(ErrorCode::kInvalidArgument, "cannot get queueName from queueURL");
  }
  return std::string(path.substr(second + 1));
}

struct Parsed {
  SimulatedTrigger t;
  std::string_view context;  // upstream's "error parsing X metadata"
};

using IntParam = std::optional<int64_t>;

Status ParseSqs(const ScalerConfig& c, ParamReader& r, SimulatedTrigger& t) {
  IntParam target = r.Int64(Param("queueLength").Default("5"));
  IntParam activation = r.Int64(Param("activationQueueLength").Default("0"));
  std::optional<std::string> url = r.String(Param("queueURL").Order("triggerMetadata;resolvedEnv"));
  r.String(Param("awsRegion").Order("triggerMetadata;authParams"));
  r.String(Param("awsEndpoint").Optional());
  r.Bool(Param("scaleOnInFlight").Default("true"));
  r.Bool(Param("scaleOnDelayed").Default("false"));
  r.String(Param("identityOwner").Optional());
  if (Status st = r.Finish(); !st) return st;
  Result<std::string> name = SqsQueueName(*url);
  if (!name) return Fail(name.error());
  t.address = *url;
  t.metric_name = MetricName(c.trigger_index, NormalizeString("aws-sqs-" + *name));
  t.target = Quantity::FromInt(*target);
  t.activation = static_cast<double>(*activation);
  return OkStatus();
}

// The first redis address: address/addresses, or host(s) with port(s).
Result<std::string> RedisHost(ParamReader& r) {
  std::optional<std::vector<std::string>> addresses = r.StringList(
      Param("address;addresses").Order("triggerMetadata;authParams;resolvedEnv").Optional());
  std::optional<std::vector<std::string>> hosts =
      r.StringList(Param("host;hosts").Order("triggerMetadata;resolvedEnv;authParams").Optional());
  std::optional<std::vector<std::string>> ports =
      r.StringList(Param("port;ports").Order("triggerMetadata;resolvedEnv;authParams").Optional());
  if (addresses && !addresses->empty()) return addresses->front();
  if (hosts && ports) {
    if (hosts->size() != ports->size()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "not enough hosts or ports given. number of hosts "
                  "should be equal to the number of ports");
    }
    return hosts->front() + ":" + ports->front();
  }
  return Fail(ErrorCode::kInvalidArgument,
              "no address or host given. address should be in the format of host:port or you "
              "should set the host/port values");
}

Status RedisTls(ParamReader& r) {
  std::optional<std::string> enable = r.String(Param("enableTLS").Optional());
  std::optional<std::string> tls = r.String(Param("tls").Order("authParams").Optional());
  if (enable && tls) {
    return Fail(ErrorCode::kInvalidArgument,
                "unable to set `tls` in both ScaledObject and TriggerAuthentication together");
  }
  return OkStatus();
}

Status ParseRedis(const ScalerConfig& c, ParamReader& r, SimulatedTrigger& t) {
  IntParam target = r.Int64(Param("listLength").Default("5"));
  IntParam activation = r.Int64(Param("activationListLength").Optional());
  std::optional<std::string> list = r.String(Param("listName"));
  r.Int64(Param("databaseIndex").Optional());
  r.Bool(Param("unsafeSsl").Default("false"));
  if (Status st = RedisTls(r); !st) return st;
  Result<std::string> host = RedisHost(r);
  if (Status st = r.Finish(); !st) return st;
  if (!host) return Fail(host.error());
  t.address = *host + "/" + *list;
  t.metric_name = MetricName(c.trigger_index, NormalizeString("redis-" + *list));
  t.target = Quantity::FromInt(*target);
  t.activation = static_cast<double>(activation.value_or(0));
  return OkStatus();
}

Status ParseRedisStreams(const ScalerConfig& c, ParamReader& r, SimulatedTrigger& t) {
  IntParam pending = r.Int64(Param("pendingEntriesCount").Default("5"));
  IntParam length = r.Int64(Param("streamLength").Default("5"));
  IntParam lag = r.Int64(Param("lagCount").Optional());
  std::optional<std::string> stream = r.String(Param("stream"));
  std::optional<std::string> group = r.String(Param("consumerGroup").Optional());
  r.Int64(Param("databaseIndex").Optional());
  IntParam activation = r.Int64(Param("activationLagCount").Default("0"));
  if (Status st = RedisTls(r); !st) return st;
  Result<std::string> host = RedisHost(r);
  if (Status st = r.Finish(); !st) return st;
  if (!host) return Fail(host.error());
  // Mode: lag (group and a non-zero lagCount), pending entries (group), stream length.
  int64_t target = *length;
  t.address = *host + "/" + *stream;
  if (group) {
    target = lag && *lag != 0 ? *lag : *pending;
    t.address += "/" + *group;
  }
  t.metric_name = MetricName(c.trigger_index, NormalizeString("redis-streams-" + *stream));
  t.target = Quantity::FromInt(target);
  t.activation = static_cast<double>(*activation);
  return OkStatus();
}

Status ParseKafka(const ScalerConfig& c, ParamReader& r, SimulatedTrigger& t) {
  r.StringList(Param("bootstrapServers").Order("triggerMetadata;resolvedEnv"));
  std::optional<std::string> group =
      r.String(Param("consumerGroup").Order("triggerMetadata;resolvedEnv"));
  std::string topic =
      r.String(Param("topic").Order("triggerMetadata;resolvedEnv").Optional()).value_or("");
  std::optional<std::string> partitions = r.String(Param("partitionLimitation").Optional());
  IntParam target = r.Int64(Param("lagThreshold").Default("10"));
  IntParam activation = r.Int64(Param("activationLagThreshold").Default("0"));
  r.String(Param("offsetResetPolicy").Default("latest").Enum("latest;earliest"));
  bool allow_idle = r.Bool(Param("allowIdleConsumers").Default("false")).value_or(false);
  r.Bool(Param("excludePersistentLag").Default("false"));
  r.Bool(Param("scaleToZeroOnInvalidOffset").Default("false"));
  bool with_lag = r.Bool(Param("limitToPartitionsWithLag").Default("false")).value_or(false);
  bool even = r.Bool(Param("ensureEvenDistributionOfPartitions").Default("false")).value_or(false);
  bool full_metadata = r.Bool(Param("fullMetadata").Default("true")).value_or(true);
  r.String(Param("version").Optional());
  std::string tls = r.String(Param("tls")
                                 .Order("triggerMetadata;authParams")
                                 .Default("disable")
                                 .Enum("enable;disable"))
                        .value_or("");
  r.Bool(Param("unsafeSsl").Default("false"));
  bool has_cert = r.String(Param("cert").Order("authParams").Optional()).has_value();
  bool has_key = r.String(Param("key").Order("authParams").Optional()).has_value();
  r.String(Param("sasl")
               .Order("triggerMetadata;authParams")
               .Optional()
               .Enum("none;plaintext;scram_sha256;scram_sha512;oauthbearer;gssapi"));
  r.String(Param("saslTokenProvider")
               .Order("triggerMetadata;authParams")
               .Optional()
               .Enum("bearer;aws_msk_iam"));
  // Validate(): reported with the field errors, first failing rule only, as upstream.
  std::string invalid;
  if (target && *target <= 0) {
    invalid = "\"lagThreshold\" must be positive number";
  } else if (activation && *activation < 0) {
    invalid = "\"activationLagThreshold\" must be a non-negative number";
  } else if (Result<std::vector<int32_t>> p =
                 ParseKafkaPartitionLimitation(partitions.value_or(""));
             !p) {
    invalid = p.error().message();
  } else if (allow_idle && with_lag) {
    invalid = "allowIdleConsumers and limitToPartitionsWithLag cannot be set simultaneously";
  } else if (topic.empty() && with_lag) {
    invalid = "topic must be specified when using limitToPartitionsWithLag";
  } else if (with_lag && even) {
    invalid =
        "limitToPartitionsWithLag and ensureEvenDistributionOfPartitions cannot be set "
        "simultaneously";
  } else if (topic.empty() && even) {
    invalid = "topic must be specified when using ensureEvenDistributionOfPartitions";
  } else if (!full_metadata && topic.empty()) {
    invalid = "topic must be specified when fullMetadata is false";
  } else if (tls == "enable" && has_cert && !has_key) {
    invalid = "key must be provided with cert";
  } else if (tls == "enable" && has_key && !has_cert) {
    invalid = "cert must be provided with key";
  }
  if (!invalid.empty()) r.AddError(std::move(invalid));
  if (Status st = r.Finish(); !st) return st;
  t.address = *group + "/" + topic;
  t.metric_name =
      MetricName(c.trigger_index,
                 NormalizeString(topic.empty() ? "kafka-" + *group + "-topics" : "kafka-" + topic));
  t.target = Quantity::FromInt(*target);
  t.activation = static_cast<double>(*activation);
  return OkStatus();
}

Status ParsePrometheus(const ScalerConfig& c, ParamReader& r, SimulatedTrigger& t) {
  r.String(Param("serverAddress"));
  std::optional<std::string> query = r.String(Param("query"));
  r.StringMap(Param("queryParameters").Optional());
  std::optional<double> threshold = r.Float64(Param("threshold"));
  std::optional<double> activation = r.Float64(Param("activationThreshold").Optional());
  r.StringMap(Param("customHeaders").Optional());
  r.Bool(Param("ignoreNullValues").Default("true"));
  r.Bool(Param("unsafeSsl").Optional());
  r.DurationValue(Param("timeout").Optional());
  if (Status st = r.Finish(); !st) return st;
  t.address = *query;
  t.metric_name = MetricName(c.trigger_index, "prometheus");
  t.target = MilliQuantity(*threshold);
  t.activation = activation.value_or(0);
  return OkStatus();
}

Status ParseRabbitmq(const ScalerConfig& c, ParamReader& r, SimulatedTrigger& t) {
  std::optional<std::string> queue = r.String(Param("queueName"));
  std::string mode = r.String(Param("mode").Optional().Default("Unknown")).value_or("Unknown");
  double queue_length = r.Float64(Param("queueLength").Optional()).value_or(0);
  double value = r.Float64(Param("value").Optional()).value_or(0);
  double activation = r.Float64(Param("activationValue").Optional()).value_or(0);
  std::optional<std::string> host =
      r.String(Param("host").Order("triggerMetadata;authParams;resolvedEnv"));
  std::string protocol =
      r.String(Param("protocol").Order("triggerMetadata;authParams").Default("auto"))
          .value_or("auto");
  if (Status st = r.Finish(); !st) return st;
  if (protocol == "auto") {
    protocol = host->starts_with("http://") || host->starts_with("https://") ? "http" : "amqp";
  }
  if (queue_length == 0 && mode == "Unknown" && value == 0) {
    mode = "QueueLength";
    value = 20;
  } else if (queue_length != 0 && (mode != "Unknown" || value != 0)) {
    return Fail(ErrorCode::kInvalidArgument, "queueLength is deprecated; use mode and value");
  } else if (queue_length != 0) {
    mode = "QueueLength";
    value = queue_length;
  } else if (mode == "Unknown") {
    return Fail(ErrorCode::kInvalidArgument, "mode must be specified");
  } else if (value == 0) {
    return Fail(ErrorCode::kInvalidArgument, "value must be specified");
  }
  if (mode != "QueueLength" && mode != "MessageRate" && mode != "DeliverGetRate" &&
      mode != "PublishedToDeliveredRatio" && mode != "ExpectedQueueConsumptionTime") {
    return Fail(ErrorCode::kInvalidArgument,
                "trigger mode " + mode +
                    " must be one of QueueLength, MessageRate, DeliverGetRate, "
                    "PublishedToDeliveredRatio or ExpectedQueueConsumptionTime");
  }
  if (mode != "QueueLength" && protocol != "http") {
    return Fail(
        ErrorCode::kInvalidArgument,
        "protocol " + protocol + " not supported; must be HTTP to use trigger mode " + mode);
  }
  t.address = *queue;
  t.metric_name = MetricName(c.trigger_index, NormalizeString("rabbitmq-" + QueryEscape(*queue)));
  t.target = MilliQuantity(value);
  t.activation = activation;
  return OkStatus();
}

Status ParsePostgresql(const ScalerConfig& c, ParamReader& r, SimulatedTrigger& t) {
  std::optional<double> target = r.Float64(Param("targetQueryValue").Optional());
  std::optional<double> activation = r.Float64(Param("activationTargetQueryValue").Optional());
  std::optional<std::string> query = r.String(Param("query"));
  if (Status st = r.Finish(); !st) return st;
  if (!target && !c.as_metric_source) {
    return Fail(ErrorCode::kInvalidArgument, "no targetQueryValue given");
  }
  t.address = *query;
  t.metric_name = MetricName(c.trigger_index, "postgresql");
  t.target = MilliQuantity(target.value_or(0));
  t.activation = activation.value_or(0);
  return OkStatus();
}

Status ParseMysql(const ScalerConfig& c, ParamReader& r, SimulatedTrigger& t) {
  std::optional<std::string> connection =
      r.String(Param("connectionString").Order("authParams;resolvedEnv").Optional());
  r.String(Param("username").Order("triggerMetadata;authParams;resolvedEnv").Optional());
  r.String(Param("password").Order("authParams;resolvedEnv").Optional());
  r.String(Param("host").Order("triggerMetadata;authParams").Optional());
  r.String(Param("port").Order("triggerMetadata;authParams").Optional());
  std::string db =
      r.String(Param("dbName").Order("triggerMetadata;authParams").Optional()).value_or("");
  std::optional<std::string> query = r.String(Param("query"));
  std::optional<double> target = r.Float64(Param("queryValue"));
  std::optional<double> activation = r.Float64(Param("activationQueryValue").Default("0"));
  if (Status st = r.Finish(); !st) return st;
  // parseMySQLDbNameFromConnectionStr: the text after the last '/'.
  if (connection) db = connection->substr(connection->rfind('/') + 1);
  t.address = *query;
  t.metric_name = MetricName(c.trigger_index, NormalizeString("mysql-" + db));
  t.target = MilliQuantity(*target);
  t.activation = *activation;
  return OkStatus();
}

Status ParseNats(const ScalerConfig& c, ParamReader& r, SimulatedTrigger& t) {
  std::optional<std::string> account =
      r.String(Param("account").Order("authParams;triggerMetadata").Optional());
  std::optional<std::string> account_id =
      r.String(Param("accountID").Order("authParams;triggerMetadata").Optional());
  std::optional<std::string> stream = r.String(Param("stream"));
  std::optional<std::string> consumer = r.String(Param("consumer"));
  IntParam target = r.Int64(Param("lagThreshold").Default("10"));
  IntParam activation = r.Int64(Param("activationLagThreshold").Default("0"));
  r.Bool(Param("useHttps").Optional().Default("false"));
  r.String(Param("natsServerMonitoringEndpoint").Order("authParams;triggerMetadata"));
  if (Status st = r.Finish(); !st) return st;
  if (!account && !account_id) {
    return Fail(ErrorCode::kInvalidArgument, "no account or accountID given");
  }
  t.address = (account ? *account : *account_id) + "/" + *stream + "/" + *consumer;
  t.metric_name = MetricName(c.trigger_index, NormalizeString("nats-jetstream-" + *stream));
  t.target = Quantity::FromInt(*target);
  t.activation = static_cast<double>(*activation);
  return OkStatus();
}

class SimulatedScaler final : public Scaler {
 public:
  SimulatedScaler(SimulatedTrigger trigger, MetricTargetType type, MetricWorld& world,
                  const Clock& clock)
      : trigger_(std::move(trigger)), type_(type), world_(world), clock_(clock) {}

  std::vector<MetricSpec> GetMetricSpecForScaling() override {
    return {ExternalMetricSpec(trigger_.metric_name, type_, trigger_.target)};
  }

  Result<MetricsAndActivity> GetMetricsAndActivity(std::string_view metric_name) override {
    Result<double> value = world_.Read(trigger_.source, trigger_.address);
    if (!value) return Fail(value.error());
    MetricsAndActivity out;
    out.metrics.push_back(GenerateMetricInMili(metric_name, *value, clock_.Now()));
    out.active = *value > trigger_.activation;
    return out;
  }

 private:
  SimulatedTrigger trigger_;
  MetricTargetType type_;
  MetricWorld& world_;
  const Clock& clock_;
};

}  // namespace

Result<std::vector<int32_t>> ParseKafkaPartitionLimitation(std::string_view text) {
  std::vector<int32_t> out;
  auto trim = [](std::string_view v) {
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    return v;
  };
  if (trim(text).empty()) return out;
  while (true) {
    size_t comma = text.find(',');
    std::string_view part = trim(text.substr(0, comma));
    auto invalid = [&] {
      return Fail(ErrorCode::kInvalidArgument,
                  "invalid partition limitation: " + std::string(part));
    };
    size_t dash = part.find('-');
    if (dash != std::string_view::npos) {
      if (part.find('-', dash + 1) != std::string_view::npos) {
        return Fail(ErrorCode::kInvalidArgument,
                    "invalid partition limitation range: " + std::string(part));
      }
      Result<int32_t> start = api::keda::ParseGoInt32(trim(part.substr(0, dash)));
      Result<int32_t> end = api::keda::ParseGoInt32(trim(part.substr(dash + 1)));
      if (!start || !end) return invalid();
      for (int64_t i = *start; i <= *end; ++i) out.push_back(static_cast<int32_t>(i));
    } else {
      Result<int32_t> v = api::keda::ParseGoInt32(part);
      if (!v) return invalid();
      out.push_back(*v);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::span<const std::string_view> SimulatedScalerTypes() { return kTypes; }

Result<SimulatedTrigger> ParseSimulatedTrigger(const ScalerConfig& config) {
  using ParseFn = Status (*)(const ScalerConfig&, ParamReader&, SimulatedTrigger&);
  struct Entry {
    std::string_view type;
    ParseFn parse;
    std::string_view context;
  };
  static constexpr Entry kEntries[] = {
      {"aws-sqs-queue", ParseSqs, "error parsing SQS queue metadata"},
      {"kafka", ParseKafka, "error parsing kafka metadata"},
      {"mysql", ParseMysql, "error parsing MySQL metadata"},
      {"nats-jetstream", ParseNats, "error parsing nats-jetstream metadata"},
      {"postgresql", ParsePostgresql, "error parsing postgreSQL metadata"},
      {"prometheus", ParsePrometheus, "error parsing prometheus metadata"},
      {"rabbitmq", ParseRabbitmq, "error parsing rabbitmq metadata"},
      {"redis", ParseRedis, "error parsing redis metadata"},
      {"redis-streams", ParseRedisStreams, "error parsing redis streams metadata"},
  };
  for (const Entry& e : kEntries) {
    if (e.type != config.trigger_type) continue;
    SimulatedTrigger t;
    t.source = config.trigger_type;
    ParamReader reader(config);
    if (Status st = e.parse(config, reader, t); !st) return Fail(st.error().WithContext(e.context));
    return t;
  }
  return Fail(ErrorCode::kInvalidArgument, "no scaler found for type: " + config.trigger_type);
}

Result<std::unique_ptr<Scaler>> NewSimulatedScaler(const ScalerConfig& config, MetricWorld& world) {
  Result<MetricTargetType> type = GetMetricTargetType(config.metric_type);
  if (!type) return Fail(type.error().WithContext("error getting scaler metric type"));
  Result<SimulatedTrigger> trigger = ParseSimulatedTrigger(config);
  if (!trigger) return Fail(trigger.error());
  if (config.clock == nullptr) return Fail(ErrorCode::kInternal, "simulated scaler needs a clock");
  return std::make_unique<SimulatedScaler>(std::move(*trigger), *type, world, *config.clock);
}

}  // namespace tidepool::scalers
