#pragma once

#include "Histogram.h"
#include "protocol/ErrorCode.h"

#include <QHash>
#include <QString>

namespace ddalab {

// The broker's running totals on the network thread: messages by type, errors by code, and how
// long publishes and requests take from arrival to reply. The monitor feed and /metrics read
// them; gauges (connections, users online) are read from the live objects instead.
class BrokerStats
{
public:
    void countMessage(const QString &type) { ++m_messagesByType[type]; }
    void countError(protocol::ErrorCode code) { ++m_errorsByCode[code]; }
    void observePublish(double seconds) { m_publishSeconds.observe(seconds); }
    void observeRequest(double seconds) { m_requestSeconds.observe(seconds); }

    const QHash<QString, quint64> &messagesByType() const { return m_messagesByType; }
    const QHash<protocol::ErrorCode, quint64> &errorsByCode() const { return m_errorsByCode; }
    const Histogram &publishSeconds() const { return m_publishSeconds; }
    const Histogram &requestSeconds() const { return m_requestSeconds; }

private:
    QHash<QString, quint64> m_messagesByType;
    QHash<protocol::ErrorCode, quint64> m_errorsByCode;
    Histogram m_publishSeconds{Histogram::latencyBounds()};
    Histogram m_requestSeconds{Histogram::latencyBounds()};
};

} // namespace ddalab
