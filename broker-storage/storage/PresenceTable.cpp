#include "PresenceTable.h"

#include "SqlConnection.h"

#include "protocol/JsonText.h"

namespace ddalab {

using namespace Qt::StringLiterals;

bool PresenceTable::insertAll(const QList<PresenceEntry> &entries)
{
    if (entries.isEmpty())
        return true;
    QByteArray rows;
    rows += '[';
    for (const PresenceEntry &entry : entries) {
        if (rows.size() > 1)
            rows += ',';
        protocol::JsonTextObject row(rows);
        row.field("connection_id", quint64(entry.connection));
        row.field("user_id", entry.userId);
        row.field("endpoint", entry.endpoint);
        row.key("registered_at_ms") += QByteArray::number(entry.registeredAt.toMSecsSinceEpoch());
    }
    rows += ']';
    SqlStatement insert = m_connection.prepare(u"insert_presence_batch"_s);
    insert.bind(u":replica_id"_s, m_connection.replicaId());
    insert.bind(u":rows"_s, QString::fromUtf8(rows));
    return insert.exec();
}

bool PresenceTable::deleteAll(const QList<ConnectionId> &connections)
{
    if (connections.isEmpty())
        return true;
    QByteArray ids;
    ids += '[';
    for (ConnectionId connection : connections) {
        if (ids.size() > 1)
            ids += ',';
        ids += QByteArray::number(connection);
    }
    ids += ']';
    SqlStatement remove = m_connection.prepare(u"delete_presence_batch"_s);
    remove.bind(u":replica_id"_s, m_connection.replicaId());
    remove.bind(u":ids"_s, QString::fromLatin1(ids));
    return remove.exec();
}

std::optional<QList<RemoteConnection>> PresenceTable::liveElsewhere()
{
    SqlStatement select = m_connection.prepare(u"select_live_presence"_s);
    select.bind(u":replica_id"_s, m_connection.replicaId());
    if (!select.exec())
        return std::nullopt;
    QList<RemoteConnection> connections;
    while (select.next()) {
        connections.append(RemoteConnection{
            select.value(0).toString(), select.value(1).toString(), select.value(2).toULongLong(),
            select.value(3).toString(), select.value(4).toString(),
            QDateTime::fromMSecsSinceEpoch(select.value(5).toLongLong(), Qt::UTC)});
    }
    return connections;
}

} // namespace ddalab
