#include "ReplicaJson.h"

#include "ProtocolFields.h"
#include "Rfc3339.h"

#include <climits>

namespace ddalab::protocol::replica_json {

using namespace Qt::StringLiterals;

namespace {

// Far above any deployment's replicas (live and recently dead), low enough to refuse garbage.
constexpr qsizetype kMaxReplicas = 1000;
// A replica id (a UUID in practice) and an address (host:port or a URL).
constexpr qsizetype kMaxReplicaId = 128;
constexpr qsizetype kMaxAddress = 512;

} // namespace

QJsonObject replicaToJson(const ReplicaInfo &replica)
{
    return {{"replica_id"_L1, replica.replicaId},
            {"address"_L1, replica.address},
            {"started_at"_L1, rfc3339::format(replica.startedAt)},
            {"last_seen"_L1, rfc3339::format(replica.lastSeen)},
            {"lease_until"_L1, rfc3339::format(replica.leaseUntil)},
            {"live"_L1, replica.live},
            {"self"_L1, replica.self},
            {"connections"_L1, replica.connections},
            {"users_online"_L1, replica.usersOnline}};
}

QJsonArray replicasToJson(const QList<ReplicaInfo> &replicas)
{
    QJsonArray array;
    for (const ReplicaInfo &replica : replicas)
        array.append(replicaToJson(replica));
    return array;
}

ReplicaInfo readReplica(JsonFieldReader &reader)
{
    ReplicaInfo replica;
    replica.replicaId = reader.requiredString("replica_id"_L1, kMaxReplicaId);
    replica.address = reader.requiredString("address"_L1, kMaxAddress);
    replica.startedAt = fields::readTime(reader, "started_at"_L1);
    replica.lastSeen = fields::readTime(reader, "last_seen"_L1);
    replica.leaseUntil = fields::readTime(reader, "lease_until"_L1);
    replica.live = reader.requiredBool("live"_L1);
    replica.self = reader.requiredBool("self"_L1);
    replica.connections = int(reader.requiredInteger("connections"_L1, 0, INT_MAX));
    replica.usersOnline = int(reader.requiredInteger("users_online"_L1, 0, INT_MAX));
    return replica;
}

QList<ReplicaInfo> readReplicas(JsonFieldReader &reader, QLatin1StringView name)
{
    return readObjectArray(reader, name, kMaxReplicas, readReplica);
}

} // namespace ddalab::protocol::replica_json
