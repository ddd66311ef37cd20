#include "OnlineUsersModel.h"

#include "DisplayText.h"
#include "MonitorRoles.h"

#include <algorithm>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;
using protocol::ConnectionInfo;
using protocol::OnlineUser;

namespace {

// The device whose endpoint peers download from: the one that heartbeated last.
const ConnectionInfo &liveConnection(const OnlineUser &user)
{
    return *std::max_element(user.connections.cbegin(), user.connections.cend(),
                             [](const ConnectionInfo &a, const ConnectionInfo &b) {
                                 return a.lastHeartbeat < b.lastHeartbeat;
                             });
}

QDateTime onlineSince(const OnlineUser &user)
{
    QDateTime earliest;
    for (const ConnectionInfo &connection : user.connections) {
        if (!earliest.isValid() || connection.connectedAt < earliest)
            earliest = connection.connectedAt;
    }
    return earliest;
}

} // namespace

OnlineUsersModel::OnlineUsersModel(QObject *parent) : QAbstractTableModel(parent) {}

void OnlineUsersModel::reset(const QList<OnlineUser> &users)
{
    beginResetModel();
    m_users.clear();
    m_rows.clear();
    for (const OnlineUser &user : users) {
        if (user.connections.isEmpty())
            continue;
        m_rows.insert(user.userId, int(m_users.size()));
        m_users.append(user);
    }
    endResetModel();
}

void OnlineUsersModel::connectionOnline(const protocol::UserOnline &event)
{
    const int row = rowOf(event.userId);
    if (row < 0) {
        const int last = int(m_users.size());
        beginInsertRows({}, last, last);
        m_rows.insert(event.userId, last);
        m_users.append(OnlineUser{event.userId, {event.connection}});
        endInsertRows();
        return;
    }
    // A connection registering again (a new endpoint) replaces its old entry.
    QList<ConnectionInfo> &connections = m_users[row].connections;
    const auto same = [&](const ConnectionInfo &c) {
        return c.connectionId == event.connection.connectionId;
    };
    const auto existing = std::find_if(connections.begin(), connections.end(), same);
    if (existing != connections.end())
        *existing = event.connection;
    else
        connections.append(event.connection);
    rowChanged(row);
}

void OnlineUsersModel::connectionOffline(const protocol::UserOffline &event)
{
    const int row = rowOf(event.userId);
    if (row < 0)
        return;
    m_users[row].connections.removeIf(
        [&](const ConnectionInfo &c) { return c.connectionId == event.connectionId; });
    if (m_users[row].connections.isEmpty())
        removeRow(row);
    else
        rowChanged(row);
}

void OnlineUsersModel::heartbeat(const protocol::UserHeartbeat &event)
{
    const int row = rowOf(event.userId);
    if (row < 0)
        return;
    for (ConnectionInfo &connection : m_users[row].connections) {
        if (connection.connectionId == event.connectionId) {
            connection.lastHeartbeat = event.at;
            rowChanged(row);
            return;
        }
    }
}

void OnlineUsersModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    m_rows.remove(m_users[row].userId);
    m_users.removeAt(row);
    // Rows after it moved up by one.
    for (int i = row; i < m_users.size(); ++i)
        m_rows[m_users[i].userId] = i;
    endRemoveRows();
}

void OnlineUsersModel::rowChanged(int row)
{
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int OnlineUsersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

int OnlineUsersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OnlineUsersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_users.size())
        return {};
    const OnlineUser &user = m_users.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(user, index.column());
    case SortRole:
        return sortValue(user, index.column());
    case KeyRole:
        return user.userId;
    case Qt::ToolTipRole: {
        QStringList lines;
        for (const ConnectionInfo &connection : user.connections)
            lines.append(u"%1 — %2since %3, last heartbeat %4"_s.arg(
                connection.endpoint,
                connection.replica.isEmpty() ? QString()
                                             : u"on replica %1, "_s.arg(connection.replica),
                display_text::time(connection.connectedAt),
                display_text::time(connection.lastHeartbeat)));
        return lines.join(u'\n');
    }
    case Qt::TextAlignmentRole:
        return index.column() == Devices ? QVariant(Qt::AlignCenter) : QVariant();
    default:
        return {};
    }
}

QVariant OnlineUsersModel::displayValue(const OnlineUser &user, int column) const
{
    switch (column) {
    case User:
        return user.userId;
    case Devices:
        return int(user.connections.size());
    case Endpoint:
        return liveConnection(user).endpoint;
    case Replica:
        return liveConnection(user).replica;
    case OnlineSince:
        return display_text::time(onlineSince(user));
    case LastHeartbeat:
        return display_text::time(liveConnection(user).lastHeartbeat);
    default:
        return {};
    }
}

QVariant OnlineUsersModel::sortValue(const OnlineUser &user, int column) const
{
    switch (column) {
    case OnlineSince:
        return onlineSince(user);
    case LastHeartbeat:
        return liveConnection(user).lastHeartbeat;
    default:
        return displayValue(user, column);
    }
}

QVariant OnlineUsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const kHeaders[] = {"User",    "Devices",      "Endpoint",
                                           "Replica", "Online since", "Last heartbeat"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(kHeaders[section])
                                                 : QVariant();
}

} // namespace ddalab::monitor
