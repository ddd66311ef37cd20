#pragma once

#include "protocol/MonitorMessages.h"

#include <QAbstractTableModel>
#include <QList>

namespace ddalab::monitor {

// The broker's live login sessions as its last session_list gave them, oldest first: user,
// created, expires, client address, endpoint and WebSocket connections. KeyRole is the session
// id (never a token: the broker has none to give).
class SessionsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { User, Created, Expires, ClientAddress, Endpoint, Connections, ColumnCount };

    explicit SessionsModel(QObject *parent = nullptr);

    void reset(const QList<protocol::SessionEntry> &sessions);
    void clear() { reset({}); }

    // The row of sessionId, or -1.
    int rowOf(const QString &sessionId) const;
    const protocol::SessionEntry &sessionAt(int row) const { return m_sessions.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant displayValue(const protocol::SessionEntry &entry, int column) const;

    QList<protocol::SessionEntry> m_sessions;
};

} // namespace ddalab::monitor
