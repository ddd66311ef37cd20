#pragma once

#include "protocol/MonitorMessages.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace ddalab::monitor {

// The broker's replicas (daemons sharing one PostgreSQL) as the snapshot and the `replicas`
// pushes give them: address (the one this monitor is connected to marked "(this one)"), live or
// dead, last lease renewal relative to now, registered connections, users online, start time.
// Dead rows are grey and say why in their tooltip. KeyRole is the replica id. Empty on SQLite.
class ReplicasModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Address, State, LastSeen, Connections, UsersOnline, Started, ColumnCount };

    explicit ReplicasModel(QObject *parent = nullptr);

    // Replaces the list; when it holds the same replicas in the same order the rows are updated
    // in place (a view keeps its selection through the broker's frequent pushes).
    void reset(const QList<protocol::ReplicaInfo> &replicas,
               const QDateTime &now = QDateTime::currentDateTimeUtc());
    void clear() { reset({}); }
    // The clock moved on: "last seen" is relative to now. Called once a second by the window.
    void tick(const QDateTime &now = QDateTime::currentDateTimeUtc());

    const protocol::ReplicaInfo &replicaAt(int row) const { return m_replicas.at(row); }
    // The row of replicaId, or -1.
    int rowOf(const QString &replicaId) const;
    int liveCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    // The rows or any of their values changed (not on a mere tick).
    void replicasChanged();

private:
    QVariant displayValue(const protocol::ReplicaInfo &replica, int column) const;
    QVariant sortValue(const protocol::ReplicaInfo &replica, int column) const;
    QString toolTip(const protocol::ReplicaInfo &replica) const;

    QList<protocol::ReplicaInfo> m_replicas;
    QDateTime m_now;
};

} // namespace ddalab::monitor
