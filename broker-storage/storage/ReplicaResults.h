#pragma once

#include "domain/PresenceRegistry.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace ddalab {

// One daemon's lease row, as the database holds it.
struct ReplicaRow
{
    QString replicaId;
    qint64 number = 0;
    QString address;
    QDateTime startedAt;
    QDateTime lastSeen;
    QDateTime leaseUntil;
    QJsonObject stats; // what it last reported of itself (connections, users online)
};

// Every lease row, with the database's clock when they were read: leases are judged by it.
struct ReplicaSnapshot
{
    QDateTime databaseNow;
    QList<ReplicaRow> replicas;

    bool isLive(const ReplicaRow &replica) const { return replica.leaseUntil > databaseNow; }
};

// A change one replica made that the others must hear of.
struct OutboxEvent
{
    qint64 id = 0;
    QString replicaId; // who wrote it
    QString kind;
    QJsonObject payload;
    qint64 ageMs = 0; // from its commit to its reading, by the database's clock
};

// A connection registered on another replica, as its presence row says.
struct RemoteConnection
{
    QString replicaId;
    QString replicaAddress;
    quint64 connectionId = 0;
    QString userId;
    QString endpoint;
    QDateTime registeredAt;

    // As this replica's presence counts it: heartbeats are the other replica's to judge.
    PresenceEntry toPresenceEntry() const
    {
        return {connectionId, userId,    endpoint,      registeredAt,
                registeredAt, replicaId, replicaAddress};
    }
};

// The number that sets a new replica's connection ids apart from every other's.
struct ReplicaStartResult
{
    enum class Status { Started, Failed };
    Status status = Status::Failed;
    qint64 number = 0;
    QString error;

    static ReplicaStartResult failed(const QString &error) { return {Status::Failed, 0, error}; }
};

// A lease renewal: whether it had lapsed before (the others dropped this replica's connections
// meanwhile), and every replica's row as of the renewal.
struct LeaseResult
{
    enum class Status { Renewed, Failed };
    Status status = Status::Failed;
    bool lapsed = false;
    ReplicaSnapshot snapshot;
    QString error;

    static LeaseResult failed(const QString &error) { return {Status::Failed, false, {}, error}; }
};

// The other live replicas' connections, and the outbox id they are current to: whatever was
// written after it is read from the outbox.
struct PresenceSnapshotResult
{
    enum class Status { Found, Failed };
    Status status = Status::Failed;
    qint64 outboxHead = 0;
    QList<RemoteConnection> connections;
    QString error;

    static PresenceSnapshotResult failed(const QString &error)
    {
        return {Status::Failed, 0, {}, error};
    }
};

// Whether presence rows or outbox rows were written.
struct ReplicaWriteResult
{
    enum class Status { Written, Failed };
    Status status = Status::Failed;
    QString error;

    static ReplicaWriteResult failed(const QString &error) { return {Status::Failed, error}; }
};

} // namespace ddalab
