#pragma once

#include "ReplicaResults.h"

#include <QJsonObject>
#include <QList>
#include <optional>

namespace ddalab {

class SqlConnection;

// The outbox of changes the other replicas must hear of (PostgreSQL). Rows are appended inside
// the transaction of the change they announce, named by the connection's replica, and wake the
// other replicas with NOTIFY ddalab_outbox when it commits. On a connection that writes for no
// replica (SQLite, one broker) appending does nothing.
class OutboxTable
{
public:
    struct Row
    {
        QString kind;
        QJsonObject payload;
    };

    explicit OutboxTable(SqlConnection &connection) : m_connection(connection) {}

    bool append(const QString &kind, const QJsonObject &payload)
    {
        return appendAll({{kind, payload}});
    }
    bool appendAll(const QList<Row> &rows);

    // Up to 1000 rows after id `after`, oldest first.
    std::optional<QList<OutboxEvent>> readAfter(qint64 after);
    // The newest row's id (0 when empty): where a replica that starts begins to follow.
    std::optional<qint64> head();
    bool deleteOld();

private:
    SqlConnection &m_connection;
};

} // namespace ddalab
