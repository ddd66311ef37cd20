#pragma once

#include "JsonFieldReader.h"
#include "MonitorMessages.h"

#include <QJsonArray>
#include <QJsonObject>

// The JSON shape of the broker's replicas in the monitor feed, both ways: the `replicas` push and
// the snapshot's `replicas` array. A replica is {"replica_id", "address", "started_at",
// "last_seen", "lease_until" (RFC 3339), "live", "self" (booleans), "connections",
// "users_online" (counts)}. Used by MonitorJson only.
namespace ddalab::protocol::replica_json {

QJsonObject replicaToJson(const ReplicaInfo &replica);
QJsonArray replicasToJson(const QList<ReplicaInfo> &replicas);

// Every field required; fails reader otherwise.
ReplicaInfo readReplica(JsonFieldReader &reader);
// The array `name` of reader's object, each element a replica; fails reader otherwise.
QList<ReplicaInfo> readReplicas(JsonFieldReader &reader, QLatin1StringView name);

} // namespace ddalab::protocol::replica_json
