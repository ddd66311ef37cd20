#include "OutboxTable.h"

#include "SqlConnection.h"

#include "protocol/JsonText.h"

#include <QJsonDocument>

namespace ddalab {

using namespace Qt::StringLiterals;

bool OutboxTable::appendAll(const QList<Row> &rows)
{
    if (rows.isEmpty() || m_connection.replicaId().isEmpty())
        return true;
    QByteArray json;
    json += '[';
    for (const Row &row : rows) {
        if (json.size() > 1)
            json += ',';
        protocol::JsonTextObject object(json);
        object.field("kind", row.kind);
        object.field("payload", row.payload);
    }
    json += ']';
    SqlStatement insert = m_connection.prepare(u"insert_outbox_batch"_s);
    insert.bind(u":replica_id"_s, m_connection.replicaId());
    insert.bind(u":rows"_s, QString::fromUtf8(json));
    return insert.exec();
}

std::optional<QList<OutboxEvent>> OutboxTable::readAfter(qint64 after)
{
    SqlStatement select = m_connection.prepare(u"select_outbox_after"_s);
    select.bind(u":after"_s, after);
    if (!select.exec())
        return std::nullopt;
    QList<OutboxEvent> events;
    while (select.next()) {
        events.append(OutboxEvent{
            select.value(0).toLongLong(), select.value(1).toString(), select.value(2).toString(),
            QJsonDocument::fromJson(select.value(3).toString().toUtf8()).object(),
            select.value(4).toLongLong()});
    }
    return events;
}

std::optional<qint64> OutboxTable::head()
{
    SqlStatement select = m_connection.prepare(u"select_outbox_head"_s);
    if (!select.exec() || !select.next())
        return std::nullopt;
    return select.value(0).toLongLong();
}

bool OutboxTable::deleteOld()
{
    return m_connection.prepare(u"delete_old_outbox"_s).exec();
}

} // namespace ddalab
