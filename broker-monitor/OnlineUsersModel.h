#pragma once

#include "protocol/MonitorMessages.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace ddalab::monitor {

// Who is online, a row per user: its devices (connections), the endpoint of the device that
// heartbeated last and the replica that holds that device's connection, since when the user is
// online and its last heartbeat; the tooltip lists every device with its replica. Fed with the
// monitor snapshot and then with the presence events.
class OnlineUsersModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { User, Devices, Endpoint, Replica, OnlineSince, LastHeartbeat, ColumnCount };

    explicit OnlineUsersModel(QObject *parent = nullptr);

    // Replaces everything with the snapshot's users.
    void reset(const QList<protocol::OnlineUser> &users);
    void clear() { reset({}); }
    void connectionOnline(const protocol::UserOnline &event);
    void connectionOffline(const protocol::UserOffline &event);
    void heartbeat(const protocol::UserHeartbeat &event);

    // The user's row, or -1.
    int rowOf(const QString &userId) const { return m_rows.value(userId, -1); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant displayValue(const protocol::OnlineUser &user, int column) const;
    QVariant sortValue(const protocol::OnlineUser &user, int column) const;
    void removeRow(int row);
    void rowChanged(int row);

    QList<protocol::OnlineUser> m_users;
    QHash<QString, int> m_rows; // user id → row
};

} // namespace ddalab::monitor
