#include "ReplicasTable.h"

#include "OutboxTable.h"
#include "SqlConnection.h"

#include "protocol/JsonText.h"

#include <QJsonDocument>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

QDateTime fromMs(const QVariant &value)
{
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

} // namespace

std::optional<qint64> ReplicasTable::start(const QString &address, std::chrono::seconds lease)
{
    SqlStatement insert = m_connection.prepare(u"start_replica"_s);
    insert.bind(u":replica_id"_s, m_connection.replicaId());
    insert.bind(u":address"_s, address);
    insert.bind(u":lease_seconds"_s, double(lease.count()));
    if (!insert.exec() || !insert.next())
        return std::nullopt;
    return insert.value(0).toLongLong();
}

std::optional<bool> ReplicasTable::renew(qint64 number, const QString &address,
                                         std::chrono::seconds lease, const QJsonObject &stats)
{
    SqlStatement update = m_connection.prepare(u"renew_replica_lease"_s);
    update.bind(u":replica_id"_s, m_connection.replicaId());
    update.bind(u":replica_number"_s, number);
    update.bind(u":address"_s, address);
    update.bind(u":lease_seconds"_s, double(lease.count()));
    update.bind(u":stats"_s,
                QString::fromUtf8(QJsonDocument(stats).toJson(QJsonDocument::Compact)));
    if (!update.exec() || !update.next())
        return std::nullopt;
    return update.value(0).toBool();
}

bool ReplicasTable::end()
{
    SqlStatement update = m_connection.prepare(u"end_replica_lease"_s);
    update.bind(u":replica_id"_s, m_connection.replicaId());
    if (!update.exec())
        return false;
    SqlStatement presence = m_connection.prepare(u"delete_replica_presence"_s);
    presence.bind(u":replica_id"_s, m_connection.replicaId());
    return presence.exec();
}

std::optional<ReplicaSnapshot> ReplicasTable::all()
{
    SqlStatement select = m_connection.prepare(u"select_replicas"_s);
    if (!select.exec())
        return std::nullopt;
    ReplicaSnapshot snapshot;
    while (select.next()) {
        snapshot.databaseNow = fromMs(select.value(6));
        snapshot.replicas.append(ReplicaRow{
            select.value(0).toString(), select.value(1).toLongLong(), select.value(2).toString(),
            fromMs(select.value(3)), fromMs(select.value(4)), fromMs(select.value(5)),
            QJsonDocument::fromJson(select.value(7).toString().toUtf8()).object()});
    }
    return snapshot;
}

bool ReplicasTable::cleanUpIfFirst()
{
    SqlStatement lock = m_connection.prepare(u"try_replica_cleanup_lock"_s);
    if (!lock.exec() || !lock.next())
        return false;
    if (!lock.value(0).toBool())
        return true;
    return m_connection.prepare(u"delete_dead_presence"_s).exec() &&
           m_connection.prepare(u"delete_old_replicas"_s).exec() &&
           OutboxTable(m_connection).deleteOld();
}

} // namespace ddalab
