#include "ReplicasModel.h"

#include "DisplayText.h"
#include "MonitorRoles.h"

#include <QColor>
#include <QFont>

#include <algorithm>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;
using protocol::ReplicaInfo;

namespace {

bool sameReplicas(const QList<ReplicaInfo> &a, const QList<ReplicaInfo> &b)
{
    return std::equal(
        a.cbegin(), a.cend(), b.cbegin(), b.cend(),
        [](const ReplicaInfo &x, const ReplicaInfo &y) { return x.replicaId == y.replicaId; });
}

} // namespace

ReplicasModel::ReplicasModel(QObject *parent)
    : QAbstractTableModel(parent), m_now(QDateTime::currentDateTimeUtc())
{
}

void ReplicasModel::reset(const QList<ReplicaInfo> &replicas, const QDateTime &now)
{
    m_now = now;
    if (!m_replicas.isEmpty() && sameReplicas(m_replicas, replicas)) {
        for (int row = 0; row < replicas.size(); ++row) {
            m_replicas[row] = replicas.at(row);
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    } else {
        beginResetModel();
        m_replicas = replicas;
        endResetModel();
    }
    emit replicasChanged();
}

void ReplicasModel::tick(const QDateTime &now)
{
    m_now = now;
    if (!m_replicas.isEmpty())
        emit dataChanged(index(0, LastSeen), index(rowCount() - 1, LastSeen),
                         {Qt::DisplayRole, Qt::ToolTipRole});
}

int ReplicasModel::rowOf(const QString &replicaId) const
{
    for (int row = 0; row < m_replicas.size(); ++row) {
        if (m_replicas.at(row).replicaId == replicaId)
            return row;
    }
    return -1;
}

int ReplicasModel::liveCount() const
{
    return int(std::count_if(m_replicas.cbegin(), m_replicas.cend(),
                             [](const ReplicaInfo &replica) { return replica.live; }));
}

int ReplicasModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_replicas.size());
}

int ReplicasModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReplicasModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_replicas.size())
        return {};
    const ReplicaInfo &replica = m_replicas.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(replica, index.column());
    case SortRole:
        return sortValue(replica, index.column());
    case KeyRole:
        return replica.replicaId;
    case Qt::ToolTipRole:
        return toolTip(replica);
    case Qt::ForegroundRole:
        // Dead replicas stay listed for an hour; grey keeps them from reading as working ones.
        return replica.live ? QVariant() : QVariant(QColor(Qt::gray));
    case Qt::FontRole:
        if (replica.self) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == Connections || index.column() == UsersOnline
                   ? QVariant(Qt::AlignCenter)
                   : QVariant();
    default:
        return {};
    }
}

QVariant ReplicasModel::displayValue(const ReplicaInfo &replica, int column) const
{
    switch (column) {
    case Address:
        return replica.self ? u"%1 (this one)"_s.arg(replica.address) : replica.address;
    case State:
        return replica.live ? u"live"_s : u"dead"_s;
    case LastSeen:
        return display_text::ago(replica.lastSeen, m_now);
    case Connections:
        return replica.connections;
    case UsersOnline:
        return replica.usersOnline;
    case Started:
        return display_text::time(replica.startedAt);
    default:
        return {};
    }
}

QVariant ReplicasModel::sortValue(const ReplicaInfo &replica, int column) const
{
    switch (column) {
    case Address:
        return replica.address;
    case State:
        // Live ones first, each group by address.
        return (replica.live ? u"0 "_s : u"1 "_s) + replica.address;
    case LastSeen:
        return replica.lastSeen;
    case Started:
        return replica.startedAt;
    default:
        return displayValue(replica, column);
    }
}

QString ReplicasModel::toolTip(const ReplicaInfo &replica) const
{
    QStringList lines;
    if (replica.live)
        lines.append(u"Live: renewed its lease %1, held until %2."_s.arg(
            display_text::ago(replica.lastSeen, m_now), display_text::time(replica.leaseUntil)));
    else
        lines.append(u"Dead: its lease ran out at %1 (last renewed %2). It crashed, was stopped "
                     "or lost the database; its connections went offline (replica lost)."_s.arg(
                         display_text::time(replica.leaseUntil),
                         display_text::ago(replica.lastSeen, m_now)));
    if (replica.self)
        lines.append(u"This monitor is connected to it."_s);
    lines.append(u"Replica id %1, started %2."_s.arg(replica.replicaId,
                                                     display_text::time(replica.startedAt)));
    return lines.join(u'\n');
}

QVariant ReplicasModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const kHeaders[] = {"Replica",     "State",        "Last seen",
                                           "Connections", "Users online", "Started"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(kHeaders[section])
                                                 : QVariant();
}

} // namespace ddalab::monitor
