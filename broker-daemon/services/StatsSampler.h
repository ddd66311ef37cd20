#pragma once

#include "metrics/BrokerStats.h"
#include "metrics/StorageStats.h"
#include "protocol/MonitorMessages.h"

#include <QHash>

namespace ddalab {

// Turns the broker's running totals into the monitor's per-second view: each sample reports the
// rates since the previous one (messages by type, errors by code, storage transactions and their
// latency) together with the gauges it is given.
class StatsSampler
{
public:
    struct Gauges
    {
        int openConnections = 0;
        int registeredConnections = 0;
        int usersOnline = 0;
        int monitors = 0;
    };

    StatsSampler(const BrokerStats &broker, const StorageStats &storage);

    // elapsedSeconds: time since the previous sample (or since construction).
    protocol::StatsReport sample(const Gauges &gauges, const QDateTime &now, qint64 uptimeSeconds,
                                 double elapsedSeconds);

private:
    const BrokerStats &m_broker;
    const StorageStats &m_storage;
    QHash<QString, quint64> m_lastMessages;
    QHash<protocol::ErrorCode, quint64> m_lastErrors;
    StorageStats::Snapshot m_lastStorage;
};

} // namespace ddalab
