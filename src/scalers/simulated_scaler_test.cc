#include "scalers/simulated_scaler.h"

#include <gtest/gtest.h>

#include "core/simulated_clock.h"
#include "scalers/scalers_test_util.h"

namespace tidepool::scalers {
namespace {

using Metadata = std::map<std::string, std::string>;

struct ParseCase {
  Metadata metadata;
  bool is_error;
  Metadata auth = {};
};

ScalerConfig Config(std::string type, Metadata metadata, Metadata auth = {}, Metadata env = {},
                    int index = 0) {
  ScalerConfig c;
  c.trigger_type = std::move(type);
  c.trigger_metadata = std::move(metadata);
  c.auth_params = std::move(auth);
  c.resolved_env = std::move(env);
  c.trigger_index = index;
  return c;
}

void ExpectParseTable(std::string_view type, const std::vector<ParseCase>& cases,
                      const Metadata& env = {}) {
  for (size_t i = 0; i < cases.size(); ++i) {
    Result<SimulatedTrigger> t =
        ParseSimulatedTrigger(Config(std::string(type), cases[i].metadata, cases[i].auth, env));
    EXPECT_EQ(!t.has_value(), cases[i].is_error)
        << type << " case " << i << (t ? "" : ": " + t.error().message());
  }
}

std::string NameOf(std::string type, Metadata metadata, int index, Metadata auth = {},
                   Metadata env = {}) {
  Result<SimulatedTrigger> t = ParseSimulatedTrigger(
      Config(std::move(type), std::move(metadata), std::move(auth), std::move(env), index));
  EXPECT_TRUE(t) << t.error().message();
  return t ? t->metric_name : "";
}

constexpr char kSqsUrl[] = "https://sqs.eu-west-1.amazonaws.com/account_id/DeleteArtifactQ";

// Ported from pkg/scalers/aws_sqs_queue_scaler_test.go testAWSSQSMetadata (parameter cases).
TEST(SimulatedScalerTest, KedaAwsSqsParseMetadata) {
  ExpectParseTable(
      "aws-sqs-queue",
      {
          {{}, true},
          {{{"queueURL", kSqsUrl}, {"queueLength", "1"}, {"awsRegion", "eu-west-1"}}, false},
          {{{"queueURL", kSqsUrl},
            {"queueLength", "1"},
            {"awsRegion", "eu-west-1"},
            {"awsEndpoint", "http://localhost:4566"}},
           false},
          {{{"queueURL", "https://sqs.eu-west-1.amazonaws.com/account_id"},
            {"queueLength", "1"},
            {"awsRegion", "eu-west-1"}},
           true},
          {{{"queueURL", "https://sqs.eu-west-1.amazonaws.com"},
            {"queueLength", "1"},
            {"awsRegion", "eu-west-1"}},
           true},
          {{{"queueURL", kSqsUrl}, {"queueLength", "1"}, {"awsRegion", ""}}, true},
          {{{"queueURL", kSqsUrl}, {"queueLength", "a"}, {"awsRegion", "eu-west-1"}}, true},
          {{{"queueURL", kSqsUrl},
            {"queueLength", "1"},
            {"activationQueueLength", "1"},
            {"awsRegion", "eu-west-1"}},
           false},
          {{{"queueURL", kSqsUrl},
            {"queueLength", "1"},
            {"activationQueueLength", "a"},
            {"awsRegion", "eu-west-1"}},
           true},
          {{{"queueURL", "my-queue"}, {"awsRegion", "eu-west-1"}}, false},
          {{{"queueURL", kSqsUrl}}, false, {{"awsRegion", "eu-west-1"}}},
      });
  Result<SimulatedTrigger> t = ParseSimulatedTrigger(
      Config("aws-sqs-queue", {{"queueURLFromEnv", "QUEUE_URL"}, {"awsRegion", "eu-west-1"}}, {},
             {{"QUEUE_URL", kSqsUrl}}));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->address, kSqsUrl);
  EXPECT_EQ(t->target.Value(), 5);  // queueLength default
  EXPECT_EQ(t->activation, 0);
  Result<SimulatedTrigger> bad = ParseSimulatedTrigger(Config(
      "aws-sqs-queue", {{"queueURL", "https://sqs.eu-west-1.amazonaws.com"}, {"awsRegion", "x"}}));
  EXPECT_EQ(bad.error().message(),
            "error parsing SQS queue metadata: cannot get queueName from queueURL");
}

// Ported from aws_sqs_queue_scaler_test.go awsSQSMetricIdentifiers.
TEST(SimulatedScalerTest, KedaAwsSqsMetricNames) {
  Metadata m = {{"queueURL", kSqsUrl}, {"queueLength", "1"}, {"awsRegion", "eu-west-1"}};
  EXPECT_EQ(NameOf("aws-sqs-queue", m, 0), "s0-aws-sqs-DeleteArtifactQ");
  EXPECT_EQ(NameOf("aws-sqs-queue", m, 1), "s1-aws-sqs-DeleteArtifactQ");
  EXPECT_EQ(NameOf("aws-sqs-queue", {{"queueURL", "my-queue"}, {"awsRegion", "x"}}, 0),
            "s0-aws-sqs-my-queue");
}

// Ported from pkg/scalers/redis_scaler_test.go testRedisMetadata.
TEST(SimulatedScalerTest, KedaRedisParseMetadata) {
  const Metadata env = {{"REDIS_HOST", "none"},
                        {"REDIS_PORT", "6379"},
                        {"REDIS_USERNAME", "none"},
                        {"REDIS_PASSWORD", "none"}};
  ExpectParseTable(
      "redis",
      {
          {{}, true},
          {{{"listName", "mylist"},
            {"listLength", "10"},
            {"addressFromEnv", "REDIS_HOST"},
            {"passwordFromEnv", "REDIS_PASSWORD"}},
           false},
          {{{"listName", "mylist"},
            {"listLength", "10"},
            {"hostFromEnv", "REDIS_HOST"},
            {"portFromEnv", "REDIS_PORT"},
            {"passwordFromEnv", "REDIS_PASSWORD"}},
           false},
          {{{"listName", "mylist"},
            {"listLength", "10"},
            {"addressFromEnv", "REDIS_HOST"},
            {"host", "REDIS_HOST"},
            {"port", "REDIS_PORT"},
            {"passwordFromEnv", "REDIS_PASSWORD"}},
           false},
          {{{"listName", "mylist"},
            {"listLength", "10"},
            {"hostFromEnv", "REDIS_HOST"},
            {"passwordFromEnv", "REDIS_PASSWORD"}},
           true},
          {{{"listName", "mylist"}, {"listLength", "10"}, {"address", ""}, {"password", ""}}, true},
          {{{"listName", "mylist"},
            {"listLength", "AA"},
            {"addressFromEnv", "REDIS_HOST"},
            {"password", ""}},
           true},
          {{{"listName", "mylist"},
            {"listLength", "1"},
            {"activationListLength", "AA"},
            {"addressFromEnv", "REDIS_HOST"},
            {"password", ""}},
           true},
          {{{"listName", "mylist"},
            {"listLength", "0"},
            {"addressFromEnv", "REDIS_WRONG"},
            {"password", ""}},
           true},
          {{{"listName", "mylist"}, {"listLength", "0"}, {"addressFromEnv", "REDIS_WRONG"}},
           true,
           {{"password", ""}}},
          {{{"listName", "mylist"}, {"listLength", "0"}}, false, {{"address", "localhost:6379"}}},
          {{{"listName", "mylist"}, {"listLength", "0"}},
           false,
           {{"host", "localhost"}, {"port", "6379"}}},
          {{{"listName", "mylist"}, {"listLength", "0"}},
           false,
           {{"address", "localhost:6379"}, {"tls", "enable"}, {"ca", "caaa"}}},
          {{{"listName", "mylist"}, {"listLength", "0"}, {"enableTLS", "true"}},
           false,
           {{"address", "localhost:6379"}}},
          {{{"listName", "mylist"}, {"listLength", "0"}, {"enableTLS", "true"}},
           true,
           {{"address", "localhost:6379"}, {"tls", "disable"}}},
          {{{"listName", "mylist"}, {"listLength", "0"}}, true, {{"host", "localhost"}}},
      },
      env);
}

// Ported from redis_scaler_test.go redisMetricIdentifiers, plus the address rule.
TEST(SimulatedScalerTest, KedaRedisMetricNames) {
  Metadata m = {{"listName", "mylist"}, {"listLength", "10"}, {"addressFromEnv", "REDIS_HOST"}};
  Metadata env = {{"REDIS_HOST", "redis:6379"}};
  EXPECT_EQ(NameOf("redis", m, 0, {}, env), "s0-redis-mylist");
  EXPECT_EQ(NameOf("redis", m, 1, {}, env), "s1-redis-mylist");
  Result<SimulatedTrigger> t = ParseSimulatedTrigger(Config("redis", m, {}, env));
  EXPECT_EQ(t->address, "redis:6379/mylist");
  EXPECT_EQ(t->target.Value(), 10);
}

// Ported from prometheus_scaler_test.go testPromMetadata and promMetricIdentifiers.
TEST(SimulatedScalerTest, KedaPrometheusParseMetadata) {
  auto with = [](Metadata extra) {
    Metadata m = {{"serverAddress", "http://localhost:9090"},
                  {"metricName", "http_requests_total"},
                  {"threshold", "100"},
                  {"query", "up"}};
    for (auto& [k, v] : extra) m[k] = v;
    return m;
  };
  ExpectParseTable("prometheus",
                   {
                       {{}, true},
                       {with({}), false},
                       {with({{"namespace", "foo"}}), false},
                       {with({{"ignoreNullValues", "false"}}), false},
                       {with({{"activationThreshold", "50"}}), false},
                       {with({{"serverAddress", ""}}), true},
                       {with({{"threshold", ""}}), true},
                       {with({{"threshold", "one"}}), true},
                       {with({{"activationThreshold", "one"}}), true},
                       {with({{"query", ""}}), true},
                       {with({{"ignoreNullValues", "xxxx"}}), true},
                       {with({{"unsafeSsl", "true"}}), false},
                       {with({{"customHeaders", "key1=value1,key2=value2"}}), false},
                       {with({{"customHeaders", "key1=value1,key2"}}), true},
                       {with({{"queryParameters", "key1=value1,key2=value2"}}), false},
                       {with({{"queryParameters", "key1=value1,key2"}}), true},
                       {with({{"timeout", "1000"}}), false},
                       {with({{"timeout", "-1"}}), true},
                       {with({{"timeout", "a"}}), true},
                   });
  EXPECT_EQ(NameOf("prometheus", with({}), 0), "s0-prometheus");
  EXPECT_EQ(NameOf("prometheus", with({}), 1), "s1-prometheus");
  Result<SimulatedTrigger> t =
      ParseSimulatedTrigger(Config("prometheus", with({{"threshold", "2.5"}})));
  EXPECT_EQ(t->target.MilliValue(), 2500);
}

// Ported from kafka_scaler_test.go parseKafkaMetadataTestDataset (parameter cases) and
// kafkaMetricIdentifiers.
TEST(SimulatedScalerTest, KedaKafkaParseMetadataAndNames) {
  Metadata base = {{"bootstrapServers", "foobar:9092"}, {"consumerGroup", "my-group"}};
  auto with = [&](Metadata extra) {
    Metadata m = base;
    for (auto& [k, v] : extra) m[k] = v;
    return m;
  };
  ExpectParseTable("kafka", {
                                {{}, true},
                                {{{"bootstrapServers", "foobar:9092"}}, true},
                                {base, false},
                                {with({{"topic", "my-topic"}}), false},
                                {with({{"lagThreshold", "-1"}}), true},
                                {with({{"lagThreshold", "0"}}), true},
                                {with({{"lagThreshold", "1000000"}}), false},
                                {with({{"activationLagThreshold", "AA"}}), true},
                                {with({{"offsetResetPolicy", "foo"}}), true},
                                {with({{"offsetResetPolicy", "earliest"}}), false},
                                {with({{"allowIdleConsumers", "notvalid"}}), true},
                                {with({{"tls", "enable"}}), false},
                                {with({{"tls", "foo"}}), true},
                            });
  ExpectParseTable(
      "kafka", {
                   {with({{"partitionLimitation", "1,2,3,4,5,6"}}), false},
                   {with({{"partitionLimitation", "           "}}), false},
                   {with({{"topic", "t"}, {"partitionLimitation", "a,b"}}), true},
                   {with({{"allowIdleConsumers", "true"},
                          {"limitToPartitionsWithLag", "true"},
                          {"topic", "t"}}),
                    true},
                   {with({{"limitToPartitionsWithLag", "true"}}), true},
                   {with({{"ensureEvenDistributionOfPartitions", "true"}}), true},
                   {with({{"ensureEvenDistributionOfPartitions", "true"}, {"topic", "t"}}), false},
                   {with({{"fullMetadata", "false"}}), true},
                   {with({{"tls", "enable"}}), false},
               });
  Result<SimulatedTrigger> zero =
      ParseSimulatedTrigger(Config("kafka", with({{"lagThreshold", "0"}})));
  EXPECT_EQ(zero.error().message(),
            "error parsing kafka metadata: \"lagThreshold\" must be positive number");
  EXPECT_EQ(NameOf("kafka", with({{"topic", "my-topic"}}), 0), "s0-kafka-my-topic");
  EXPECT_EQ(NameOf("kafka", with({{"topic", "my-topic"}}), 1), "s1-kafka-my-topic");
  EXPECT_EQ(NameOf("kafka", base, 1), "s1-kafka-my-group-topics");
  Result<SimulatedTrigger> t = ParseSimulatedTrigger(Config("kafka", base));
  EXPECT_EQ(t->target.Value(), 10);
  EXPECT_EQ(t->address, "my-group/");
}

// Ported from kafka_scaler_test.go TestParsePartitionLimitation-style cases (keda.md 9.2).
TEST(SimulatedScalerTest, KedaKafkaPartitionLimitation) {
  EXPECT_EQ(*ParseKafkaPartitionLimitation("1-4,8,10-12"),
            (std::vector<int32_t>{1, 2, 3, 4, 8, 10, 11, 12}));
  EXPECT_EQ(*ParseKafkaPartitionLimitation(" 1 , 3 "), (std::vector<int32_t>{1, 3}));
  EXPECT_TRUE(ParseKafkaPartitionLimitation("   ")->empty());
  EXPECT_EQ(ParseKafkaPartitionLimitation("a,b").error().message(),
            "invalid partition limitation: a");
  EXPECT_EQ(ParseKafkaPartitionLimitation("1-2-3").error().message(),
            "invalid partition limitation range: 1-2-3");
}

// Ported from rabbitmq_scaler_test.go testRabbitMQMetadata (first cases) and
// rabbitMQMetricIdentifiers.
TEST(SimulatedScalerTest, KedaRabbitmqParseMetadataAndNames) {
  const Metadata env = {{"myHostSecret", "amqp://user:sercet@somehost.com:5236/vhost"}};
  ExpectParseTable(
      "rabbitmq",
      {
          {{}, true},
          {{{"queueLength", "10"}, {"queueName", "sample"}, {"hostFromEnv", "myHostSecret"}},
           false},
          {{{"queueLength", "AA"}, {"queueName", "sample"}, {"hostFromEnv", "myHostSecret"}}, true},
          {{{"queueLength", "AA"}, {"queueName", "sample"}}, true},
          {{{"queueLength", "10"}, {"hostFromEnv", "myHostSecret"}}, true},
          {{{"queueName", "sample"}, {"hostFromEnv", "myHostSecret"}, {"mode", "QueueLength"}},
           true},
          {{{"queueName", "sample"},
            {"hostFromEnv", "myHostSecret"},
            {"mode", "QueueLength"},
            {"value", "7"}},
           false},
          {{{"queueName", "sample"},
            {"hostFromEnv", "myHostSecret"},
            {"mode", "MessageRate"},
            {"value", "7"}},
           true},  // rate modes need the HTTP protocol
          {{{"queueName", "sample"},
            {"hostFromEnv", "myHostSecret"},
            {"queueLength", "5"},
            {"value", "7"}},
           true},
      },
      env);
  Metadata m = {{"queueLength", "10"}, {"queueName", "sample"}, {"hostFromEnv", "myHostSecret"}};
  EXPECT_EQ(NameOf("rabbitmq", m, 0, {}, env), "s0-rabbitmq-sample");
  m["queueName"] = "namespace/name";
  EXPECT_EQ(NameOf("rabbitmq", m, 1, {}, env), "s1-rabbitmq-namespace-2Fname");
  Result<SimulatedTrigger> dflt =
      ParseSimulatedTrigger(Config("rabbitmq", {{"queueName", "q"}, {"host", "amqp://h"}}));
  EXPECT_EQ(dflt->target.Value(), 20);  // nothing given: QueueLength, value 20
}

// Ported from the metric-name tables of nats_jetstream, mysql, postgresql and redis_streams
// scaler tests.
TEST(SimulatedScalerTest, KedaOtherMetricNames) {
  Metadata nats = {{"natsServerMonitoringEndpoint", "nats.nats:8222"},
                   {"account", "$G"},
                   {"stream", "mystream"},
                   {"consumer", "pull_consumer"}};
  EXPECT_EQ(NameOf("nats-jetstream", nats, 0), "s0-nats-jetstream-mystream");
  EXPECT_EQ(NameOf("nats-jetstream", nats, 1), "s1-nats-jetstream-mystream");
  nats.erase("account");
  EXPECT_FALSE(ParseSimulatedTrigger(Config("nats-jetstream", nats)));

  EXPECT_EQ(
      NameOf("mysql", {{"query", "SELECT 1"}, {"queryValue", "12"}, {"dbName", "stats_db"}}, 0),
      "s0-mysql-stats_db");
  EXPECT_EQ(NameOf("mysql", {{"query", "q"}, {"queryValue", "12"}}, 1, {{"dbName", "test_dbname"}}),
            "s1-mysql-test_dbname");
  EXPECT_FALSE(ParseSimulatedTrigger(Config("mysql", {{"query", "q"}})));

  EXPECT_EQ(NameOf("postgresql", {{"query", "q"}, {"targetQueryValue", "1"}}, 0), "s0-postgresql");
  EXPECT_EQ(NameOf("postgresql", {{"query", "q"}, {"targetQueryValue", "1"}}, 1), "s1-postgresql");
  Result<SimulatedTrigger> no_target =
      ParseSimulatedTrigger(Config("postgresql", {{"query", "q"}}));
  EXPECT_EQ(no_target.error().message(),
            "error parsing postgreSQL metadata: no targetQueryValue given");

  Metadata streams = {{"stream", "my-stream"}, {"address", "redis:6379"}};
  EXPECT_EQ(NameOf("redis-streams", streams, 0), "s0-redis-streams-my-stream");
  EXPECT_EQ(NameOf("redis-streams", streams, 1), "s1-redis-streams-my-stream");
  // Modes: stream length, pending entries, lag.
  auto target_of = [&](Metadata extra) {
    Metadata m = streams;
    for (auto& [k, v] : extra) m[k] = v;
    return ParseSimulatedTrigger(Config("redis-streams", m))->target.Value();
  };
  EXPECT_EQ(target_of({{"streamLength", "7"}}), 7);
  EXPECT_EQ(target_of({{"consumerGroup", "g"}, {"pendingEntriesCount", "3"}}), 3);
  EXPECT_EQ(target_of({{"consumerGroup", "g"}, {"lagCount", "9"}}), 9);
}

// Ported from nats_jetstream_scaler_test.go testNATSJetStreamMetadata.
TEST(SimulatedScalerTest, KedaNatsJetStreamParseMetadata) {
  ExpectParseTable("nats-jetstream",
                   {
                       {{{"natsServerMonitoringEndpoint", "localhost:8222"},
                         {"account", "$G"},
                         {"accountID", "$G"},
                         {"stream", "mystream"},
                         {"consumer", "pull_consumer"},
                         {"useHttps", "false"}},
                        false},
                       {{{"natsServerMonitoringEndpoint", "nats.nats:8222"},
                         {"account", "$G"},
                         {"stream", "mystream"},
                         {"consumer", "pull_consumer"},
                         {"useHttps", "true"}},
                        false},
                       {{{"natsServerMonitoringEndpoint", "localhost:8222"},
                         {"accountID", "$G"},
                         {"stream", "mystream"},
                         {"consumer", "pull_consumer"},
                         {"useHttps", "false"}},
                        false},
                       {{}, true},
                       {{{"natsServerMonitoringEndpoint", "nats.nats:8222"},
                         {"stream", "mystream"},
                         {"consumer", "pull_consumer"}},
                        true},
                       {{{"natsServerMonitoringEndpoint", "nats.nats:8222"},
                         {"account", "$G"},
                         {"consumer", "pull_consumer"}},
                        true},
                       {{{"natsServerMonitoringEndpoint", "nats.nats:8222"},
                         {"account", "$G"},
                         {"stream", "mystream"}},
                        true},
                       {{{"account", "$G"}, {"stream", "mystream"}}, true},
                       {{{"natsServerMonitoringEndpoint", "nats.nats:8222"},
                         {"account", "$G"},
                         {"stream", "mystream"},
                         {"consumer", "pull_consumer"},
                         {"activationLagThreshold", "10"}},
                        false},
                       {{{"natsServerMonitoringEndpoint", "nats.nats:8222"},
                         {"account", "$G"},
                         {"stream", "mystream"},
                         {"consumer", "pull_consumer"},
                         {"activationLagThreshold", "Y"}},
                        true},
                       {{{"account", "$G"}, {"stream", "mystream"}, {"consumer", "pull_consumer"}},
                        false,
                        {{"natsServerMonitoringEndpoint", "nats.nats:8222"}}},
                       {{{"account", "$G"}, {"stream", "mystream"}, {"consumer", "pull_consumer"}},
                        true,
                        {{"natsServerMonitoringEndpoint", ""}}},
                       {{{"natsServerMonitoringEndpoint", "nats.nats:8222"},
                         {"account", "$G"},
                         {"stream", "mystream"},
                         {"consumer", "pull_consumer"},
                         {"useHttps", "error"}},
                        true},
                       {{{"account", "$G"},
                         {"stream", "mystream"},
                         {"consumer", "pull_consumer"},
                         {"lagThreshold", "6"}},
                        false,
                        {{"natsServerMonitoringEndpoint", "nats.nats:8222"}}},
                       {{{"account", "$G"},
                         {"stream", "mystream"},
                         {"consumer", "pull_consumer"},
                         {"lagThreshold", "Y"}},
                        true,
                        {{"natsServerMonitoringEndpoint", "nats.nats:8222"}}},
                       {{{"stream", "mystream"}, {"consumer", "pull_consumer"}},
                        false,
                        {{"account", "$G"}, {"natsServerMonitoringEndpoint", "nats.nats:8222"}}},
                       {{{"stream", "mystream"}, {"consumer", "pull_consumer"}},
                        true,
                        {{"natsServerMonitoringEndpoint", "nats.nats:8222"}}},
                   });
}

// Ported from mysql_scaler_test.go testMySQLMetadata and mySQLMetricIdentifiers.
TEST(SimulatedScalerTest, KedaMysqlParseMetadataAndNames) {
  const Metadata env = {{"MYSQL_USERNAME", "test_username"},
                        {"MYSQL_PASSWORD", "pass"},
                        {"MYSQL_CONN_STR", "user@tcp(http://my.mysql.dev:3306)/stats_db"}};
  const Metadata auth = {{"host", "test_host"},
                         {"port", "test_port"},
                         {"username", "test_username"},
                         {"password", "MYSQL_PASSWORD"},
                         {"dbName", "test_dbname"}};
  ExpectParseTable(
      "mysql",
      {
          {{}, true},
          {{{"query", "query"},
            {"queryValue", "12"},
            {"connectionStringFromEnv", "MYSQL_CONN_STR"}},
           false},
          {{{"query", "query"},
            {"queryValue", "12"},
            {"host", "test_host"},
            {"port", "test_port"},
            {"username", "test_username"},
            {"passwordFromEnv", "MYSQL_PASSWORD"},
            {"dbName", "test_dbname"}},
           false},
          {{{"query", "query"}, {"queryValue", "12"}}, false, auth},
          {{{"query", "query"}, {"queryValue", "12"}, {"activationQueryValue", "AA"}}, true, auth},
      },
      env);
  EXPECT_EQ(
      NameOf(
          "mysql",
          {{"query", "query"}, {"queryValue", "12"}, {"connectionStringFromEnv", "MYSQL_CONN_STR"}},
          0, {}, env),
      "s0-mysql-stats_db");
  EXPECT_EQ(NameOf("mysql", {{"query", "query"}, {"queryValue", "12"}}, 1, auth),
            "s1-mysql-test_dbname");
}

TEST(SimulatedScalerTest, ReadsTheWorldAndComparesActivationStrictly) {
  SimulatedClock clock(Time::FromUnixSeconds(100));
  testing::FakeMetricWorld world;
  ScalerConfig c = Config("aws-sqs-queue", {{"queueURL", kSqsUrl},
                                            {"queueLength", "4"},
                                            {"activationQueueLength", "3"},
                                            {"awsRegion", "eu-west-1"}});
  c.clock = &clock;
  Result<std::unique_ptr<Scaler>> s = NewSimulatedScaler(c, world);
  ASSERT_TRUE(s);
  std::vector<MetricSpec> specs = (*s)->GetMetricSpecForScaling();
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(specs[0].metric_name, "s0-aws-sqs-DeleteArtifactQ");
  EXPECT_EQ(specs[0].target_type, MetricTargetType::kAverageValue);
  EXPECT_EQ(specs[0].target_value.Value(), 4);

  Result<MetricsAndActivity> none = (*s)->GetMetricsAndActivity(specs[0].metric_name);
  ASSERT_FALSE(none);  // the world has no value yet: the scaler errors
  EXPECT_EQ(world.last_read(), testing::Key("aws-sqs-queue", kSqsUrl));

  world.Set("aws-sqs-queue", kSqsUrl, 3);
  Result<MetricsAndActivity> r = (*s)->GetMetricsAndActivity(specs[0].metric_name);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->active);  // 3 is not > 3
  EXPECT_EQ(r->metrics[0].value.Value(), 3);
  EXPECT_EQ(r->metrics[0].timestamp, Time::FromUnixSeconds(100));
  world.Set("aws-sqs-queue", kSqsUrl, 3.5);
  r = (*s)->GetMetricsAndActivity(specs[0].metric_name);
  EXPECT_TRUE(r->active);
  EXPECT_EQ(r->metrics[0].value.MilliValue(), 3500);
  world.Set("aws-sqs-queue", kSqsUrl, -1);
  r = (*s)->GetMetricsAndActivity(specs[0].metric_name);
  EXPECT_EQ(r->metrics[0].value.MilliValue(), 0);  // negative values clamp to 0

  c.metric_type = "Value";
  EXPECT_EQ((*NewSimulatedScaler(c, world))->GetMetricSpecForScaling()[0].target_type,
            MetricTargetType::kValue);
  c.metric_type = "Utilization";
  EXPECT_FALSE(NewSimulatedScaler(c, world));
}

TEST(SimulatedScalerTest, SecretFromAuthParamsIsRedactedInErrors) {
  Result<SimulatedTrigger> t = ParseSimulatedTrigger(
      Config("kafka", {{"bootstrapServers", "b:9092"}, {"consumerGroup", "g"}},
             {{"tls", "hunter2-secret"}}));
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().message().find("hunter2-secret"), std::string::npos) << t.error().message();
  EXPECT_NE(t.error().message().find("<redacted>"), std::string::npos);
}

}  // namespace
}  // namespace tidepool::scalers
