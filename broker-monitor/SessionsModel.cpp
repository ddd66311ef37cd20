#include "SessionsModel.h"

#include "DisplayText.h"
#include "MonitorRoles.h"

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

SessionsModel::SessionsModel(QObject *parent) : QAbstractTableModel(parent) {}

void SessionsModel::reset(const QList<protocol::SessionEntry> &sessions)
{
    beginResetModel();
    m_sessions = sessions;
    endResetModel();
}

int SessionsModel::rowOf(const QString &sessionId) const
{
    for (int row = 0; row < m_sessions.size(); ++row) {
        if (m_sessions.at(row).session.sessionId == sessionId)
            return row;
    }
    return -1;
}

int SessionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sessions.size());
}

int SessionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_sessions.size())
        return {};
    const protocol::SessionEntry &entry = m_sessions.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(entry, index.column());
    case SortRole:
        if (index.column() == Created)
            return entry.session.createdAt;
        if (index.column() == Expires)
            return entry.session.expiresAt;
        if (index.column() == Connections)
            return entry.connections;
        return displayValue(entry, index.column());
    case KeyRole:
        return entry.session.sessionId;
    default:
        return {};
    }
}

QVariant SessionsModel::displayValue(const protocol::SessionEntry &entry, int column) const
{
    const LoginSession &session = entry.session;
    switch (column) {
    case User:
        return session.userId;
    case Created:
        return display_text::time(session.createdAt);
    case Expires:
        return display_text::time(session.expiresAt);
    case ClientAddress:
        return session.clientAddress;
    case Endpoint:
        return session.endpoint;
    case Connections:
        return entry.connections;
    default:
        return {};
    }
}

QVariant SessionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const kHeaders[] = {"User",           "Created",  "Expires",
                                           "Client address", "Endpoint", "Connections"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(kHeaders[section])
                                                 : QVariant();
}

} // namespace ddalab::monitor
