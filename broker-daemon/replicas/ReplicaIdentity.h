#pragma once

#include "domain/PresenceRegistry.h"

#include <QString>

#include <chrono>

namespace ddalab {

// Who this daemon is among the replicas on one PostgreSQL: a new id at every start, the number
// that keeps its connection ids apart from the others', and its name for administrators.
struct ReplicaIdentity
{
    QString id;
    qint64 number = 0;
    QString address;
    std::chrono::seconds lease{10};

    // Connection ids are the number times 2^32 plus a counter: distinct across replicas and,
    // up to 2^52, exact as JSON numbers.
    ConnectionId firstConnectionId() const { return (ConnectionId(number) << 32) + 1; }
};

} // namespace ddalab
